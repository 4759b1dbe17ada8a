import { createHash, randomBytes } from "node:crypto";
import { ForbiddenError } from "../boards/errors.ts";
import { BoundedMap } from "../bounded-map.ts";
import { BoardDirectory } from "../boards/board-directory.ts";
import { toUtcIso, type Clock } from "../clock.ts";
import type { ConversationRecord } from "../domain/conversation.ts";
import type { LiveActivity } from "../domain/live.ts";
import type { Round } from "../domain/round.ts";
import { RoundClosedError } from "../rounds/errors.ts";
import { AlreadyExistsError, ConcurrencyError } from "../storage/errors.ts";
import type { DeliveriesRepository } from "../storage/deliveries.repository.ts";
import type { LiveRepository } from "../storage/live.repository.ts";
import type { ResponsesRepository } from "../storage/responses.repository.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
import type { Versioned } from "../storage/table-ops.ts";
import { LiveBusyError, LiveNotFoundError } from "./errors.ts";
import { activityDto } from "./live.dto.ts";
import { liveResults } from "./live.results.ts";
import { liveRoundId, workshopRound } from "./live.round.ts";
import { checkContribution, checkStart, type Change } from "./live.rules.ts";
import type { LiveActivityDto, LiveResultsDto, MeetingLiveDto, StartLiveInput } from "./live.types.ts";
import type { LiveViewer, MeetingAccess } from "./meeting-access.ts";

/** Things that happen to an activity that the composition root wires to Teams (the meeting chat's card, the summary). */
export interface LiveEvents {
  started(activity: LiveActivity, chat: ConversationRecord): void;
  ended(activity: LiveActivity, round: Round): void;
}

/** An activity still open this long after it started is ended by the scheduler (a workshop is a meeting, not a week). */
export const LIVE_MAX_HOURS = 12;
/** How often the scheduler's sweep of live activities runs (it reads every activity row). */
const SWEEP_EVERY_MINUTES = 5;

/** How stale a computed result may be before it is worked out again (a change on this instance always is). */
const RESULTS_MAX_AGE_MS = 500;

export interface LiveServiceDeps {
  live: LiveRepository;
  rounds: RoundsRepository;
  deliveries: DeliveriesRepository;
  responses: ResponsesRepository;
  access: MeetingAccess;
  clock: Clock;
  timeZone: string;
  events: LiveEvents;
  /** Monotonic milliseconds, for the results cache only (never for what a person reads). */
  monotonic?: () => number;
}

/**
 * Live workshop activities in a Teams meeting: start (an officer of the board, in the meeting),
 * take part (the meeting's participants on the board, and guests if allowed), results (aggregates
 * only) and end (the results become a round of the board). Every call resolves the one activity,
 * its meeting and its board, and checks the caller against them (MeetingAccess).
 */
export class LiveService {
  private readonly cache = new BoundedMap<string, { at: number; result: Promise<{ activity: LiveActivity; dto: LiveResultsDto; etag: string }> }>(1000);
  private readonly meetings = new BoundedMap<string, { at: number; list: Promise<LiveActivity[]> }>(500);
  private readonly monotonic: () => number;
  private lastSweep: number | undefined;

  constructor(private readonly deps: LiveServiceDeps) {
    this.monotonic = deps.monotonic ?? (() => performance.now());
  }

  /** The meeting's activities the viewer may take part in, and the boards they may start one for. */
  async meeting(viewer: LiveViewer, chatId: string): Promise<MeetingLiveDto> {
    const chat = await this.deps.access.chat(viewer, chatId);
    await this.deps.access.inMeeting(chat, viewer);
    const all = (await this.listMeeting(chat.key)).filter((a) => a.tenantId === chat.tenantId);
    const activities: LiveActivityDto[] = [];
    for (const a of all.sort((x, y) => (x.status === y.status ? y.startedAt.localeCompare(x.startedAt) : x.status === "open" ? -1 : 1))) {
      // Activities the viewer may not take part in (another board's, guests not let in) are left out; a storage failure is not.
      const you = await this.deps.access.participant(viewer, a).catch((err: unknown) => {
        if (err instanceof ForbiddenError) return undefined;
        throw err;
      });
      if (you) activities.push(activityDto(a, await this.deps.live.getEntry(a.id, you.aadObjectId), you, this.deps.timeZone));
    }
    return { chatId: chat.key, canStart: await this.startable(viewer, chat), activities };
  }

