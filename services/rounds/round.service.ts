import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { Delivery } from "../domain/delivery.ts";
import type { RoundResponse } from "../domain/response.ts";
import type { Option, Question, Round, RoundKind } from "../domain/round.ts";
import type { TeamMember } from "../messaging/messenger.ts";
import { ConcurrencyError } from "../storage/errors.ts";
import type { DeliveriesRepository } from "../storage/deliveries.repository.ts";
import type { ResponsesRepository } from "../storage/responses.repository.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
import type { Versioned } from "../storage/table-ops.ts";
import { RoundClosedError, RoundNotFoundError, ValidationError } from "./errors.ts";
import type { BoardDirectory, OfficerGrant } from "../boards/board-directory.ts";

export const LIMITS = {
  titleChars: 120,
  themeChars: 80,
  questionChars: 500,
  maxThemes: 12,
  /** The vote options / interventions text areas. */
  optionsChars: 3000,
  maxOptions: 20,
  optionChars: 150,
  maxVotesPerMember: 10,
  answerChars: 2000,
  minMinutesAhead: 10,
  maxDaysAhead: 180,
} as const;

export interface ThemeInput {
  name: string;
  view: string;
  /** Empty: no recommendation question for this theme. */
  recommend: string;
}

export interface LaunchInput {
  /** Any mix of feedback themes, a priority vote and commitments to interventions. */
  kinds: RoundKind[];
  title: string;
  /** UTC ISO; the handler turned the officer's UK date and time into this. */
  deadline: string;
  anonymous: boolean;
  minRespondents: number;
  digestConversationId?: string;
  themes: ThemeInput[];
  /** Vote options' labels, in the order members see them. */
  voteOptions: string[];
  votesPerMember: number;
  allowMultipleVotes: boolean;
  /** Interventions' labels. */
  interventions: string[];
}

export interface LaunchResult {
  round: Round;
  audience: TeamMember[];
}

/** Things that happen after a round changes state; the composition root wires them (cards, summaries). */
export interface RoundEvents {
  launched(round: Round): void;
  closed(round: Round): void;
  cancelled(round: Round): void;
}

export interface RoundProgress {
  round: Round;
  invited: number;
  delivered: number;
  answered: number;
  unreachable: number;
  failed: number;
  pending: number;
  unreachableNames: string[];
}

/** True when a response says something (an answer, a vote or a commitment): an empty save is not an answer. */
export function hasAnswered(response: RoundResponse | undefined): boolean {
  if (!response) return false;
  return (
    Object.values(response.answers).some((a) => a.trim().length > 0) ||
    Object.values(response.votes).some((v) => v > 0) ||
    response.commitments.length > 0 ||
    Object.keys(response.progress ?? {}).length > 0
  );
}

/** A new open round of the grant's board, launched by its officer now. */
export function openRound(grant: OfficerGrant, now: DateTime, fields: Pick<Round, "title" | "definition" | "anonymous" | "minRespondents" | "deadline" | "digestConversationId">): Round {
  const at = toUtcIso(now);
  return {
    boardId: grant.board.id,
    id: newRoundId(now),
    tenantId: grant.board.tenantId,
    boardName: grant.board.name,
    status: "open",
    ...fields,
    remindersDone: [],
    createdBy: grant.actor.aadObjectId,
    createdAt: at,
    updatedAt: at,
  };
}

/** A round's delivery ledger as launched: one queued invitation per person (fan-out sends from it). */
export function queuedLedger(round: Round, people: readonly TeamMember[], at: string): Delivery[] {
  return people.map((m) => ({
    roundId: round.id,
    boardId: round.boardId,
    memberAadObjectId: m.aadObjectId,
    memberId: m.id,
    memberName: m.name,
    status: "queued",
    attempts: 0,
    remindersSent: [],
    updatedAt: at,
  }));
}

export function newRoundId(now: DateTime): string {
  return `r${now.toFormat("yyyyMMdd")}-${randomBytes(4).toString("hex")}`;
}

/**
 * Officer actions on rounds, with the domain rules (what is valid, when). Who may is settled before:
 * every action takes the officer's grant for the board, and works on that board's rounds only.
 */
