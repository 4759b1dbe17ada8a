import { BoundedMap } from "../bounded-map.ts";
import type { Clock } from "../clock.ts";
import type { BoardDirectory, Membership } from "../boards/board-directory.ts";
import { ForbiddenError } from "../boards/errors.ts";
import { LiveNotFoundError } from "./errors.ts";
import type { ConversationService } from "../conversations/conversation.service.ts";
import type { ConversationRecord } from "../domain/conversation.ts";
import type { LiveActivity } from "../domain/live.ts";
import type { Messenger, TeamMember } from "../messaging/messenger.ts";

/** Who is asking: a verified Teams SSO token (with its tenant), or local mode's dev user (no tenant: one machine). */
export interface LiveViewer {
  aadObjectId: string;
  tenantId?: string;
  name?: string;
}

/** A person in a meeting, as an activity of one board sees them. */
export interface Participant {
  aadObjectId: string;
  /** Teams user ID (29:…). */
  id: string;
  name: string;
  /** Not on the board's team. */
  guest: boolean;
  /** An officer of the activity's board: may share it to the stage and end it. */
  canManage: boolean;
}

/** How long a meeting's roster is trusted; someone who isn't in it is looked up again after `missRefreshMs`. */
const ROSTER_TTL_MS = 5 * 60_000;
const MISS_REFRESH_MS = 10_000;
/** How long one person's standing in one activity is trusted (polling the results shouldn't re-check every second). */
const STANDING_TTL_MS = 30_000;

/**
 * The trust rules for live activities. A meeting is a chat the bot was added to; its participants
 * are the chat's members as Teams lists them. A person takes part in an activity only if they are
 * in its meeting, and either on its board's team or a guest the officer let in. Everything is
 * looked up in the activity's own tenant; local mode's dev user has no tenant, so the stored chat's is used.
 */
export class MeetingAccess {
  private readonly rosters = new BoundedMap<string, { members: Map<string, TeamMember>; at: number }>(500);
  private readonly standing = new BoundedMap<string, { participant: Participant; at: number }>(5000);
  private readonly chats = new BoundedMap<string, { chat: ConversationRecord; at: number }>(500);

  constructor(
    private readonly deps: {
      conversations: Pick<ConversationService, "find" | "findChatAnyTenant">;
      messenger: Pick<Messenger, "listChatMembers">;
      directory: Pick<BoardDirectory, "membership" | "membershipsOf">;
      clock: Clock;
    },
  ) {}

  /** The meeting chat the viewer names, in their tenant (any, in local mode), or a refusal. */
  async chat(viewer: LiveViewer, chatId: string): Promise<ConversationRecord> {
    // Every open side panel asks every few seconds: a chat found is remembered for the roster's lifetime.
    const key = `${viewer.tenantId ?? "*"}|${chatId}`;
    const now = this.deps.clock.now().toMillis();
    const known = this.chats.get(key);
    if (known && now - known.at <= ROSTER_TTL_MS) return known.chat;
    const chat = viewer.tenantId ? await this.deps.conversations.find(viewer.tenantId, "groupChat", chatId) : await this.deps.conversations.findChatAnyTenant(chatId);
    if (!chat) throw new ForbiddenError("Sounding Board isn't in this meeting yet: add it to the meeting (Apps → Sounding Board), then open the side panel again.");
    this.chats.set(key, { chat, at: now });
    return chat;
  }

  /** The viewer as a member of this meeting's chat, or a refusal. */
  async inMeeting(chat: ConversationRecord, viewer: LiveViewer): Promise<TeamMember> {
    const aad = viewer.aadObjectId.toLowerCase();
    let roster = await this.roster(chat, false);
    if (!roster.members.has(aad) && this.deps.clock.now().toMillis() - roster.at > MISS_REFRESH_MS) roster = await this.roster(chat, true);
    const member = roster.members.get(aad);
    if (!member) throw new ForbiddenError("Only this meeting's participants can take part in its activities.");
    return member;
  }

  /** The viewer's standing in the activity: in its meeting, and on its board or an allowed guest. */
  async participant(viewer: LiveViewer, activity: LiveActivity): Promise<Participant> {
    // A token from another tenant never reaches this tenant's activities (as the dashboard's boards): not found, not "forbidden".
    if (viewer.tenantId !== undefined && viewer.tenantId !== activity.tenantId) throw new LiveNotFoundError();
    const aad = viewer.aadObjectId.toLowerCase();
    const key = `${activity.id}|${aad}|${activity.allowGuests}`;
    const now = this.deps.clock.now().toMillis();
    const cached = this.standing.get(key);
    if (cached && now - cached.at <= STANDING_TTL_MS) return cached.participant;
    const chat = await this.deps.conversations.find(activity.tenantId, "groupChat", activity.meetingChatId);
    if (!chat) throw new ForbiddenError("Sounding Board is no longer in this meeting.");
    const person = await this.inMeeting(chat, viewer);
    const membership = await this.membership(viewer, activity);
    const guest = membership === undefined;
    if (guest && !activity.allowGuests) {
      throw new ForbiddenError(`This activity is for members of ${activity.boardName}. The officer running it can let guests take part.`);
    }
    const participant: Participant = { aadObjectId: aad, id: person.id, name: guest ? "" : person.name, guest, canManage: membership?.isOfficer ?? false };
    this.standing.set(key, { participant, at: now });
    return participant;
  }

  /** The viewer's membership of the activity's board (undefined: not on it), in the activity's tenant. */
  async membership(viewer: LiveViewer, activity: Pick<LiveActivity, "tenantId" | "boardId">): Promise<Membership | undefined> {
    return this.deps.directory.membership({ aadObjectId: viewer.aadObjectId, tenantId: activity.tenantId, ...(viewer.name ? { name: viewer.name } : {}) }, activity.boardId);
  }

  /** Boards of this tenant the viewer is an officer of (the ones they may start an activity for). */
  async officerBoards(viewer: LiveViewer, tenantId: string): Promise<Array<{ id: string; name: string }>> {
    const all = await this.deps.directory.membershipsOf({ aadObjectId: viewer.aadObjectId, tenantId });
    return all.filter((m) => m.isOfficer).map((m) => ({ id: m.board.id, name: m.board.name }));
  }

  private async roster(chat: ConversationRecord, fresh: boolean): Promise<{ members: Map<string, TeamMember>; at: number }> {
    const now = this.deps.clock.now().toMillis();
    const cached = this.rosters.get(chat.key);
    if (!fresh && cached && now - cached.at <= ROSTER_TTL_MS) return cached;
    const list = await this.deps.messenger.listChatMembers(chat.reference);
    const entry = { members: new Map(list.filter((m) => m.aadObjectId !== "").map((m) => [m.aadObjectId.toLowerCase(), m])), at: now };
    this.rosters.set(chat.key, entry);
    return entry;
  }
}
