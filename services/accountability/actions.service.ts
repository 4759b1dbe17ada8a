import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import type { BoardDirectory, OfficerGrant } from "../boards/board-directory.ts";
import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { ActionSource, ActionUpdate, ActionUpdateKind, BoardAction } from "../domain/action.ts";
import { ValidationError } from "../rounds/errors.ts";
import type { ActionsRepository } from "../storage/actions.repository.ts";
import { ConcurrencyError } from "../storage/errors.ts";
import type { Versioned } from "../storage/table-ops.ts";
import { ActionNotFoundError } from "./errors.ts";
import type { SourceChoice } from "./sources.ts";
import { formatDueDate } from "./due.ts";

export const ACTION_LIMITS = { titleChars: 200, organisationChars: 120, interventionChars: 150, maxDaysAhead: 3 * 366 } as const;

/**
 * What an officer types or picks for an action; ids are checked, names are looked up, never taken
 * from the card. With a source, a blank title, owner or intervention is taken from the item as the
 * published summary has it.
 */
export interface ActionInput {
  title: string;
  ownerOrganisation: string;
  /** A person on the board's roster, or none. */
  leadAadObjectId?: string;
  /** yyyy-MM-dd, a UK calendar date. */
  dueDate: string;
  intervention?: string;
  /** The round and item it is made from, as the card names them (looked up, never trusted). */
  source?: Pick<ActionSource, "roundId" | "kind" | "ref">;
}

/** The item an action is made from, as this board's published round has it (a ValidationError if it has no such item). */
export type SourceCheck = (boardId: string, source: Pick<ActionSource, "roundId" | "kind" | "ref">) => Promise<SourceChoice>;

export function newActionId(now: DateTime): string {
  return `a${now.toFormat("yyyyMMdd")}-${randomBytes(4).toString("hex")}`;
}

/** A history entry's id: time first so an action's history reads in order; random so two in one millisecond don't collide. */
export function updateId(at: string, suffix = randomBytes(4).toString("hex")): string {
  return `${at}|${suffix}`;
}

/**
 * The board's actions: officers make them (from a published round's recommendations and
 * commitments, or from scratch), edit, reassign, close and reopen them. Every change is written
 * with the history entry that records who did what, when, in one transaction — the action's
 * history is its audit trail. Every method takes the officer's grant for the board and works on
 * that board's actions only.
 */
export class ActionsService {
  constructor(
    private readonly deps: {
      actions: ActionsRepository;
      directory: Pick<BoardDirectory, "roster">;
      checkSource: SourceCheck;
      clock: Clock;
      timeZone: string;
    },
  ) {}

  async list(boardId: string): Promise<BoardAction[]> {
    return this.deps.actions.listByBoard(boardId);
  }

  async get(boardId: string, actionId: string): Promise<Versioned<BoardAction>> {
    const found = await this.deps.actions.get(boardId, actionId);
    if (!found) throw new ActionNotFoundError();
    return found;
  }

  async create(grant: OfficerGrant, input: ActionInput): Promise<BoardAction> {
    const now = this.deps.clock.now();
    const checked = await this.check(grant, input, now, { newAction: true });
    const at = toUtcIso(now);
    const action: BoardAction = {
      boardId: grant.board.id,
      id: newActionId(now),
      ...checked,
      state: "open",
      createdBy: grant.actor.aadObjectId,
      createdAt: at,
      updatedAt: at,
    };
    const from = action.source ? ` from “${action.source.roundTitle}”` : "";
    await this.deps.actions.create(action, this.entry(grant, action, "created", at, `made${from}: ${action.ownerOrganisation}, due ${formatDueDate(action.dueDate)}`));
    return action;
  }

  /** Title, organisation, lead, due date, intervention: whatever differs is changed, and said in the history. */
  async edit(grant: OfficerGrant, actionId: string, input: Omit<ActionInput, "source">): Promise<BoardAction> {
    const checked = await this.check(grant, input, this.deps.clock.now(), { newAction: false });
    return this.change(grant, actionId, (a) => {
      const next: BoardAction = { ...a, ...checked, source: a.source };
      if (!checked.leadAadObjectId) {
        delete next.leadAadObjectId;
        delete next.leadName;
      }
      if (!checked.intervention) delete next.intervention;
      const words = describeChanges(a, next);
      if (words.length === 0) return undefined;
      const reassigned = a.leadAadObjectId !== next.leadAadObjectId || a.ownerOrganisation !== next.ownerOrganisation;
      return { next, kind: reassigned ? "reassigned" : "edited", change: words.join("; ") };
    });
  }

  async close(grant: OfficerGrant, actionId: string): Promise<BoardAction> {
    return this.change(grant, actionId, (a, at) => (a.state === "closed" ? undefined : { next: { ...a, state: "closed", closedAt: at }, kind: "closed", change: "closed" }));
  }