export class RoundService {
  constructor(
    private readonly deps: {
      rounds: RoundsRepository;
      deliveries: DeliveriesRepository;
      responses: ResponsesRepository;
      directory: Pick<BoardDirectory, "roster" | "peopleWithRole">;
      clock: Clock;
      events: RoundEvents;
    },
  ) {}

  async launch(grant: OfficerGrant, input: LaunchInput): Promise<LaunchResult> {
    const board = grant.board;
    const now = this.deps.clock.now();
    const definition = this.validateLaunch(input, now);

    // Everyone on the team now except the board's officers (they run the round) and bots.
    const [roster, officers] = await Promise.all([
      this.deps.directory.roster(board, { fresh: true }),
      this.deps.directory.peopleWithRole(board, "officer"),
    ]);
    const officerIds = new Set([...officers.map((o) => o.aadObjectId), grant.actor.aadObjectId]);
    const audience = [...roster.values()].filter((m) => !officerIds.has(m.aadObjectId) && !m.id.startsWith("28:"));
    if (audience.length === 0) {
      throw new ValidationError([`I couldn't find any board members in ${board.name} to ask (officers aren't asked).`]);
    }

    const at = toUtcIso(now);
    const round = openRound(grant, now, {
      title: input.title.trim(),
      definition,
      anonymous: input.anonymous,
      minRespondents: input.minRespondents,
      deadline: input.deadline,
      digestConversationId: input.digestConversationId || board.id,
    });
    await this.deps.rounds.create(round);
    await this.deps.deliveries.ensureQueued(round.id, queuedLedger(round, audience, at));
    this.deps.events.launched(round);
    return { round, audience };
  }

  async close(grant: OfficerGrant, roundId: string): Promise<Round> {
    return this.transition(grant.board.id, roundId, "closed");
  }

  async cancel(grant: OfficerGrant, roundId: string): Promise<Round> {
    return this.transition(grant.board.id, roundId, "cancelled");
  }

  /** The scheduler's close at the deadline. Returns undefined if someone else closed it first. */
  async closeAtDeadline(round: Versioned<Round>): Promise<Round | undefined> {
    if (round.value.status !== "open") return undefined;
    const now = toUtcIso(this.deps.clock.now());
    const closed: Round = { ...round.value, status: "closed", closedAt: now, updatedAt: now };
    try {
      await this.deps.rounds.update(closed, round.etag);
    } catch (err) {
      if (err instanceof ConcurrencyError) return undefined;
      throw err;
    }
    this.deps.events.closed(closed);
    return closed;
  }

  async extend(grant: OfficerGrant, roundId: string, deadline: string): Promise<Round> {
    const boardId = grant.board.id;
    const now = this.deps.clock.now();
    const problems: string[] = [];
    const next = DateTime.fromISO(deadline, { zone: "utc" });
    if (next <= now.plus({ minutes: LIMITS.minMinutesAhead })) problems.push(`The new deadline must be at least ${LIMITS.minMinutesAhead} minutes from now.`);
    if (next > now.plus({ days: LIMITS.maxDaysAhead })) problems.push(`The new deadline must be within ${LIMITS.maxDaysAhead} days.`);
    if (problems.length > 0) throw new ValidationError(problems);
    return this.update(boardId, roundId, (round) => {
      this.requireOpen(round, now);
      return { ...round, deadline, updatedAt: toUtcIso(now) };
    });
  }

  async get(boardId: string, roundId: string): Promise<Round> {
    const found = await this.deps.rounds.get(boardId, roundId);
    if (!found) throw new RoundNotFoundError();
    return found.value;
  }

  async listOpen(boardIds: readonly string[]): Promise<Round[]> {
    const lists = await Promise.all(boardIds.map((id) => this.deps.rounds.listByBoard(id)));
    return lists.flat().filter((r) => r.status === "open").sort((a, b) => a.deadline.localeCompare(b.deadline));
  }

  /** Closed rounds of these boards that have a summary (check-ins have a progress digest instead), most recently closed first. */
  async listClosed(boardIds: readonly string[]): Promise<Round[]> {
    const lists = await Promise.all(boardIds.map((id) => this.deps.rounds.listByBoard(id)));
    return lists.flat().filter((r) => r.status === "closed" && !r.definition.kinds.includes("checkin")).sort((a, b) => (b.closedAt ?? "").localeCompare(a.closedAt ?? ""));
  }

