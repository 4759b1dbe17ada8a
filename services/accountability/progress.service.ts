import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import { PROGRESS_STATUSES, type BoardAction, type ProgressStatus } from "../domain/action.ts";
import type { ProgressReply } from "../domain/response.ts";
import type { Round } from "../domain/round.ts";
import type { ActionsRepository } from "../storage/actions.repository.ts";
import type { DeliveriesRepository } from "../storage/deliveries.repository.ts";
import { AlreadyExistsError, ConcurrencyError } from "../storage/errors.ts";
import type { ResponsesRepository } from "../storage/responses.repository.ts";
import type { SummariesRepository } from "../storage/summaries.repository.ts";
import { updateId } from "./actions.service.ts";
import { actionIsOverdue } from "./due.ts";

/** What a check-in found, for the board's channel: organisations, never people. */
export interface ProgressDigest {
  checkInId: string;
  boardId: string;
  boardName: string;
  title: string;
  /** UTC ISO. */
  closedAt: string;
  /** Actions the check-in asked about. */
  actions: number;
  /** Actions by the status reported at this check-in ("no_update": nobody replied about it). */
  counts: Record<ProgressStatus | "no_update", number>;
  /** Status changes since the previous report of each action. */
  changes: Array<{ actionId: string; title: string; organisation: string; from?: ProgressStatus; to: ProgressStatus }>;
  /** The board's open actions past their due date, as of the close. */
  overdue: Array<{ actionId: string; title: string; organisation: string; dueDate: string }>;
  /** Organisations asked that sent no reply. */
  silentOrganisations: string[];
  reportedOrganisations: string[];
  /** The next check-in of a cadence (UTC ISO): when it goes out and when it closes. */
  next?: { opensAt: string; deadline: string };
}

export interface ProgressEvents {
  /** The digest was stored for the first time: post it (channel, and chairs 1:1). */
  published(round: Round, digest: ProgressDigest): void;
}

/**
 * When a check-in closes: every reply becomes an entry in its action's history (and the action's
 * latest status), then the progress digest is worked out, stored once and announced. Written so
 * that running it again after a crash changes nothing: entries have ids made of the check-in and
 * the person, and the digest is created only once (a second run finds it and posts nothing).
 */
export class ProgressService {
  constructor(
    private readonly deps: {
      actions: ActionsRepository;
      responses: ResponsesRepository;
      deliveries: DeliveriesRepository;
      summaries: SummariesRepository;
      clock: Clock;
      timeZone: string;
      events: ProgressEvents;
      /** Schedules the next check-in of a cadence (once, however often it is called). */
      scheduleNext?: (closed: Round) => Promise<Round | undefined>;
    },
  ) {}

  async closeCheckIn(round: Round): Promise<ProgressDigest | undefined> {
    const checkIn = round.definition.checkIn;
    if (round.status !== "closed" || !checkIn) return undefined;
    if (await this.deps.summaries.get(round.id, "progress")) return undefined;

    const [responses, ledger] = await Promise.all([this.deps.responses.listByRound(round.id), this.deps.deliveries.listByRound(round.id)]);
    const names = new Map(ledger.map((d) => [d.memberAadObjectId, d.memberName]));
    const replies = responses
      .flatMap((r) => Object.entries(r.progress ?? {}).map(([actionId, reply]) => ({ member: r.memberAadObjectId, at: r.savedAt, actionId, reply })))
      .sort((a, b) => a.at.localeCompare(b.at) || a.member.localeCompare(b.member));

    // Latest reply per action wins its status, as replies are applied in the order they were saved.
    const latest = new Map<string, ProgressReply>();
    for (const { member, at, actionId, reply } of replies) {
      await this.record(round, actionId, member, names.get(member) ?? "", at, reply);
      latest.set(actionId, reply);
    }

    const now = this.deps.clock.now();
    const board = await this.deps.actions.listByBoard(round.boardId);
    const next = await this.deps.scheduleNext?.(round);
    const digest: ProgressDigest = {
      ...this.digest(round, board, latest, replies.map((r) => r.member), toUtcIso(now)),
      ...(next?.definition.checkIn?.opensAt ? { next: { opensAt: next.definition.checkIn.opensAt, deadline: next.deadline } } : {}),
    };
    const at = toUtcIso(now);
    try {
      await this.deps.summaries.save<ProgressDigest>({ roundId: round.id, stage: "progress", revision: 1, body: digest, createdAt: at, updatedAt: at }, undefined);
    } catch (err) {
      if (err instanceof AlreadyExistsError) return undefined;
      throw err;
    }
    this.deps.events.published(round, digest);
    return digest;
  }

