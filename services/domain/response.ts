/** One member's answers to one round: exactly one row per member per round, edited in place until the deadline. */
export type CommitmentLevel = "lead" | "contribute" | "support" | "consult" | "unable";

export interface Commitment {
  interventionId: string;
  level: CommitmentLevel;
  representative?: string;
  resources?: string;
  timescale?: string;
  impact?: string;
}

export interface RoundResponse {
  roundId: string;
  memberAadObjectId: string;
  organisation?: string;
  /** questionId → free text. */
  answers: Record<string, string>;
  /** optionId → number of votes placed. */
  votes: Record<string, number>;
  commitments: Commitment[];
  /** Bumped on every save; lets a card tell a stale edit from a fresh one. */
  revision: number;
  firstSavedAt: string;
  savedAt: string;
}
