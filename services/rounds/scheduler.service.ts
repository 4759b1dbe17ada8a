import { DateTime } from "luxon";
import { toUtcIso, type Clock } from "../clock.ts";
import type { Round } from "../domain/round.ts";
import type { Logger } from "../logging/logger.ts";
import { ConcurrencyError } from "../storage/errors.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
import type { FanoutService } from "./fanout.service.ts";
import type { RoundService } from "./round.service.ts";

/** "48h@2026-12-04T17:00:00.000Z": a reminder is tied to the deadline it counts down to, so extending a round re-arms it. */
export function reminderKey(hours: number, deadline: string): string {
  return `${hours}h@${deadline}`;
}

/**
 * Which reminder (if any) is due now. Only reminders whose time came after the round was launched
 * or last changed count (no "48 hours left" for a round launched with a day to go), and when several
 * are due at once (the bot was down) only the one closest to the deadline is sent.
 */
export function dueReminder(round: Round, now: DateTime, hoursBefore: readonly number[]): { send?: string; done: string[] } | undefined {
  const deadline = DateTime.fromISO(round.deadline, { zone: "utc" });
  if (deadline <= now) return undefined;
  const since = DateTime.fromISO(round.updatedAt, { zone: "utc" });
  const due = [...hoursBefore]
    .sort((a, b) => a - b)
    .map((h) => ({ h, at: deadline.minus({ hours: h }), key: reminderKey(h, round.deadline) }))
    .filter((r) => r.at <= now && r.at > since && !round.remindersDone.includes(r.key));
  if (due.length === 0) return undefined;
  return { send: due[0]!.key, done: due.map((r) => r.key) };
}

/** A close's follow-up gets this long to finish on its own before the scheduler takes it over. */
export const FINISH_AFTER_MINUTES = 5;

/**
 * Stateless: every tick reads what is due from Table storage (open rounds, their deadlines and
 * ledgers), and every action is claimed with an ETag, so a restart or a second instance neither
 * skips nor doubles a reminder or a close.
 */
export class Scheduler {
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      rounds: RoundsRepository;
      roundService: RoundService;
      fanout: FanoutService;
      clock: Clock;
      reminderHours: readonly number[];
      logger: Logger;
      /**
       * What a close leads to (a draft summary, a check-in's progress digest), run again for rounds
       * closed a few minutes to a few days ago in case a crash interrupted it; must do nothing when
       * it is already done.
       */
      finishClosed?: (round: Round) => Promise<void>;
      /** Sends scheduled rounds whose time has come (a check-in cadence's next check-in). */
      openScheduled?: () => Promise<unknown>;
      /** Live workshop activities left open long after their meeting, or whose end a crash cut short (services/live). */
      endAbandoned?: () => Promise<unknown>;
    },
  ) {}

  /** True once start() has set the timer: reminders and closes happen by themselves (/readyz reports it). */
  get started(): boolean {
    return this.timer !== undefined;
  }

  /** Run every `intervalMs` (ticks never overlap). */
  start(intervalMs: number): void {
    const run = () => {
      this.tick().catch((err: unknown) => this.deps.logger.error({ err: String(err) }, "scheduler tick failed"));
    };
    run();
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass: close rounds past their deadline, send due reminders, resume unfinished deliveries. Resolves when that work is done. */
  tick(): Promise<void> {
    this.running ??= this.runTick().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runTick(): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.openScheduled?.().catch((err: unknown) => this.deps.logger.error({ err: String(err) }, "could not send scheduled rounds"));
    await this.deps.endAbandoned?.().catch((err: unknown) => this.deps.logger.error({ err: String(err) }, "could not end abandoned live activities"));
    const open = await this.deps.rounds.listByStatus("open");
    const stillOpen: Round[] = [];
    for (const round of open) {
      if (DateTime.fromISO(round.deadline) <= now) {
        const current = await this.deps.rounds.get(round.boardId, round.id);
        if (current) await this.deps.roundService.closeAtDeadline(current);
        continue;
      }
      stillOpen.push(round);
      const due = dueReminder(round, now, this.deps.reminderHours);
      if (!due) continue;
      if (due.send) {
        const sent = await this.deps.fanout.remind(round, due.send);
        this.deps.logger.info({ roundId: round.id, reminder: due.send, sent }, "reminders sent");
      }
      await this.markDone(round, due.done);
    }
    await this.deps.fanout.resume(stillOpen);
    await this.finishRecentlyClosed(now);
    await this.deps.fanout.idle();
  }

  /**
   * A close's follow-up runs in the background right after the close; one interrupted by a crash
   * is finished here. Rounds closed in the last few minutes are left to the close's own work (so
   * the two don't race), and those closed over three days ago are history.
   */
  private async finishRecentlyClosed(now: DateTime): Promise<void> {
    const finish = this.deps.finishClosed;
    if (!finish) return;
    const recent = await this.deps.rounds.listClosedBetween(toUtcIso(now.minus({ days: 3 })), toUtcIso(now.minus({ minutes: FINISH_AFTER_MINUTES })));
    for (const round of recent) {
      await finish(round).catch((err: unknown) => this.deps.logger.error({ roundId: round.id, err: String(err) }, "could not finish a closed round"));
    }
  }

  private async markDone(round: Round, keys: string[]): Promise<void> {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const current = await this.deps.rounds.get(round.boardId, round.id);
      if (!current) return;
      const missing = keys.filter((k) => !current.value.remindersDone.includes(k));
      if (missing.length === 0) return;
      try {
        // updatedAt is left alone on purpose: it marks officer changes, which re-arm reminders.
        await this.deps.rounds.update({ ...current.value, remindersDone: [...current.value.remindersDone, ...missing] }, current.etag);
        return;
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
  }
}