  private async record(round: Round, actionId: string, member: string, name: string, at: string, reply: ProgressReply): Promise<void> {
    const entry = {
      boardId: round.boardId,
      actionId,
      id: updateId(at, `${round.id}|${member}`),
      kind: "progress" as const,
      at,
      by: member,
      byName: name,
      organisation: round.definition.checkIn?.organisations[member] ?? "",
      checkInId: round.id,
      status: reply.status,
      ...(reply.update ? { text: reply.update } : {}),
      ...(reply.link ? { link: reply.link } : {}),
    };
    for (let attempt = 0; ; attempt += 1) {
      const current = await this.deps.actions.get(round.boardId, actionId);
      // An action deleted or closed since: keep the history entry, leave the action alone.
      if (!current || current.value.state !== "open") return this.deps.actions.appendUpdate(entry);
      const next: BoardAction = { ...current.value, status: reply.status, statusAt: at, updatedAt: current.value.updatedAt };
      try {
        await this.deps.actions.update(next, current.etag, entry);
        return;
      } catch (err) {
        if (!(err instanceof ConcurrencyError) || attempt >= 3) throw err;
      }
    }
  }

  private digest(round: Round, board: BoardAction[], latest: Map<string, ProgressReply>, repliedBy: string[], closedAt: string): ProgressDigest {
    const checkIn = round.definition.checkIn!;
    const counts = Object.fromEntries([...PROGRESS_STATUSES, "no_update"].map((s) => [s, 0])) as ProgressDigest["counts"];
    const changes: ProgressDigest["changes"] = [];
    for (const item of checkIn.items) {
      const reply = latest.get(item.actionId);
      counts[reply?.status ?? "no_update"] += 1;
      if (reply && reply.status !== item.status) {
        changes.push({ actionId: item.actionId, title: item.title, organisation: item.ownerOrganisation, ...(item.status ? { from: item.status as ProgressStatus } : {}), to: reply.status });
      }
    }
    const now = this.deps.clock.now();
    const overdue = board
      .filter((a) => actionIsOverdue(a, now, this.deps.timeZone))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
      .map((a) => ({ actionId: a.id, title: a.title, organisation: a.ownerOrganisation, dueDate: a.dueDate }));
    const asked = uniqueOrgs(Object.values(checkIn.organisations));
    const reported = uniqueOrgs(repliedBy.map((m) => checkIn.organisations[m] ?? ""));
    const reportedKeys = new Set(reported.map((o) => o.toLowerCase()));
    return {
      checkInId: round.id,
      boardId: round.boardId,
      boardName: round.boardName,
      title: round.title,
      closedAt: round.closedAt ?? closedAt,
      actions: checkIn.items.length,
      counts,
      changes,
      overdue,
      silentOrganisations: asked.filter((o) => !reportedKeys.has(o.toLowerCase())),
      reportedOrganisations: reported,
    };
  }
}

/** Organisations by name, once each whatever the case, in alphabetical order. */
function uniqueOrgs(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const n of names) if (n.trim() && !seen.has(n.trim().toLowerCase())) seen.set(n.trim().toLowerCase(), n.trim());
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}
