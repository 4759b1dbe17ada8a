import { DateTime } from "luxon";
import type { BoardAction } from "../domain/action.ts";

/** "2027-03-31" → "31 Mar 2027": a due date is a UK calendar day, shown as people write it. */
export function formatDueDate(dueDate: string): string {
  const d = DateTime.fromISO(dueDate);
  return d.isValid ? d.toFormat("d LLL yyyy") : dueDate;
}

/**
 * Overdue: still open, not reported done or dropped, and its due day (the whole day, in the
 * board's zone) has passed.
 */
export function actionIsOverdue(action: Pick<BoardAction, "state" | "status" | "dueDate">, now: DateTime, zone: string): boolean {
  if (action.state !== "open" || action.status === "done" || action.status === "dropped") return false;
  const today = now.setZone(zone).toFormat("yyyy-MM-dd");
  return action.dueDate < today;
}
