import type { LiveActivityDto, LiveResultsDto, MeetingLiveDto, MineInput, StartLiveInput } from "../../../services/live/live.types.ts";
import { ApiError } from "../api.ts";

/**
 * The live workshop API, as the meeting pages call it: the same auth as the dashboard (the Teams SSO
 * token as Bearer, or nothing in local mode) and the same errors ({ error, message } → ApiError, whose
 * message is the server's own words: a 400 lists what was wrong, so the page shows it as it is).
 */

export interface LiveClient {
  meeting(chatId: string): Promise<MeetingLiveDto>;
  start(chatId: string, input: StartLiveInput): Promise<LiveActivityDto>;
  activity(activityId: string): Promise<LiveActivityDto>;
  saveMine(activityId: string, input: MineInput): Promise<LiveActivityDto>;
  end(activityId: string): Promise<LiveActivityDto>;
  /** The aggregates; with the ETag of the last answer, `undefined` when nothing changed (304). */
  results(path: string, etag?: string): Promise<{ dto: LiveResultsDto; etag?: string } | undefined>;
}

export const livePaths = {
  meeting: (chatId: string) => `/api/meetings/${encodeURIComponent(chatId)}/live`,
  activity: (id: string) => `/api/live/${encodeURIComponent(id)}`,
  mine: (id: string) => `/api/live/${encodeURIComponent(id)}/mine`,
  results: (id: string) => `/api/live/${encodeURIComponent(id)}/results`,
  end: (id: string) => `/api/live/${encodeURIComponent(id)}/end`,
};

const UNREACHABLE = "Couldn't reach Sounding Board. Check your connection and try again.";

export function createLiveClient(token?: () => Promise<string>): LiveClient {
  async function call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json", ...extra };
    if (token) headers.Authorization = `Bearer ${await token()}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      // no-store: every answer is per-person and live; an If-None-Match we set ourselves still reaches the server, and its 304 reaches us.
      return await fetch(path, { method, headers, credentials: "same-origin", cache: "no-store", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch {
      throw new ApiError(0, UNREACHABLE);
    }
  }

  async function json<T>(res: Response): Promise<T> {
    const body = (await res.json().catch(() => undefined)) as unknown;
    if (!res.ok) {
      const message = (body as { message?: unknown } | undefined)?.message;
      throw new ApiError(res.status, typeof message === "string" && message !== "" ? message : `The server answered ${res.status}.`);
    }
    if (body === undefined) throw new ApiError(res.status, "The server's answer wasn't readable.");
    return body as T;
  }

  return {
    meeting: async (chatId) => json<MeetingLiveDto>(await call("GET", livePaths.meeting(chatId))),
    start: async (chatId, input) => json<LiveActivityDto>(await call("POST", livePaths.meeting(chatId), input)),
    activity: async (id) => json<LiveActivityDto>(await call("GET", livePaths.activity(id))),
    saveMine: async (id, input) => json<LiveActivityDto>(await call("PUT", livePaths.mine(id), input)),
    end: async (id) => json<LiveActivityDto>(await call("POST", livePaths.end(id), {})),
    async results(path, etag) {
      const res = await call("GET", path, undefined, etag ? { "If-None-Match": etag } : {});
      if (res.status === 304) return undefined;
      const dto = await json<LiveResultsDto>(res);
      const next = res.headers.get("ETag");
      return { dto, ...(next ? { etag: next } : {}) };
    },
  };
}
