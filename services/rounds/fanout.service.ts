import { DateTime } from "luxon";
import type { AdaptiveCard } from "../../cards/render.ts";
import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { ConversationService } from "../conversations/conversation.service.ts";
import type { PersonalOutbox } from "../messaging/outbox.ts";
import type { StoredConversationReference } from "../domain/conversation.ts";
import type { Delivery } from "../domain/delivery.ts";
import type { RoundResponse } from "../domain/response.ts";
import type { Round } from "../domain/round.ts";
import type { Logger } from "../logging/logger.ts";
import { DeliveryFailure, type Messenger, type SentMessage } from "../messaging/messenger.ts";
import type { DeliveriesRepository } from "../storage/deliveries.repository.ts";
import { ConcurrencyError } from "../storage/errors.ts";
import type { ResponsesRepository } from "../storage/responses.repository.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
import type { Versioned } from "../storage/table-ops.ts";
import type { OutboundQueue } from "./outbound-queue.ts";
import { hasAnswered } from "./round.service.ts";

/** Why a member's card is being rendered: the bot layer turns this into wording. */
export type PromptPurpose = "prompt" | "reminder" | "closed" | "cancelled";

export type PromptRenderer = (view: {
  round: Round;
  delivery: Delivery;
  response?: RoundResponse;
  purpose: PromptPurpose;
  /** The organisation the member gave in an earlier round (their profile), if any. */
  organisation?: string;
}) => AdaptiveCard;

/** Told once a round's first fan-out has settled, with the final ledger (e.g. to tell the officer who can't be reached). */
export type DeliveryReporter = (round: Round, ledger: Delivery[]) => Promise<void>;

export interface FanoutOptions {
  maxAttempts: number;
  /** A "sending" claim older than this was interrupted by a crash and may be retried. */
  staleSendingMs: number;
  /**
   * Prompts being worked on at once (claimed, rendered, waiting for the outbound queue, sent,
   * recorded). Default 25: half a second of Teams' 50/s, enough to keep the queue busy while
   * storage answers. Only these are "sending" in the ledger at any moment, so a crash leaves at
   * most this many claims to go stale; the rest stay "queued" and resume as soon as the bot is back.
   */
  maxInFlight?: number;
}

/** A counting semaphore: `run` waits for a free slot, first come first served. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(size: number) {
    this.free = Math.max(1, size);
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}

/**
 * Sends each invited member their round card, once, through the outbound queue, keeping the
 * delivery ledger in Table storage: queued → sending (an ETag-checked claim, so two workers never
 * send the same prompt) → sent | unreachable | failed. Throttled and transient failures go back to
 * queued with a not-before time; a restart picks up whatever is queued.
 */
export class FanoutService {
  private readonly scheduled = new Set<string>();
  /** Jobs per round, so the launch report waits for retries too. */
  private readonly roundJobs = new Map<string, Set<Promise<void>>>();
  /** Bounds the prompts in progress (see FanoutOptions.maxInFlight). */
  private readonly inFlight: Slots;

  constructor(
    private readonly deps: {
      rounds: RoundsRepository;
      deliveries: DeliveriesRepository;
      responses: ResponsesRepository;
      conversations: Pick<ConversationService, "find">;
      outbox: Pick<PersonalOutbox, "send" | "chatOf">;
      messenger: Pick<Messenger, "updateCard">;
      queue: OutboundQueue;
      render: PromptRenderer;
      report?: DeliveryReporter;
      clock: Clock;
      logger: Logger;
      options: FanoutOptions;
    },
  ) {
    this.inFlight = new Slots(deps.options.maxInFlight ?? 25);
  }

  /** Start delivering a round's queued prompts in the background; report once they have all settled. */
  start(round: Round): void {
    const work = (async () => {
      await this.resumeRound(round);
      await this.settled(round.id);
      if (this.deps.report) await this.deps.report(round, await this.deps.deliveries.listByRound(round.id));
    })();
    this.deps.queue.track(work).catch((err: unknown) => {
      this.deps.logger.error({ roundId: round.id, err: describe(err) }, "fan-out failed");
    });
  }

