/**
 * The accountability loop (seeds 001, 002, 004): what a board agreed to do after a round, who
 * answers for it, and how it is going. An action is the board's own record; check-ins collect
 * progress on it from the people who answer for it, and every change is kept as an update so the
 * tracker can show its history.
 */

/** How an action is going, as its lead or organisation reports it at a check-in. */
export const PROGRESS_STATUSES = ["on_track", "at_risk", "off_track", "done", "dropped"] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** Words for people (the tracker and the digest never rely on colour alone). */
export const PROGRESS_TITLES: Record<ProgressStatus, string> = {
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
  done: "Done",
  dropped: "Dropped",
};

/** Open until an officer closes it (delivered, or no longer the board's business); reopening is allowed. */
export type ActionState = "open" | "closed";

/** Where an action came from: a recommendation point of a round's summary, or an intervention its members committed to. */
export interface ActionSource {
  roundId: string;
  roundTitle: string;
  kind: "recommendation" | "commitment" | "point";
  /** The summary point id (e.g. "t1r2") or the intervention id. */
  ref: string;
}

export interface BoardAction {
  boardId: string;
  id: string;
  title: string;
  /** The organisation that answers for it (seed 001's "Who?"). */
  ownerOrganisation: string;
  /** An optional named lead from the board's roster. */
  leadAadObjectId?: string;
  leadName?: string;
  /** The day it is due, as a UK calendar date (yyyy-MM-dd): "by 31 March" means the whole of that day in London. */
  dueDate: string;
  /** The intervention or priority it serves, as the board names it. */
  intervention?: string;
  source?: ActionSource;
  state: ActionState;
  /** The last reported progress (absent until the first check-in reply). */
  status?: ProgressStatus;
  statusAt?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
}

/** Why an update was written: an officer's change to the action, or a reply to a check-in. */
export type ActionUpdateKind = "created" | "edited" | "reassigned" | "closed" | "reopened" | "progress";

/** One entry of an action's history. Progress names the organisation that reported it; officers' changes name the officer. */
export interface ActionUpdate {
  boardId: string;
  actionId: string;
  /** Sorts by time: `${at}|${random}`. */
  id: string;
  kind: ActionUpdateKind;
  at: string;
  /** Who: AAD object ID and name (officers, or the person who replied to a check-in). */
  by: string;
  byName: string;
  /** For progress: the organisation the reply was made for (what digests show; never the person). */
  organisation?: string;
  /** For progress: the check-in (a round of kind "checkin") it came from. */
  checkInId?: string;
  status?: ProgressStatus;
  text?: string;
  link?: string;
  /** For officers' changes: what changed, in words ("due 31 Mar 2027 → 30 Apr 2027"). */
  change?: string;
}
