import type { RunningApp } from "../../bot/app.ts";
import { MEETING, meetingInstall, meetingInvoke, USERS, type TestMeeting, type TestUser } from "./activities.ts";
import { postActivity, type PostResult } from "./app.ts";
import type { FakeConnector } from "./fake-connector.ts";

/**
 * A Teams meeting for live-workshop tests: its chat's roster on the fake connector (guests marked as
 * Teams marks them), and the bot added to it, so the bot knows the chat as Teams would tell it.
 */
export async function seedMeeting(app: RunningApp, connector: FakeConnector, o: { participants: TestUser[]; guests?: TestUser[]; meeting?: TestMeeting; installer?: TestUser }): Promise<TestMeeting> {
  const meeting = o.meeting ?? MEETING;
  connector.addConversation({
    id: meeting.chatId,
    members: [
      ...o.participants.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })),
      ...(o.guests ?? []).map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name, userRole: "guest" as const })),
    ],
  });
  const res = await postActivity(app, meetingInstall({ serviceUrl: connector.url, user: o.installer ?? USERS.officer, meeting }));
  if (res.status >= 300) throw new Error(`adding the bot to the meeting answered ${res.status}`);
  await app.idle();
  return meeting;
}

/** The live API as the app's dev user sees it (local mode: the app's DEV_USER_AAD_ID). */
export async function liveApi(app: RunningApp, method: "GET" | "POST" | "PUT", path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; etag?: string }> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, ...(res.headers.get("etag") ? { etag: res.headers.get("etag")! } : {}) };
}

/** A participant's click on the meeting chat's live card (`live.save`), with the card's inputs. */
export function saveInChat(app: RunningApp, connector: FakeConnector, user: TestUser, data: Record<string, unknown>, meeting: TestMeeting = MEETING): Promise<PostResult> {
  return postActivity(app, meetingInvoke({ serviceUrl: connector.url, user, verb: "live.save", data, meeting }));
}

export const meetingPath = (meeting: TestMeeting = MEETING) => `/api/meetings/${encodeURIComponent(meeting.chatId)}/live`;