  async start(viewer: LiveViewer, chatId: string, input: StartLiveInput): Promise<LiveActivityDto> {
    const chat = await this.deps.access.chat(viewer, chatId);
    const person = await this.deps.access.inMeeting(chat, viewer);
    const grant = BoardDirectory.officerGrant(await this.deps.access.membership(viewer, { tenantId: chat.tenantId, boardId: input.boardId }), "start a live activity for this board");
    const fields = checkStart(input);
    const now = this.deps.clock.now();
    const at = toUtcIso(now);
    const id = `l${now.toFormat("yyyyMMdd")}-${randomBytes(4).toString("hex")}`;
    const busy = await this.deps.live.claimMeeting(chat.key, id, at);
    if (busy) throw new LiveBusyError((await this.deps.live.get(busy))?.value.title);
    const activity: LiveActivity = {
      id,
      tenantId: chat.tenantId,
      boardId: grant.board.id,
      boardName: grant.board.name,
      meetingChatId: chat.key,
      ...fields,
      status: "open",
      startedBy: grant.actor.aadObjectId,
      startedByName: person.name || viewer.name || "",
      startedAt: at,
      updatedAt: at,
    };
    await this.deps.live.create(activity);
    this.meetings.delete(chat.key);
    this.deps.events.started(activity, chat);
    return activityDto(activity, undefined, { canManage: true, guest: false }, this.deps.timeZone);
  }

  async view(viewer: LiveViewer, activityId: string): Promise<LiveActivityDto> {
    const activity = await this.activity(activityId);
    const you = await this.deps.access.participant(viewer, activity);
    return activityDto(activity, await this.deps.live.getEntry(activity.id, you.aadObjectId), you, this.deps.timeZone);
  }

  /**
   * Place or move stickers, answer, or replace one's cards. Acknowledged only when it is stored
   * while the activity is still open: the end reads contributions after it closes the activity, so
   * every save acknowledged here is in the round.
   */
  async saveMine(viewer: LiveViewer, activityId: string, input: Change): Promise<LiveActivityDto> {
    const activity = await this.activity(activityId);
    const you = await this.deps.access.participant(viewer, activity);
    if (activity.status !== "open") throw new RoundClosedError(`“${activity.title}” has ended, so nothing more can be added.`);
    const had = await this.deps.live.getEntry(activity.id, you.aadObjectId);
    const next = checkContribution(activity, input, had ?? { stickers: {}, answer: "", posts: [] });
    const entry = { activityId: activity.id, participantAadObjectId: you.aadObjectId, participantId: you.id, guest: you.guest, name: you.name, ...next, savedAt: toUtcIso(this.deps.clock.now()) };
    await this.deps.live.saveEntry(entry);
    this.cache.delete(activity.id);
    const after = await this.activity(activityId);
    if (after.status !== "open") throw new RoundClosedError(`“${activity.title}” ended as you saved: your last change may not be in its results.`);
    return activityDto(after, entry, you, this.deps.timeZone);
  }

  /**
   * The aggregates and their ETag (a hash of what they say, so an unchanged result is a 304). A
   * result is worked out at most every RESULTS_MAX_AGE_MS per instance, however many pages poll,
   * and a poll within that window costs no storage call (the activity comes with the result).
   */
  async results(viewer: LiveViewer, activityId: string): Promise<{ dto: LiveResultsDto; etag: string }> {
    let cached = this.cache.get(activityId);
    if (!cached || this.monotonic() - cached.at > RESULTS_MAX_AGE_MS) {
      const result = (async () => {
        const current = await this.activity(activityId);
        const dto = liveResults(current, await this.deps.live.listEntries(activityId), this.deps.clock.now(), this.deps.timeZone);
        const { updatedText: _updated, ...said } = dto;
        return { activity: current, dto, etag: `"${createHash("sha256").update(JSON.stringify(said)).digest("base64url").slice(0, 27)}"` };
      })();
      cached = { at: this.monotonic(), result };
      this.cache.set(activityId, cached);
      result.catch(() => this.cache.delete(activityId));
    }
    const { activity, dto, etag } = await cached.result;
    // Who may see it is checked on every call, against the activity the result was worked out from.
    await this.deps.access.participant(viewer, activity);
    return { dto, etag };
  }

  /**
   * The officer ends it: closed first (so no more saves are acknowledged), then the round is written
   * from what is stored — round, ledger, answers — and only then is "ended" said. Ending again (a
   * retry, or after a crash part-way) finishes the same round.
   */
  async end(viewer: LiveViewer, activityId: string): Promise<LiveActivityDto> {
    const current = await this.deps.live.get(activityId);
    if (!current || (viewer.tenantId !== undefined && viewer.tenantId !== current.value.tenantId)) throw new LiveNotFoundError();
    const grant = BoardDirectory.officerGrant(await this.deps.access.membership(viewer, current.value), "end this live activity");
    const activity = await this.close(current);
    return activityDto(activity, await this.deps.live.getEntry(activity.id, grant.actor.aadObjectId), { canManage: true, guest: false }, this.deps.timeZone);
  }