  async progress(round: Round): Promise<RoundProgress> {
    const [deliveries, responses] = await Promise.all([
      this.deps.deliveries.listByRound(round.id),
      this.deps.responses.listByRound(round.id),
    ]);
    const answered = new Set(responses.filter(hasAnswered).map((r) => r.memberAadObjectId));
    const count = (status: Delivery["status"]) => deliveries.filter((d) => d.status === status).length;
    return {
      round,
      invited: deliveries.length,
      delivered: count("sent"),
      answered: deliveries.filter((d) => answered.has(d.memberAadObjectId)).length,
      unreachable: count("unreachable"),
      failed: count("failed"),
      pending: count("queued") + count("sending"),
      unreachableNames: deliveries.filter((d) => d.status === "unreachable" || d.status === "failed").map((d) => d.memberName).sort(),
    };
  }

  /** A member's own rounds and whether they have answered each. */
  async memberRounds(memberAadObjectId: string): Promise<Array<{ round: Round; answered: boolean }>> {
    const deliveries = await this.deps.deliveries.listByMember(memberAadObjectId.toLowerCase());
    const out: Array<{ round: Round; answered: boolean }> = [];
    for (const d of deliveries) {
      const round = await this.deps.rounds.get(d.boardId, d.roundId);
      if (!round || round.value.status === "cancelled") continue;
      const response = await this.deps.responses.get(d.roundId, d.memberAadObjectId);
      out.push({ round: round.value, answered: hasAnswered(response?.value) });
    }
    return out.sort((a, b) => a.round.deadline.localeCompare(b.round.deadline));
  }

  private async transition(boardId: string, roundId: string, status: "closed" | "cancelled"): Promise<Round> {
    const now = this.deps.clock.now();
    const round = await this.update(boardId, roundId, (r) => {
      this.requireOpen(r, now, status === "cancelled");
      return { ...r, status, closedAt: toUtcIso(now), updatedAt: toUtcIso(now) };
    });
    if (status === "closed") this.deps.events.closed(round);
    else this.deps.events.cancelled(round);
    return round;
  }

  /** Read-modify-write with the ETag, retrying a few times if someone else wrote in between. */
  private async update(boardId: string, roundId: string, change: (round: Round) => Round): Promise<Round> {
    for (let attempt = 0; ; attempt += 1) {
      const current = await this.deps.rounds.get(boardId, roundId);
      if (!current) throw new RoundNotFoundError();
      const next = change(current.value);
      try {
        await this.deps.rounds.update(next, current.etag);
        return next;
      } catch (err) {
        if (!(err instanceof ConcurrencyError) || attempt >= 3) throw err;
      }
    }
  }

  private requireOpen(round: Round, now: DateTime, allowAfterDeadline = false): void {
    if (round.status !== "open") throw new RoundClosedError(`“${round.title}” is already ${round.status}.`);
    if (!allowAfterDeadline && DateTime.fromISO(round.deadline) <= now) {
      throw new RoundClosedError(`“${round.title}” has passed its deadline and is closing.`);
    }
  }

