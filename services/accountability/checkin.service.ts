import { DateTime } from "luxon";
import type { BoardDirectory, OfficerGrant } from "../boards/board-directory.ts";
import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { BoardAction } from "../domain/action.ts";
import type { RoundResponse } from "../domain/response.ts";
import type { CheckInItem, Round } from "../domain/round.ts";
import type { TeamMember } from "../messaging/messenger.ts";
import { ValidationError } from "../rounds/errors.ts";
import { LIMITS, openRound, queuedLedger, type RoundEvents } from "../rounds/round.service.ts";
import type { ActionsRepository } from "../storage/actions.repository.ts";
import type { DeliveriesRepository } from "../storage/deliveries.repository.ts";
import type { ResponsesRepository } from "../storage/responses.repository.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
import { formatForPeople } from "../rounds/time.ts";

export interface CheckInInput {
  /** UTC ISO: when replies close (the handler turned the officer's UK date and time into this). */
  deadline: string;
  /** Ask again every N weeks (the next one closes N weeks after this one); absent: once. */
  repeatEveryWeeks?: number;
}

/** Who would be asked about what, right now. */
export interface CheckInPlan {
  items: CheckInItem[];
  organisations: Record<string, string>;
  asked: CheckInLaunch["asked"];
  nobodyToAsk: BoardAction[];
}

export const REPEAT_WEEKS = [2, 4, 6, 8, 12] as const;

export interface CheckInLaunch {
  round: Round;
  /** People asked, with how many actions each. */
  asked: Array<{ person: TeamMember; organisation: string; actions: number }>;
  /** Open actions nobody on the team answers for (no lead, no committed organisation's member): say so to the officer. */
  nobodyToAsk: BoardAction[];
}