  /**
   * A member we could not reach has just talked to the bot (so their 1:1 chat is now known):
   * re-queue their prompts for rounds still open. Returns how many were re-queued.
   */
  async retryUnreachable(memberAadObjectId: string): Promise<number> {
    const stuck = (await this.deps.deliveries.listByMember(memberAadObjectId.toLowerCase())).filter(
      (d) => d.status === "unreachable" || d.status === "failed",
    );
    let requeued = 0;
    for (const d of stuck) {
      const round = await this.deps.rounds.get(d.boardId, d.roundId);
      if (!round || round.value.status !== "open" || DateTime.fromISO(round.value.deadline) <= this.deps.clock.now()) continue;
      const current = await this.deps.deliveries.get(d.roundId, d.memberAadObjectId);
      if (!current || (current.value.status !== "unreachable" && current.value.status !== "failed")) continue;
      try {
        await this.deps.deliveries.update({ ...current.value, status: "queued", attempts: 0, notBefore: undefined, updatedAt: toUtcIso(this.deps.clock.now()) }, current.etag);
      } catch (err) {
        if (err instanceof ConcurrencyError) continue;
        throw err;
      }
      this.schedule(round.value, d.memberAadObjectId);
      requeued += 1;
    }
    return requeued;
  }

  private async settled(roundId: string): Promise<void> {
    for (let jobs = this.roundJobs.get(roundId); jobs && jobs.size > 0; jobs = this.roundJobs.get(roundId)) {
      await Promise.allSettled([...jobs]);
    }
  }

  /** Pick up every open round's unfinished deliveries (at start-up, and on each scheduler tick). */
  async resume(openRounds: Round[]): Promise<void> {
    await Promise.all(openRounds.map((round) => this.resumeRound(round)));
  }

  idle(): Promise<void> {
    return this.deps.queue.idle();
  }

  /**
   * Remind members who were sent the prompt and have not answered. Each member's reminder is claimed
   * in the ledger before it is sent, so a second instance or a restart never sends it twice.
   */
  async remind(round: Round, key: string): Promise<number> {
    const [deliveries, responses] = await Promise.all([
      this.deps.deliveries.listByRound(round.id, "sent"),
      this.deps.responses.listByRound(round.id),
    ]);
    const byMember = new Map(responses.map((r) => [r.memberAadObjectId, r]));
    const due = deliveries.filter((d) => !hasAnswered(byMember.get(d.memberAadObjectId)) && !d.remindersSent.includes(key));
    const results = await Promise.all(due.map((d) => this.deps.queue.track(this.remindOne(round, d, key, byMember.get(d.memberAadObjectId)))));
    return results.filter(Boolean).length;
  }

  /** Replace every delivered card with its closed (or cancelled) state. */
  async refreshCards(round: Round, purpose: "closed" | "cancelled"): Promise<void> {
    const deliveries = await this.deps.deliveries.listByRound(round.id, "sent");
    await Promise.all(
      deliveries.map((d) =>
        this.deps.queue.track(
          (async () => {
            if (!d.activityId) return;
            try {
              const to = await this.chatOf(round, d);
              const response = (await this.deps.responses.get(round.id, d.memberAadObjectId))?.value;
              const card = this.deps.render({ round, delivery: d, response, purpose });
              await this.deps.queue.run(to.conversation.id, () => this.deps.messenger.updateCard(to, d.activityId!, card));
            } catch (err) {
              this.deps.logger.warn({ roundId: round.id, err: describe(err) }, "could not update a member's card");
            }
          })(),
        ),
      ),
    );
  }

  private async resumeRound(round: Round): Promise<void> {
    const now = this.deps.clock.now();
    for (const d of await this.deps.deliveries.listUnfinished(round.id)) {
      const due =
        (d.status === "queued" && (!d.notBefore || DateTime.fromISO(d.notBefore) <= now)) ||
        (d.status === "sending" && DateTime.fromISO(d.updatedAt).plus({ milliseconds: this.deps.options.staleSendingMs }) <= now);
      if (due) this.schedule(round, d.memberAadObjectId);
    }
  }

