import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import type { BoardDirectory, OfficerGrant } from "../boards/board-directory.ts";
import { ForbiddenError } from "../boards/errors.ts";
import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { Round } from "../domain/round.ts";
import type { Logger } from "../logging/logger.ts";
import { RoundNotFoundError, ValidationError } from "../rounds/errors.ts";
import { AlreadyExistsError, ConcurrencyError } from "../storage/errors.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
import { checkInDefinition, checkInTitle, type CheckInService } from "./checkin.service.ts";

/** A scheduled check-in goes out this long before it closes (or at once, when the cadence is shorter than twice that). */
export const OPEN_DAYS_BEFORE = 14;

const isCheckIn = (r: Round) => r.definition.kinds.includes("checkin");

/**
 * Check-ins on a cadence ("every 4 weeks"): when one closes, the next is stored as a scheduled
 * (status "draft") check-in, closing N weeks after it; the scheduler sends it when its time comes,
 * asking whoever answers for the board's open actions then. Its id comes from the one before, so
 * scheduling it again after a crash finds it already there. It is sent on behalf of the officer
 * who set the cadence, only while they are still an officer of the board; an officer can stop it.
 */
export class CheckInCadence {
  constructor(
    private readonly deps: {
      rounds: RoundsRepository;
      checkIns: Pick<CheckInService, "plan" | "queue" | "announce">;
      directory: Pick<BoardDirectory, "requireOfficer">;
      clock: Clock;
      timeZone: string;
      logger: Logger;
    },
  ) {}

  /** After a repeating check-in closes: the next one, scheduled (once). */
  async scheduleNext(closed: Round): Promise<Round | undefined> {
    const weeks = closed.definition.checkIn?.repeatEveryWeeks;
    if (!isCheckIn(closed) || !weeks) return undefined;
    const deadline = DateTime.fromISO(closed.deadline, { zone: "utc" }).setZone(this.deps.timeZone).plus({ weeks }).toUTC();
    const opensAt = DateTime.max(DateTime.fromISO(closed.deadline, { zone: "utc" }), deadline.minus({ days: Math.min(OPEN_DAYS_BEFORE, (weeks * 7) / 2) }));
    const at = toUtcIso(this.deps.clock.now());
    const next: Round = {
      ...closed,
      id: `r${deadline.setZone(this.deps.timeZone).toFormat("yyyyMMdd")}-${createHash("sha256").update(`next of ${closed.id}`).digest("hex").slice(0, 8)}`,
      title: checkInTitle(toUtcIso(deadline), this.deps.timeZone),
      status: "draft",
      definition: { ...checkInDefinition({ items: [], organisations: {} }, weeks), checkIn: { items: [], organisations: {}, repeatEveryWeeks: weeks, opensAt: toUtcIso(opensAt) } },
      deadline: toUtcIso(deadline),
      remindersDone: [],
      createdAt: at,
      updatedAt: at,
    };
    delete next.closedAt;
    try {
      await this.deps.rounds.create(next);
    } catch (err) {
      if (!(err instanceof AlreadyExistsError)) throw err;
    }
    return next;
  }

  /** The board's next scheduled check-in, if a cadence is running. */
  async scheduled(boardId: string): Promise<Round | undefined> {
    return (await this.deps.rounds.listByBoard(boardId)).find((r) => r.status === "draft" && isCheckIn(r));
  }

  /** An officer stops the cadence: the scheduled check-in is cancelled (nothing was sent). */
  async stop(grant: OfficerGrant, roundId: string): Promise<Round> {
    const current = await this.deps.rounds.get(grant.board.id, roundId);
    if (!current || current.value.status !== "draft" || !isCheckIn(current.value)) throw new RoundNotFoundError();
    const at = toUtcIso(this.deps.clock.now());
    const cancelled: Round = { ...current.value, status: "cancelled", closedAt: at, updatedAt: at };
    await this.deps.rounds.update(cancelled, current.etag);
    return cancelled;
  }

  /** Scheduler: send every scheduled check-in whose time has come. */
  async openDue(): Promise<number> {
    const now = this.deps.clock.now();
    let opened = 0;
    for (const draft of await this.deps.rounds.listByStatus("draft")) {
      const opensAt = draft.definition.checkIn?.opensAt;
      if (!isCheckIn(draft) || !opensAt || DateTime.fromISO(opensAt) > now) continue;
      if (await this.open(draft)) opened += 1;
    }
    return opened;
  }

  private async open(draft: Round): Promise<boolean> {
    const current = await this.deps.rounds.get(draft.boardId, draft.id);
    if (!current || current.value.status !== "draft") return false;
    const at = toUtcIso(this.deps.clock.now());
    let grant: OfficerGrant;
    let plan: Awaited<ReturnType<CheckInService["plan"]>> | undefined;
    try {
      grant = await this.deps.directory.requireOfficer({ aadObjectId: draft.createdBy, tenantId: draft.tenantId }, draft.boardId, "send a scheduled check-in");
      plan = await this.deps.checkIns.plan(grant);
    } catch (err) {
      if (!(err instanceof ForbiddenError) && !(err instanceof ValidationError)) throw err;
      // The officer who set it is no longer one, or nothing is left to ask about: the cadence ends here.
      this.deps.logger.warn({ roundId: draft.id, boardId: draft.boardId, why: err.message }, "scheduled check-in not sent; its cadence ends");
      await this.deps.rounds.update({ ...current.value, status: "cancelled", closedAt: at, updatedAt: at }, current.etag).catch(() => undefined);
      return false;
    }
    const opened: Round = { ...current.value, status: "open", definition: checkInDefinition(plan, draft.definition.checkIn?.repeatEveryWeeks), updatedAt: at };
    // The ledger before the status: a crash in between leaves a draft that is opened again next tick
    // (the ledger written again adds nothing), never an open check-in nobody was asked to.
    await this.deps.checkIns.queue(opened, plan, at);
    try {
      await this.deps.rounds.update(opened, current.etag);
    } catch (err) {
      if (err instanceof ConcurrencyError) return false; // another instance (or an officer's stop) got there first
      throw err;
    }
    this.deps.checkIns.announce(opened);
    return true;
  }
}
