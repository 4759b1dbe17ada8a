import { DateTime } from "luxon";
import { actionIsOverdue, formatDueDate } from "../accountability/due.ts";
import { PROGRESS_TITLES, type ActionUpdate, type ActionUpdateKind, type BoardAction } from "../domain/action.ts";
import type { Round } from "../domain/round.ts";
import type { ActionsRepository } from "../storage/actions.repository.ts";
import type { ActionBadgeDto, ActionHistoryEntryDto, RoundActionDto, TrackerActionDto } from "./dashboard.types.ts";

/**
 * The action tracker as the dashboard shows it: the board's actions with a status in words (never
 * colour alone), overdue measured in the board's zone by the same rule as the report and the bot
 * (services/accountability/due.ts), and each action's history as this viewer may read it. The
 * caller (DashboardService) has already checked the viewer is on the board.
 */

/** What the tracker reads of the actions store. */
export type TrackerActions = Pick<ActionsRepository, "listByBoard" | "boardHistory">;

/** Whose names the history shows: officers and the chair see who wrote each entry; members don't. */
export interface TrackerViewer {
  seesNames: boolean;
  /** The board's rounds the viewer may open (a source round is linked only then). */
  visibleRoundIds: ReadonlySet<string>;
}

const NO_UPDATE = "No update yet";

export const UPDATE_KIND_TEXT: Record<ActionUpdateKind, string> = {
  created: "Created",
  edited: "Edited",
  reassigned: "Reassigned",
  closed: "Closed",
  reopened: "Reopened",
  progress: "Progress update",
};

/** An instant as the UK calendar day it fell on: "3 Nov 2026". */
export function dayText(utcIso: string, zone: string): string {
  const at = DateTime.fromISO(utcIso, { zone: "utc" }).setZone(zone);
  return at.isValid ? formatDueDate(at.toFormat("yyyy-MM-dd")) : utcIso;
}

export function badgeOf(action: BoardAction, now: DateTime, zone: string): ActionBadgeDto {
  if (action.state === "closed") return { key: "closed", text: "Closed" };
  if (actionIsOverdue(action, now, zone)) return { key: "overdue", text: "Overdue" };
  return action.status ? { key: action.status, text: PROGRESS_TITLES[action.status] } : { key: "none", text: NO_UPDATE };
}

/** Only http(s) links are ever links: anything else (javascript:, data:, a typo) is shown as text. */
export function safeLink(link: string | undefined): ActionHistoryEntryDto["link"] | undefined {
  const text = link?.trim();
  if (!text) return undefined;
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") return { text, href: url.href };
  } catch {
    /* not a URL */
  }
  return { text };
}

function whoText(u: ActionUpdate, viewer: TrackerViewer): string {
  if (u.kind === "progress") {
    if (!viewer.seesNames) return u.organisation ?? "A board member";
    return u.organisation ? `${u.byName} for ${u.organisation}` : u.byName;
  }
  return viewer.seesNames ? u.byName : "An officer";
}

export function historyEntry(u: ActionUpdate, viewer: TrackerViewer, zone: string): ActionHistoryEntryDto {
  const link = safeLink(u.link);
  return {
    id: u.id,
    kind: u.kind,
    kindText: UPDATE_KIND_TEXT[u.kind] ?? u.kind,
    at: u.at,
    atText: dayText(u.at, zone),
    whoText: whoText(u, viewer),
    ...(u.organisation ? { organisation: u.organisation } : {}),
    ...(u.status ? { status: u.status, statusText: PROGRESS_TITLES[u.status] } : {}),
    ...(u.text ? { text: u.text } : {}),
    ...(link ? { link } : {}),
    ...(u.change ? { change: u.change } : {}),
  };
}

/** Open actions first, soonest due first (the overdue lead), then closed ones; ties by title, then id (as the report orders them). */
export function trackerOrder(a: BoardAction, b: BoardAction): number {
  return Number(a.state === "closed") - Number(b.state === "closed") || a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id);
}

export function trackerAction(action: BoardAction, updates: readonly ActionUpdate[], viewer: TrackerViewer, now: DateTime, zone: string): TrackerActionDto {
  const badge = badgeOf(action, now, zone);
  const progress = action.status ? PROGRESS_TITLES[action.status] : NO_UPDATE;
  const reported = action.status && action.statusAt ? `reported ${dayText(action.statusAt, zone)}` : "";
  const detail = [badge.key === "closed" || badge.key === "overdue" ? progress : "", reported].filter(Boolean).join(", ");
  const history = [...updates].sort((x, y) => y.at.localeCompare(x.at) || y.id.localeCompare(x.id)).map((u) => historyEntry(u, viewer, zone));
  return {
    id: action.id,
    title: action.title,
    organisation: action.ownerOrganisation,
    ...(action.leadName ? { leadName: action.leadName } : {}),
    dueDate: action.dueDate,
    dueText: formatDueDate(action.dueDate),
    ...(action.intervention ? { intervention: action.intervention } : {}),
    ...(action.source
      ? { source: { roundId: action.source.roundId, roundTitle: action.source.roundTitle, kind: action.source.kind, linked: viewer.visibleRoundIds.has(action.source.roundId) } }
      : {}),
    state: action.state,
    ...(action.status ? { status: action.status } : {}),
    statusText: progress,
    overdue: badge.key === "overdue",
    badge,
    ...(detail ? { detailText: detail.charAt(0).toUpperCase() + detail.slice(1) } : {}),
    history,
  };
}

/** The board's tracker: every action with its history (one partition read each for a board's few hundred). */
export async function loadTracker(actions: TrackerActions | undefined, boardId: string, viewer: TrackerViewer, now: DateTime, zone: string): Promise<TrackerActionDto[]> {
  if (!actions) return [];
  const [list, history] = await Promise.all([actions.listByBoard(boardId), actions.boardHistory(boardId)]);
  const byAction = new Map<string, ActionUpdate[]>();
  for (const u of history) {
    if (u.boardId !== boardId) continue;
    const entries = byAction.get(u.actionId) ?? [];
    entries.push(u);
    byAction.set(u.actionId, entries);
  }
  return list
    .filter((a) => a.boardId === boardId)
    .sort(trackerOrder)
    .map((a) => trackerAction(a, byAction.get(a.id) ?? [], viewer, now, zone));
}

/** "4 actions: 3 open (1 overdue), 1 closed." (the report's wording). */
export function trackerSummaryText(actions: readonly TrackerActionDto[]): string {
  if (actions.length === 0) return "No actions yet.";
  const open = actions.filter((a) => a.state === "open").length;
  const overdue = actions.filter((a) => a.overdue).length;
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return `${n(actions.length, "action", "actions")}: ${open} open${overdue > 0 ? ` (${overdue} overdue)` : ""}, ${actions.length - open} closed.`;
}

/** The round page's list: the actions whose source is that round, in tracker order. */
export async function roundActions(actions: TrackerActions | undefined, round: Round, now: DateTime, zone: string): Promise<RoundActionDto[]> {
  if (!actions) return [];
  const list = (await actions.listByBoard(round.boardId)).filter((a) => a.boardId === round.boardId && a.source?.roundId === round.id).sort(trackerOrder);
  return list.map((a) => ({ id: a.id, title: a.title, organisation: a.ownerOrganisation, dueText: formatDueDate(a.dueDate), badge: badgeOf(a, now, zone) }));
}
