import { DateTime } from "luxon";
import { BoundedMap } from "../bounded-map.ts";
import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { Delivery } from "../domain/delivery.ts";
import type { Commitment, ProgressReply, RoundResponse } from "../domain/response.ts";
import type { Round } from "../domain/round.ts";
import { AlreadyExistsError, ConcurrencyError } from "../storage/errors.ts";
import type { DeliveriesRepository } from "../storage/deliveries.repository.ts";
import type { ResponsesRepository } from "../storage/responses.repository.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
import { RoundClosedError, RoundNotFoundError, ValidationError } from "./errors.ts";
import { LIMITS } from "./round.service.ts";
import { checkCommitments, ORGANISATION_CHARS, type SubmittedCommitment } from "./commitment.rules.ts";
import { checkVotes, VoteLimitError } from "../results/votes.ts";
import { checkProgress, type SubmittedProgress } from "../accountability/progress.rules.ts";

/** Everything a member's card sends back: the card carries every section, so a save replaces the whole response. */
export interface Submission {
  answers: Record<string, string>;
  votes?: Record<string, number>;
  voteReasons?: Record<string, string>;
  commitments?: Record<string, SubmittedCommitment>;
  organisation?: string;
  /** A check-in's replies: actionId → status, update, link. */
  progress?: Record<string, SubmittedProgress>;
}

export const WHY_CHARS = 200;

/** A member's view of one round: the round, their invitation, and what they have saved so far. */
export interface MemberRoundState {
  round: Round;
  delivery: Delivery;
  response?: RoundResponse;
  /** Open for answers right now (status open and before the deadline). */
  acceptingAnswers: boolean;
}

/** After a save: the member's state with the response as stored, and the organisation it replaced. */
export interface SavedState extends MemberRoundState {
  response: RoundResponse;
  previousOrganisation?: string;
}

/** The submission broke a rule (length, vote limit, unknown item): nothing was stored; the card shows why. */
export class SubmissionError extends ValidationError {
  constructor(problems: string[], readonly submitted: Submission) {
    super(problems);
    this.name = "SubmissionError";
  }
}

