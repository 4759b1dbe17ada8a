import { DateTime } from "luxon";
import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { Delivery } from "../domain/delivery.ts";
import type { RoundResponse } from "../domain/response.ts";
import type { Round } from "../domain/round.ts";
import { AlreadyExistsError, ConcurrencyError } from "../storage/errors.ts";
import type { DeliveriesRepository } from "../storage/deliveries.repository.ts";
import type { ResponsesRepository } from "../storage/responses.repository.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
import { RoundClosedError, RoundNotFoundError, ValidationError } from "./errors.ts";
import { LIMITS } from "./round.service.ts";

/** A member's view of one round: the round, their invitation, and what they have saved so far. */
export interface MemberRoundState {
  round: Round;
  delivery: Delivery;
  response?: RoundResponse;
  /** Open for answers right now (status open and before the deadline). */
  acceptingAnswers: boolean;
}

export class AnswerTooLongError extends ValidationError {
  constructor(problems: string[], readonly submitted: Record<string, string>) {
    super(problems);
    this.name = "AnswerTooLongError";
  }
}

/** Saving and reading members' answers. Only invited members, only while the round is open. */
export class ResponseService {
  constructor(
    private readonly deps: {
      rounds: RoundsRepository;
      deliveries: DeliveriesRepository;
      responses: ResponsesRepository;
      clock: Clock;
    },
  ) {}

  /** Card data is untrusted: the round and the member's invitation are looked up, never taken from it. */
  async load(boardId: string, roundId: string, memberAadObjectId: string | undefined): Promise<MemberRoundState> {
    if (!memberAadObjectId) throw new RoundNotFoundError();
    const member = memberAadObjectId.toLowerCase();
    const [round, delivery, response] = await Promise.all([
      this.deps.rounds.get(boardId, roundId),
      this.deps.deliveries.get(roundId, member),
      this.deps.responses.get(roundId, member),
    ]);
    // Someone not invited learns nothing about the round, not even that it exists.
    if (!round || !delivery || delivery.value.boardId !== boardId) throw new RoundNotFoundError();
    return {
      round: round.value,
      delivery: delivery.value,
      response: response?.value,
      acceptingAnswers: this.accepting(round.value),
    };
  }

  /**
   * Save a member's answers (any subset; blank clears). Refused after the deadline, for unknown
   * questions and for over-long answers — in each case nothing is stored.
   */
  async save(boardId: string, roundId: string, memberAadObjectId: string | undefined, submitted: Record<string, string>): Promise<MemberRoundState> {
    const state = await this.load(boardId, roundId, memberAadObjectId);
    if (!state.acceptingAnswers) {
      throw new RoundClosedError(
        state.round.status === "cancelled"
          ? "This round was cancelled, so answers are no longer collected."
          : "This round has closed, so your answers weren't saved.",
      );
    }
    const questions = new Map(state.round.definition.questions.map((q) => [q.id, q]));
    const problems: string[] = [];
    const answers: Record<string, string> = {};
    for (const [id, raw] of Object.entries(submitted)) {
      const question = questions.get(id);
      if (!question) {
        problems.push("The card asked a question this round doesn't have. Please use the latest card.");
        continue;
      }
      // Normalise line endings only: a member's words are stored exactly as written.
      const text = raw.replace(/\r\n?/g, "\n").trim();
      if (text.length > LIMITS.answerChars) {
        problems.push(`Your answer on “${question.theme}” is ${text.length.toLocaleString("en-GB")} characters; the limit is ${LIMITS.answerChars.toLocaleString("en-GB")}. Please shorten it.`);
      }
      if (text.length > 0) answers[id] = text;
    }
    if (problems.length > 0) throw new AnswerTooLongError([...new Set(problems)], submitted);

    const member = state.delivery.memberAadObjectId;
    const now = toUtcIso(this.deps.clock.now());
    // The card carries every answer, so the latest save wins; the ETag makes concurrent saves take turns.
    for (let attempt = 0; ; attempt += 1) {
      const current = await this.deps.responses.get(roundId, member);
      const next: RoundResponse = {
        roundId,
        memberAadObjectId: member,
        organisation: current?.value.organisation,
        answers,
        votes: current?.value.votes ?? {},
        commitments: current?.value.commitments ?? [],
        revision: (current?.value.revision ?? 0) + 1,
        firstSavedAt: current?.value.firstSavedAt ?? now,
        savedAt: now,
      };
      try {
        await this.deps.responses.save(next, current?.etag);
        return { ...state, response: next };
      } catch (err) {
        const raced = err instanceof ConcurrencyError || err instanceof AlreadyExistsError;
        if (!raced || attempt >= 3) throw err;
      }
    }
  }

  private accepting(round: Round): boolean {
    return round.status === "open" && DateTime.fromISO(round.deadline) > this.deps.clock.now();
  }
}
