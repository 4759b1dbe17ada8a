import type { DateTime } from "luxon";
import type { ActionRowView, ActionsCardData } from "../../cards/actions.card.ts";
import type { Banner } from "../../cards/card-types.ts";
import { actionIsOverdue, formatDueDate } from "../../services/accountability/due.ts";
import { PROGRESS_TITLES, type BoardAction } from "../../services/domain/action.ts";

/** Rows on the chat card; the tab has the full tracker. */
export const ACTION_ROWS = 20;

export function actionRow(a: BoardAction, now: DateTime, zone: string): ActionRowView {
  const overdue = actionIsOverdue(a, now, zone);
  const status = a.status ? PROGRESS_TITLES[a.status] : "No update yet";
  const statusText = a.state === "closed" ? `Closed · last reported ${status.toLowerCase()}` : overdue ? `Overdue · ${status}` : status;
  const tone: ActionRowView["tone"] =
    a.state === "closed" ? "default" : overdue || a.status === "off_track" ? "attention" : a.status === "at_risk" ? "warning" : a.status === "on_track" || a.status === "done" ? "good" : "default";
  const facts = [a.ownerOrganisation, ...(a.leadName ? [`Lead: ${a.leadName}`] : []), `Due ${formatDueDate(a.dueDate)}`, ...(a.intervention ? [a.intervention] : []), ...(a.source ? [`From “${a.source.roundTitle}”`] : [])];
  return { id: a.id, title: a.title, factsText: facts.join(" · "), statusText, tone, closed: a.state === "closed" };
}

export function actionsCardData(board: { id: string; name: string }, actions: BoardAction[], canManage: boolean, now: DateTime, zone: string, banner?: Banner): ActionsCardData {
  // Open first (overdue, then soonest due), closed last.
  const ordered = [...actions].sort((a, b) => (a.state === b.state ? a.dueDate.localeCompare(b.dueDate) : a.state === "open" ? -1 : 1));
  const open = actions.filter((a) => a.state === "open");
  const overdue = open.filter((a) => actionIsOverdue(a, now, zone)).length;
  const atRisk = open.filter((a) => a.status === "at_risk" || a.status === "off_track").length;
  const countsText = actions.length === 0 ? "" : `${open.length} open (${overdue} overdue, ${atRisk} at risk or off track), ${actions.length - open.length} closed.`;
  return {
    ...(banner ? { banner } : {}),
    boardId: board.id,
    boardName: board.name,
    countsText,
    actions: ordered.slice(0, ACTION_ROWS).map((a) => actionRow(a, now, zone)),
    moreCount: Math.max(0, ordered.length - ACTION_ROWS),
    canManage,
  };
}
