import { DateTime } from "luxon";
import { actionIsOverdue, formatDueDate } from "../accountability/due.ts";
import { PROGRESS_TITLES, type BoardAction } from "../domain/action.ts";

/**
 * The board's action tracker as the report prints it: one row per action, in words (the printed
 * page may be black and white, so nothing relies on colour). Overdue and due-date wording come
 * from services/accountability/due.ts, so the report and the bot's tracker agree on what is late.
 */

export interface TrackerRow {
  title: string;
  /** What the action serves: the intervention, or the round it came from. */
  about?: string;
  organisation: string;
  leadName?: string;
  /** "31 Mar 2027". */
  due: string;
  /** The status line a reader sees first: "Closed", "Overdue", or the progress ("On track", "No update yet"). */
  state: string;
  /** Under it: the progress when the first line is "Closed" or "Overdue" ("No update yet"), and the day it was reported. */
  detail?: string;
  overdue: boolean;
  closed: boolean;
}

const NO_UPDATE = "No update yet";

/** The day progress was last reported, as a UK calendar day like the due date: "3 Nov 2026". */
function reportedDay(action: BoardAction, zone: string): string | undefined {
  if (!action.status || !action.statusAt) return undefined;
  const at = DateTime.fromISO(action.statusAt, { zone: "utc" }).setZone(zone);
  return at.isValid ? formatDueDate(at.toFormat("yyyy-MM-dd")) : undefined;
}

/**
 * Open actions first, soonest due first (so the overdue ones lead), then closed ones; the same due
 * date sorts by title so the order never depends on storage.
 */
export function trackerRows(actions: readonly BoardAction[], now: DateTime, zone: string): TrackerRow[] {
  const sorted = [...actions].sort(
    (a, b) => Number(a.state === "closed") - Number(b.state === "closed") || a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id),
  );
  return sorted.map((action) => {
    const overdue = actionIsOverdue(action, now, zone);
    const closed = action.state === "closed";
    const progress = action.status ? PROGRESS_TITLES[action.status] : NO_UPDATE;
    const reported = reportedDay(action, zone);
    const state = closed ? "Closed" : overdue ? "Overdue" : progress;
    // Under "Closed" or "Overdue" the progress still shows; under the progress, when it was reported.
    const detail = [closed || overdue ? progress : "", reported ? `reported ${reported}` : ""].filter(Boolean).join(", ");
    const about = action.intervention ? `For: ${action.intervention}` : action.source ? `From: ${action.source.roundTitle}` : undefined;
    return {
      title: action.title,
      ...(about ? { about } : {}),
      organisation: action.ownerOrganisation,
      ...(action.leadName ? { leadName: action.leadName } : {}),
      due: formatDueDate(action.dueDate),
      state,
      ...(detail ? { detail: detail.charAt(0).toUpperCase() + detail.slice(1) } : {}),
      overdue,
      closed,
    };
  });
}

/** "4 actions: 3 open (1 overdue), 1 closed." */
export function trackerSummaryText(rows: readonly TrackerRow[]): string {
  const open = rows.filter((r) => !r.closed).length;
  const overdue = rows.filter((r) => r.overdue).length;
  const closed = rows.length - open;
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return `${n(rows.length, "action", "actions")}: ${open} open${overdue > 0 ? ` (${overdue} overdue)` : ""}, ${closed} closed.`;
}