/** Saving and reading members' answers. Only invited members, only while the round is open. */
export class ResponseService {
  /**
   * Rounds members have recently opened, so that when storage is down the bot can still give a member
   * their card back with what they typed (and a "couldn't save" note) instead of losing it.
   */
  private readonly recentRounds = new BoundedMap<string, Round>(500);
  /**
   * Invitations this instance has seen. An invitation is never deleted and its round, board and
   * member never change, and a card only needs those (and the member's Teams ID, for refreshes), so
   * it is read once while the member has an answer stored: a save is then three storage requests,
   * not four. Erasure (on any instance) deletes the answer and anonymises the invitation, so with no
   * answer stored the invitation is read again. The round is read every time, because an officer may
   * close or cancel it on another instance.
   */
  private readonly invitations = new BoundedMap<string, Delivery>(5000);

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
    return (await this.loadVersioned(boardId, roundId, memberAadObjectId)).state;
  }

  /** `load`, plus the ETag the response was read at, so a save can write without reading it again. */
  private async loadVersioned(boardId: string, roundId: string, memberAadObjectId: string | undefined): Promise<{ state: MemberRoundState; responseEtag?: string }> {
    if (!memberAadObjectId) throw new RoundNotFoundError();
    const member = memberAadObjectId.toLowerCase();
    const invitationKey = `${roundId}|${member}`;
    const cached = this.invitations.get(invitationKey);
    let [round, delivery, response] = await Promise.all([
      this.deps.rounds.get(boardId, roundId),
      cached ?? this.deps.deliveries.get(roundId, member).then((d) => d?.value),
      this.deps.responses.get(roundId, member),
    ]);
    // With no answer stored (a first save, or after an erasure — on any instance) the invitation is
    // read afresh: an erased member's cached invitation must not let them answer again.
    if (cached && !response) delivery = (await this.deps.deliveries.get(roundId, member))?.value;
    // Someone not invited learns nothing about the round, not even that it exists; nor does someone
    // whose data was erased at their request.
    if (!round || !delivery || delivery.boardId !== boardId || delivery.status === "erased") {
      this.invitations.delete(invitationKey);
      throw new RoundNotFoundError();
    }
    if (!cached || delivery !== cached) this.invitations.set(invitationKey, delivery);
    this.remember(member, round.value);
    return {
      state: {
        round: round.value,
        delivery,
        response: response?.value,
        acceptingAnswers: this.accepting(round.value),
      },
      responseEtag: response?.etag,
    };
  }

  /**
   * Save a member's answers, votes and commitments (any subset; blank clears). Refused after the
   * deadline, for unknown items, over-long text and votes over the member's allowance — in each
   * case nothing is stored.
   */
  async save(boardId: string, roundId: string, memberAadObjectId: string | undefined, submitted: Submission): Promise<SavedState> {
    const loaded = await this.loadVersioned(boardId, roundId, memberAadObjectId);
    const state = loaded.state;
    if (!state.acceptingAnswers) {
      throw new RoundClosedError(
        state.round.status === "cancelled"
          ? "This round was cancelled, so answers are no longer collected."
          : "This round has closed, so your answers weren't saved.",
      );
    }
    const member = state.delivery.memberAadObjectId;
    const { answers, votes, voteReasons, commitments, organisation, progress } = this.check(state.round, member, submitted);

    const now = toUtcIso(this.deps.clock.now());
    // The card carries every answer, so the latest save wins; the ETag makes concurrent saves take turns.
    // The first attempt writes against the response read with the round (one storage round trip
    // fewer per save); only a lost race reads it again.
    let current = state.response && loaded.responseEtag !== undefined ? { value: state.response, etag: loaded.responseEtag } : undefined;
    for (let attempt = 0; ; attempt += 1) {
      if (attempt > 0) current = await this.deps.responses.get(roundId, member);
      const next: RoundResponse = {
        roundId,
        memberAadObjectId: member,
        // A round that asks for the organisation carries it on every save (absent = cleared); a
        // check-in's is the one the person was asked for; others keep what was there.
        organisation: state.round.definition.kinds.includes("commitment")
          ? organisation
          : state.round.definition.checkIn?.organisations[member] ?? current?.value.organisation,
        answers,
        votes,
        voteReasons,
        commitments,
        ...(progress ? { progress } : {}),
        revision: (current?.value.revision ?? 0) + 1,
        firstSavedAt: current?.value.firstSavedAt ?? now,
        savedAt: now,
      };
      try {
        await this.deps.responses.save(next, current?.etag);
        return { ...state, response: next, previousOrganisation: current?.value.organisation };
      } catch (err) {
        const raced = err instanceof ConcurrencyError || err instanceof AlreadyExistsError;
        if (!raced || attempt >= 3) throw err;
      }
    }
  }

  /** Every rule in one pass, so the member sees all the problems at once. */
  private check(round: Round, member: string, submitted: Submission): {
    answers: Record<string, string>;
    votes: Record<string, number>;
    voteReasons: Record<string, string>;
    commitments: Commitment[];
    organisation?: string;
    progress?: Record<string, ProgressReply>;
  } {
    const def = round.definition;
    const problems: string[] = [];
    const questions = new Map(def.questions.map((q) => [q.id, q]));
    const answers: Record<string, string> = {};
    for (const [id, raw] of Object.entries(submitted.answers)) {
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

    let votes: Record<string, number> = {};
    const voteReasons: Record<string, string> = {};
    const submittedVotes = submitted.votes ?? {};
    if (def.kinds.includes("vote")) {
      try {
        votes = checkVotes(def.options, def.votesPerMember ?? 2, def.allowMultipleVotesPerOption ?? true, submittedVotes);
      } catch (err) {
        if (!(err instanceof VoteLimitError)) throw err;
        problems.push(...err.problems);
      }
      const optionIds = new Set(def.options.map((o) => o.id));
      for (const [id, raw] of Object.entries(submitted.voteReasons ?? {})) {
        const why = raw.trim();
        if (!optionIds.has(id)) problems.push("The card gave a reason for an option this round doesn't have. Please use the latest card.");
        else if (why.length > WHY_CHARS) problems.push(`A reason for your vote is over ${WHY_CHARS} characters.`);
        else if (why) voteReasons[id] = why;
      }
    } else if (Object.values(submittedVotes).some((v) => v !== 0) || Object.keys(submitted.voteReasons ?? {}).length > 0) {
      problems.push("This round has no vote.");
    }

    let commitments: Commitment[] = [];
    if (def.kinds.includes("commitment")) {
      const checked = checkCommitments(def.interventions ?? [], submitted.commitments ?? {});
      commitments = checked.commitments;
      problems.push(...checked.problems);
    } else if (Object.keys(submitted.commitments ?? {}).length > 0) {
      problems.push("This round doesn't ask for commitments.");
    }

    let progress: Record<string, ProgressReply> | undefined;
    if (def.kinds.includes("checkin")) {
      const checked = checkProgress(round, member, submitted.progress ?? {});
      progress = checked.progress;
      problems.push(...checked.problems);
    } else if (Object.keys(submitted.progress ?? {}).length > 0) {
      problems.push("This round isn't a check-in.");
    }

    const organisation = submitted.organisation?.trim();
    if (organisation && organisation.length > ORGANISATION_CHARS) problems.push(`Your organisation's name is over ${ORGANISATION_CHARS} characters.`);

    if (problems.length > 0) throw new SubmissionError([...new Set(problems)], submitted);
    return { answers, votes, voteReasons, commitments, organisation: organisation || undefined, ...(progress ? { progress } : {}) };
  }

  /** The last known copy of a round this (invited) member opened; undefined if they never did. */
  recentRound(boardId: string, roundId: string, memberAadObjectId: string | undefined): Round | undefined {
    return this.recentRounds.get(`${(memberAadObjectId ?? "").toLowerCase()}|${boardId}|${roundId}`);
  }

  private remember(member: string, round: Round): void {
    this.recentRounds.set(`${member}|${round.boardId}|${round.id}`, round);
  }

  private accepting(round: Round): boolean {
    return round.status === "open" && DateTime.fromISO(round.deadline) > this.deps.clock.now();
  }
}