const sameOrg = (a: string | undefined, b: string | undefined): boolean => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Check-ins: a round of kind "checkin" that asks the people who answer for the board's open
 * actions how each is going. Being a round, it goes out, is reminded, closes and resumes after a
 * crash through the same fan-out, ledger and scheduler as every round — paced, no duplicates.
 *
 * Who is asked about an action: its named lead, and every member whose organisation committed to
 * lead or contribute to its intervention in the round the action came from (seed 002's levels),
 * and members of the owning organisation who answered that round — while they are on the team.
 * Officers aren't asked (they run it). Check-ins are never anonymous: the card says replies are
 * shared under the organisation's name.
 */
export class CheckInService {
  constructor(
    private readonly deps: {
      actions: ActionsRepository;
      rounds: RoundsRepository;
      deliveries: DeliveriesRepository;
      responses: ResponsesRepository;
      directory: Pick<BoardDirectory, "roster" | "peopleWithRole">;
      clock: Clock;
      timeZone: string;
      events: Pick<RoundEvents, "launched">;
    },
  ) {}

  async launch(grant: OfficerGrant, input: CheckInInput): Promise<CheckInLaunch> {
    const now = this.deps.clock.now();
    this.checkDeadline(input.deadline, now);
    if (input.repeatEveryWeeks !== undefined && !(REPEAT_WEEKS as readonly number[]).includes(input.repeatEveryWeeks)) {
      throw new ValidationError(["Choose how often to repeat the check-in from the list."]);
    }
    const plan = await this.plan(grant);
    const round = openRound(grant, now, {
      title: checkInTitle(input.deadline, this.deps.timeZone),
      definition: checkInDefinition(plan, input.repeatEveryWeeks),
      anonymous: false,
      minRespondents: 1,
      deadline: input.deadline,
      digestConversationId: grant.board.id,
    });
    await this.deps.rounds.create(round);
    await this.send(round, plan, toUtcIso(now));
    return { round, asked: plan.asked, nobodyToAsk: plan.nobodyToAsk };
  }

  /** The ledger for everyone asked, then the fan-out (as a round's launch). */
  async send(round: Round, plan: CheckInPlan, at: string): Promise<void> {
    await this.queue(round, plan, at);
    this.announce(round);
  }

  /** The ledger alone (written again, it adds nothing): a scheduled check-in writes it before it is marked open. */
  async queue(round: Round, plan: CheckInPlan, at: string): Promise<void> {
    const people = plan.asked.map(({ person }) => ({ ...person, aadObjectId: person.aadObjectId.toLowerCase() }));
    await this.deps.deliveries.ensureQueued(round.id, queuedLedger(round, people, at));
  }

  /** An open check-in with its ledger: the fan-out sends it. */
  announce(round: Round): void {
    this.deps.events.launched(round);
  }

  /** The board's open actions and who answers for each, as of now (a ValidationError when there is nobody to ask). */
  async plan(grant: OfficerGrant): Promise<CheckInPlan> {
    const board = grant.board;
    const open = (await this.deps.actions.listByBoard(board.id)).filter((a) => a.state === "open" && a.status !== "done" && a.status !== "dropped");
    if (open.length === 0) throw new ValidationError(["There are no open actions to check in on. Make actions from a published round first (type **actions**)."]);

    const [roster, officers] = await Promise.all([this.deps.directory.roster(board, { fresh: true }), this.deps.directory.peopleWithRole(board, "officer")]);
    const officerIds = new Set([...officers.map((o) => o.aadObjectId.toLowerCase()), grant.actor.aadObjectId.toLowerCase()]);
    const onTeam = (id: string | undefined) => (id ? roster.get(id.toLowerCase()) : undefined);

    const sourceResponses = new Map<string, RoundResponse[]>();
    for (const roundId of new Set(open.flatMap((a) => (a.source ? [a.source.roundId] : [])))) {
      sourceResponses.set(roundId, await this.deps.responses.listByRound(roundId));
    }

    const organisations: Record<string, string> = {};
    const items: CheckInItem[] = [];
    const nobodyToAsk: BoardAction[] = [];
    for (const action of open) {
      const people = new Map<string, string>(); // person → organisation they answer for
      const lead = onTeam(action.leadAadObjectId);
      if (lead && !officerIds.has(lead.aadObjectId.toLowerCase())) people.set(lead.aadObjectId.toLowerCase(), action.ownerOrganisation);
      for (const r of action.source ? (sourceResponses.get(action.source.roundId) ?? []) : []) {
        const member = onTeam(r.memberAadObjectId);
        if (!member || officerIds.has(member.aadObjectId.toLowerCase()) || !r.organisation) continue;
        const committed = action.source?.kind === "commitment" && r.commitments.some((c) => c.interventionId === action.source!.ref && (c.level === "lead" || c.level === "contribute"));
        if (committed || sameOrg(r.organisation, action.ownerOrganisation)) people.set(member.aadObjectId.toLowerCase(), r.organisation);
      }
      if (people.size === 0) {
        nobodyToAsk.push(action);
        continue;
      }
      for (const [id, org] of people) organisations[id] ??= org;
      items.push({
        actionId: action.id,
        title: action.title,
        ownerOrganisation: action.ownerOrganisation,
        dueDate: action.dueDate,
        ...(action.intervention ? { intervention: action.intervention } : {}),
        ...(action.status ? { status: action.status } : {}),
        people: [...people.keys()],
      });
    }
    if (items.length === 0) {
      throw new ValidationError([`Nobody on the team answers for the open actions yet: give them a lead (type **actions**), then start the check-in again.`]);
    }
    const asked = Object.keys(organisations).map((id) => ({
      person: roster.get(id)!,
      organisation: organisations[id]!,
      actions: items.filter((i) => i.people.includes(id)).length,
    }));
    return { items, organisations, asked, nobodyToAsk };
  }

  private checkDeadline(deadline: string, now: DateTime): void {
    const at = DateTime.fromISO(deadline);
    if (!at.isValid) throw new ValidationError(["Pick when replies close."]);
    if (at < now.plus({ minutes: LIMITS.minMinutesAhead })) throw new ValidationError([`Replies must close at least ${LIMITS.minMinutesAhead} minutes from now.`]);
    if (at > now.plus({ days: LIMITS.maxDaysAhead })) throw new ValidationError([`Replies must close within ${LIMITS.maxDaysAhead} days.`]);
  }
}

export function checkInTitle(deadline: string, zone: string): string {
  return `Progress check-in, closing ${formatForPeople(deadline, zone)}`;
}

export function checkInDefinition(plan: Pick<CheckInPlan, "items" | "organisations">, repeatEveryWeeks?: number): Round["definition"] {
  return { kinds: ["checkin"], questions: [], options: [], checkIn: { items: plan.items, organisations: plan.organisations, ...(repeatEveryWeeks ? { repeatEveryWeeks } : {}) } };
}

/** The items of a check-in one person is asked about. */
export function itemsFor(round: Round, aadObjectId: string | undefined): CheckInItem[] {
  const id = (aadObjectId ?? "").toLowerCase();
  return (round.definition.checkIn?.items ?? []).filter((i) => i.people.includes(id));
}