  private validateLaunch(input: LaunchInput, now: DateTime): Round["definition"] {
    const problems: string[] = [];
    const kinds = [...new Set(input.kinds)];
    if (kinds.length === 0) problems.push("Choose what the round asks: feedback themes, a priority vote, commitments, or a mix.");
    const title = input.title.trim();
    if (title.length === 0) problems.push("Give the round a title.");
    if (title.length > LIMITS.titleChars) problems.push(`The title is ${title.length} characters; the limit is ${LIMITS.titleChars}.`);
    const deadline = DateTime.fromISO(input.deadline, { zone: "utc" });
    if (!deadline.isValid) problems.push("Pick a deadline.");
    else if (deadline <= now.plus({ minutes: LIMITS.minMinutesAhead })) problems.push(`The deadline must be at least ${LIMITS.minMinutesAhead} minutes from now.`);
    else if (deadline > now.plus({ days: LIMITS.maxDaysAhead })) problems.push(`The deadline must be within ${LIMITS.maxDaysAhead} days.`);
    if (!Number.isInteger(input.minRespondents) || input.minRespondents < 2 || input.minRespondents > 50) {
      problems.push("The minimum number of respondents must be a whole number from 2 to 50.");
    }

    const questions: Question[] = [];
    if (kinds.includes("feedback")) questions.push(...this.checkThemes(input.themes, problems));

    let options: Option[] = [];
    if (kinds.includes("vote")) {
      options = this.checkList(input.voteOptions, "o", "vote option", problems);
      if (options.length < 2) problems.push("A vote needs at least two options.");
      if (!Number.isInteger(input.votesPerMember) || input.votesPerMember < 1 || input.votesPerMember > LIMITS.maxVotesPerMember) {
        problems.push(`Votes per member must be a whole number from 1 to ${LIMITS.maxVotesPerMember}.`);
      }
      if (!input.allowMultipleVotes && input.votesPerMember > options.length && options.length >= 2) {
        problems.push(`With one vote per option, members can't place ${input.votesPerMember} votes on ${options.length} options.`);
      }
    }

    let interventions: Option[] = [];
    if (kinds.includes("commitment")) {
      interventions = this.checkList(input.interventions, "i", "intervention", problems);
      if (interventions.length === 0) problems.push("Commitments need at least one intervention.");
    }

    if (problems.length > 0) throw new ValidationError(problems);
    return {
      kinds,
      questions,
      options,
      ...(kinds.includes("vote") ? { votesPerMember: input.votesPerMember, allowMultipleVotesPerOption: input.allowMultipleVotes } : {}),
      interventions,
    };
  }

  private checkThemes(input: ThemeInput[], problems: string[]): Question[] {
    const themes = input.map((t) => ({ name: t.name.trim(), view: t.view.trim(), recommend: t.recommend.trim() }));
    if (themes.length === 0) problems.push("Include at least one theme.");
    if (themes.length > LIMITS.maxThemes) problems.push(`A round can have at most ${LIMITS.maxThemes} themes.`);
    const seen = new Set<string>();
    themes.forEach((t, i) => {
      const label = t.name || `Theme ${i + 1}`;
      if (!t.name) problems.push(`${label} needs a name.`);
      if (!t.view) problems.push(`${label} needs a “your view” question.`);
      if (t.name.length > LIMITS.themeChars) problems.push(`The theme name “${t.name.slice(0, 30)}…” is over ${LIMITS.themeChars} characters.`);
      if (t.view.length > LIMITS.questionChars || t.recommend.length > LIMITS.questionChars) {
        problems.push(`A question in ${label} is over ${LIMITS.questionChars} characters.`);
      }
      const key = t.name.toLowerCase();
      if (key && seen.has(key)) problems.push(`The theme “${t.name}” appears twice.`);
      seen.add(key);
    });
    const questions: Question[] = [];
    themes.forEach((t, i) => {
      questions.push({ id: `t${i + 1}`, theme: t.name, text: t.view, kind: "view" });
      if (t.recommend) questions.push({ id: `t${i + 1}r`, theme: t.name, text: t.recommend, kind: "recommendation" });
    });
    return questions;
  }

  /** Options or interventions from "one per line": trimmed, blank lines dropped, duplicates refused. */
  private checkList(lines: string[], prefix: string, what: string, problems: string[]): Option[] {
    const labels = lines.map((l) => l.trim().replace(/^[-•*·]\s*/, "")).filter((l) => l.length > 0);
    if (labels.length > LIMITS.maxOptions) problems.push(`At most ${LIMITS.maxOptions} ${what}s.`);
    const seen = new Set<string>();
    for (const label of labels) {
      if (label.length > LIMITS.optionChars) problems.push(`The ${what} “${label.slice(0, 30)}…” is over ${LIMITS.optionChars} characters.`);
      if (seen.has(label.toLowerCase())) problems.push(`The ${what} “${label}” appears twice.`);
      seen.add(label.toLowerCase());
    }
    return labels.map((label, i) => ({ id: `${prefix}${i + 1}`, label }));
  }
}