  /**
   * The scheduler's sweep: an activity still open LIVE_MAX_HOURS after it started (the meeting is
   * long over; its officer never pressed End) is ended, so what people put in becomes the board's
   * round rather than being stranded; and an end a crash cut short (ended, no round yet, 5 minutes
   * to 3 days ago) is finished. Returns how many it ended or finished.
   */
  async endAbandoned(): Promise<number> {
    const now = this.deps.clock.now();
    // A cross-partition query: at most every SWEEP_EVERY_MINUTES, however often the scheduler ticks.
    if (this.lastSweep !== undefined && now.toMillis() - this.lastSweep < SWEEP_EVERY_MINUTES * 60_000) return 0;
    this.lastSweep = now.toMillis();
    const candidates = await this.deps.live.listForSweep(toUtcIso(now.minus({ hours: LIVE_MAX_HOURS })), toUtcIso(now.minus({ days: 3 })), toUtcIso(now.minus({ minutes: 5 })));
    let done = 0;
    for (const a of candidates) {
      if (a.value.status === "ended" && (await this.deps.rounds.get(a.value.boardId, liveRoundId(a.value)))) continue;
      await this.close(a);
      done += 1;
    }
    return done;
  }

  /**
   * Closed first (so no more saves are acknowledged), then the round is written from what is stored —
   * ledger, answers, the round last — and only then is it reported ended. Closing again (a retry, or
   * after a crash part-way) finishes the same round.
   */
  private async close(start: Versioned<LiveActivity>): Promise<LiveActivity> {
    let current: Versioned<LiveActivity> | undefined = start;
    const endedAt = toUtcIso(this.deps.clock.now());
    while (current.value.status === "open") {
      try {
        current = await this.deps.live.update({ ...current.value, status: "ended", endedAt, roundId: liveRoundId(current.value), updatedAt: endedAt }, current.etag);
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
        current = await this.deps.live.get(start.value.id);
        if (!current) throw new LiveNotFoundError();
      }
    }
    const activity = current.value;
    this.meetings.delete(activity.meetingChatId);
    const { round, deliveries, responses } = workshopRound(activity, await this.deps.live.listEntries(activity.id), activity.endedAt ?? endedAt);
    if (await this.deps.rounds.get(round.boardId, round.id)) return activity;
    await this.deps.deliveries.ensureQueued(round.id, deliveries);
    for (const r of responses) {
      try {
        await this.deps.responses.save(r, undefined);
      } catch (err) {
        if (!(err instanceof AlreadyExistsError)) throw err;
      }
    }
    // The round last: once it exists, it is whole.
    try {
      await this.deps.rounds.create(round);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
      return activity;
    }
    this.cache.delete(activity.id);
    this.deps.events.ended(activity, round);
    return activity;
  }

  /** Remember the card posted in the meeting chat, so it can be updated when the activity ends. */
  async rememberChatCard(activityId: string, cardActivityId: string): Promise<void> {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const current = await this.deps.live.get(activityId);
      if (!current) return;
      try {
        await this.deps.live.update({ ...current.value, chatCardActivityId: cardActivityId }, current.etag);
        return;
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
  }

  async get(activityId: string): Promise<LiveActivity> {
    return this.activity(activityId);
  }

  /**
   * A meeting's activities, as the side panels ask for them every few seconds: read at most once per
   * RESULTS_MAX_AGE_MS per instance (a start or end here is seen at once; another instance's within it).
   */
  private listMeeting(chatId: string): Promise<LiveActivity[]> {
    const cached = this.meetings.get(chatId);
    if (cached && this.monotonic() - cached.at <= RESULTS_MAX_AGE_MS) return cached.list;
    const list = this.deps.live.listByMeeting(chatId);
    this.meetings.set(chatId, { at: this.monotonic(), list });
    list.catch(() => this.meetings.delete(chatId));
    return list;
  }

  private async activity(activityId: string): Promise<LiveActivity> {
    const found = await this.deps.live.get(activityId);
    if (!found) throw new LiveNotFoundError();
    return found.value;
  }

  /** Boards of the meeting's tenant the viewer is an officer of. */
  private async startable(viewer: LiveViewer, chat: ConversationRecord): Promise<Array<{ id: string; name: string }>> {
    const boards = await this.deps.access.officerBoards(viewer, chat.tenantId);
    return boards.map((b) => ({ id: b.id, name: b.name }));
  }
}
