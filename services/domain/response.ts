import type { ProgressStatus } from "./action.ts";
/** One member's answers to one round: exactly one row per member per round, edited in place until the deadline. */
/**
 * Seed 002's commitment levels, strongest first: lead; contribute resources; support delivery
 * without investment; need to consult my organisation first; not able to contribute.
 */
export const COMMITMENT_LEVELS = ["lead", "contribute", "support", "consult", "unable"] as const;
export type CommitmentLevel = (typeof COMMITMENT_LEVELS)[number];

/** What each level means, for legends under a commitment matrix. */
export const COMMITMENT_LEVEL_MEANINGS: Record<CommitmentLevel, string> = {
  lead: "will lead delivery and answer for it",
  contribute: "will put in staff, money or other resources",
  support: "will help deliver, without new investment",
  consult: "must check with their organisation before committing",
  unable: "cannot contribute at present",
};

export const COMMITMENT_LEVEL_TITLES: Record<CommitmentLevel, string> = {
  lead: "Lead",
  contribute: "Contribute resources",
  support: "Support delivery (no investment)",
  consult: "Need to consult my organisation",
  unable: "Not able to contribute",
};

export interface Commitment {
  interventionId: string;
  level: CommitmentLevel;
  representative?: string;
  resources?: string;
  timescale?: string;
  impact?: string;
}

/** One person's reply about one action at a check-in. */
export interface ProgressReply {
  status: ProgressStatus;
  update?: string;
  link?: string;
}

export interface RoundResponse {
  roundId: string;
  memberAadObjectId: string;
  organisation?: string;
  /** questionId → free text. */
  answers: Record<string, string>;
  /** optionId → number of votes placed. */
  votes: Record<string, number>;
  /** optionId → the member's short "why" for their vote. */
  voteReasons: Record<string, string>;
  commitments: Commitment[];
  /** A check-in's replies: actionId → progress (absent on other rounds). */
  progress?: Record<string, ProgressReply>;
  /** Bumped on every save; lets a card tell a stale edit from a fresh one. */
  revision: number;
  firstSavedAt: string;
  savedAt: string;
}