  async reopen(grant: OfficerGrant, actionId: string): Promise<BoardAction> {
    return this.change(grant, actionId, (a) => {
      if (a.state === "open") return undefined;
      const { closedAt: _closed, ...rest } = a;
      return { next: { ...rest, state: "open" }, kind: "reopened", change: "reopened" };
    });
  }

  /** Read, change, write with the ETag; another officer's change in between is read again and the change re-applied. */
  private async change(
    grant: OfficerGrant,
    actionId: string,
    apply: (a: BoardAction, at: string) => { next: BoardAction; kind: ActionUpdateKind; change: string } | undefined,
  ): Promise<BoardAction> {
    for (let attempt = 0; ; attempt += 1) {
      const current = await this.get(grant.board.id, actionId);
      const at = toUtcIso(this.deps.clock.now());
      const planned = apply(current.value, at);
      if (!planned) return current.value;
      const next = { ...planned.next, updatedAt: at };
      try {
        await this.deps.actions.update(next, current.etag, this.entry(grant, next, planned.kind, at, planned.change));
        return next;
      } catch (err) {
        if (!(err instanceof ConcurrencyError) || attempt >= 3) throw err;
      }
    }
  }

  private entry(grant: OfficerGrant, action: BoardAction, kind: ActionUpdateKind, at: string, change: string): ActionUpdate {
    return { boardId: action.boardId, actionId: action.id, id: updateId(at), kind, at, by: grant.actor.aadObjectId, byName: grant.actor.name ?? "", change };
  }

  /** Every rule in one pass, so the officer sees all the problems at once. */
  private async check(grant: OfficerGrant, input: ActionInput, now: DateTime, how: { newAction: boolean }): Promise<Omit<BoardAction, "boardId" | "id" | "state" | "createdBy" | "createdAt" | "updatedAt">> {
    const problems: string[] = [];
    let chosen: SourceChoice | undefined;
    if (input.source) {
      try {
        chosen = await this.deps.checkSource(grant.board.id, input.source);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        problems.push(...err.problems);
      }
    }
    const tidy = (text: string | undefined) => text?.replace(/\s+/g, " ").trim() || undefined;
    const title = tidy(input.title) ?? chosen?.title ?? "";
    const ownerOrganisation = tidy(input.ownerOrganisation) ?? chosen?.organisations[0] ?? "";
    const intervention = tidy(input.intervention) ?? chosen?.intervention;
    if (!title) problems.push("Give the action a title.");
    else if (title.length > ACTION_LIMITS.titleChars) problems.push(`The title is over ${ACTION_LIMITS.titleChars} characters.`);
    if (!ownerOrganisation) problems.push("Say which organisation owns the action.");
    else if (ownerOrganisation.length > ACTION_LIMITS.organisationChars) problems.push(`The organisation's name is over ${ACTION_LIMITS.organisationChars} characters.`);
    if (intervention && intervention.length > ACTION_LIMITS.interventionChars) problems.push(`The intervention is over ${ACTION_LIMITS.interventionChars} characters.`);

    const today = now.setZone(this.deps.timeZone).startOf("day");
    const due = /^\d{4}-\d{2}-\d{2}$/.test(input.dueDate) ? DateTime.fromISO(input.dueDate, { zone: this.deps.timeZone }) : undefined;
    if (!due || !due.isValid) problems.push("Pick a due date.");
    else if (how.newAction && due < today) problems.push("The due date is in the past.");
    else if (due > today.plus({ days: ACTION_LIMITS.maxDaysAhead })) problems.push("The due date is more than three years away.");

    let lead: { leadAadObjectId?: string; leadName?: string } = {};
    if (input.leadAadObjectId) {
      const person = (await this.deps.directory.roster(grant.board)).get(input.leadAadObjectId.toLowerCase());
      if (!person) problems.push("The lead must be someone on the board's team.");
      else lead = { leadAadObjectId: person.aadObjectId.toLowerCase(), leadName: person.name };
    }
    if (problems.length > 0) throw new ValidationError(problems);
    return { title, ownerOrganisation, dueDate: input.dueDate, ...lead, ...(intervention ? { intervention } : {}), ...(chosen ? { source: chosen.source } : {}) };
  }
}

function describeChanges(a: BoardAction, b: BoardAction): string[] {
  const words: string[] = [];
  if (a.title !== b.title) words.push(`title “${a.title}” → “${b.title}”`);
  if (a.ownerOrganisation !== b.ownerOrganisation) words.push(`organisation ${a.ownerOrganisation} → ${b.ownerOrganisation}`);
  if (a.leadAadObjectId !== b.leadAadObjectId) words.push(`lead ${a.leadName || "none"} → ${b.leadName || "none"}`);
  if (a.dueDate !== b.dueDate) words.push(`due ${formatDueDate(a.dueDate)} → ${formatDueDate(b.dueDate)}`);
  if ((a.intervention ?? "") !== (b.intervention ?? "")) words.push(`intervention ${a.intervention || "none"} → ${b.intervention || "none"}`);
  return words;
}