  private schedule(round: Round, member: string, delayMs = 0): void {
    const key = `${round.id}|${member}`;
    if (this.scheduled.has(key)) return;
    this.scheduled.add(key);
    const work = (async () => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      // The member stays "scheduled" until a slot is free, so a scheduler tick in the meantime
      // does not schedule them twice.
      await this.inFlight.run(() => {
        this.scheduled.delete(key);
        return this.deliverOne(round, member);
      });
    })();
    let jobs = this.roundJobs.get(round.id);
    if (!jobs) this.roundJobs.set(round.id, (jobs = new Set()));
    const job = this.deps.queue.track(work).catch((err: unknown) => {
      this.deps.logger.error({ roundId: round.id, err: describe(err) }, "delivery crashed");
    });
    jobs.add(job);
    void job.finally(() => {
      jobs.delete(job);
      if (jobs.size === 0) this.roundJobs.delete(round.id);
    });
  }

  private async deliverOne(round: Round, member: string): Promise<void> {
    const current = await this.deps.deliveries.get(round.id, member);
    if (!current) return;
    const d = current.value;
    const now = this.deps.clock.now();
    const stale = d.status === "sending" && DateTime.fromISO(d.updatedAt).plus({ milliseconds: this.deps.options.staleSendingMs }) <= now;
    if (d.status !== "queued" && !stale) return;

    const latest = await this.deps.rounds.get(round.boardId, round.id);
    if (!latest || latest.value.status !== "open") {
      await this.finish(current, { status: "failed", lastError: "The round closed before this prompt was sent." });
      return;
    }

    let claim: Versioned<Delivery>;
    try {
      claim = await this.deps.deliveries.update({ ...d, status: "sending", attempts: d.attempts + 1, updatedAt: toUtcIso(now) }, current.etag);
    } catch (err) {
      if (err instanceof ConcurrencyError) return; // another worker has it
      throw err;
    }

    try {
      const response = (await this.deps.responses.get(round.id, member))?.value;
      const sent = await this.sendToMember(latest.value, claim.value, (organisation) =>
        this.deps.render({ round: latest.value, delivery: claim.value, response, purpose: "prompt", organisation }),
      );
      await this.finish(claim, {
        status: "sent",
        conversationId: sent.conversationId,
        activityId: sent.activityId,
        sentAt: toUtcIso(this.deps.clock.now()),
        lastError: undefined,
        notBefore: undefined,
      });
    } catch (err) {
      const failure = err instanceof DeliveryFailure ? err : new DeliveryFailure("transient", describe(err).message);
      if (failure.kind === "unreachable" || failure.kind === "rejected") {
        await this.finish(claim, { status: "unreachable", lastError: failure.message });
      } else if (claim.value.attempts >= this.deps.options.maxAttempts) {
        await this.finish(claim, { status: "failed", lastError: failure.message });
      } else {
        const waitMs = failure.retryAfterMs ?? Math.min(60_000, 1000 * 2 ** claim.value.attempts);
        await this.finish(claim, {
          status: "queued",
          lastError: failure.message,
          notBefore: toUtcIso(this.deps.clock.now().plus({ milliseconds: waitMs })),
        });
        this.schedule(latest.value, member, waitMs);
      }
      this.deps.logger.warn({ roundId: round.id, kind: failure.kind, status: failure.status, attempts: claim.value.attempts }, "prompt not delivered");
    }
  }

  private async remindOne(round: Round, d: Delivery, key: string, response: RoundResponse | undefined): Promise<boolean> {
    const current = await this.deps.deliveries.get(round.id, d.memberAadObjectId);
    if (!current || current.value.remindersSent.includes(key)) return false;
    try {
      await this.deps.deliveries.update(
        { ...current.value, remindersSent: [...current.value.remindersSent, key], updatedAt: toUtcIso(this.deps.clock.now()) },
        current.etag,
      );
    } catch (err) {
      if (err instanceof ConcurrencyError) return false;
      throw err;
    }
    try {
      await this.sendToMember(round, current.value, (organisation) => this.deps.render({ round, delivery: current.value, response, purpose: "reminder", organisation }));
      return true;
    } catch (err) {
      // At most once: a reminder that fails is not retried (the member still has the original prompt).
      this.deps.logger.warn({ roundId: round.id, err: describe(err) }, "reminder not delivered");
      return false;
    }
  }

  private async finish(claim: Versioned<Delivery>, change: Partial<Delivery>): Promise<void> {
    const next: Delivery = { ...claim.value, ...change, updatedAt: toUtcIso(this.deps.clock.now()) };
    await this.deps.deliveries.update(next, claim.etag);
  }

  /**
   * A member's card to their 1:1 chat, through the outbox (the stored chat, or one opened through the
   * board's team with the card as its first message). `render` gets the organisation the member
   * gave before, if the bot knows it.
   */
  private sendToMember(round: Round, d: Delivery, render: (organisation?: string) => AdaptiveCard): Promise<SentMessage> {
    return this.deps.outbox.send(round.tenantId, () => this.teamOf(round), memberOf(d), ({ organisation }) => ({ card: render(organisation) }));
  }

  /** The member's 1:1 chat: the stored one, or a new one opened through the board's team. */
  private chatOf(round: Round, d: Delivery): Promise<StoredConversationReference> {
    return this.deps.outbox.chatOf(round.tenantId, () => this.teamOf(round), memberOf(d));
  }

  private async teamOf(round: Round): Promise<StoredConversationReference> {
    const team = await this.deps.conversations.find(round.tenantId, "team", round.boardId);
    if (!team) throw new DeliveryFailure("unreachable", "The bot is not installed in the board's team any more.");
    return team.reference;
  }
}

const memberOf = (d: Delivery) => ({ id: d.memberId, aadObjectId: d.memberAadObjectId, name: d.memberName });

function describe(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: "Error", message: String(err) };
}
