import type { MatrixRow } from "../results/commitments.ts";
import type { VoteRank } from "../results/votes.ts";

/**
 * The themed summary of a round — seed 002 is the model: for each theme, the points members made
 * with how many made them and their own words as evidence, then recommendations; plus the vote
 * ranking, the commitment matrix and collaboration opportunities. Names never appear in it.
 */

/** Derived from supporters ÷ members who answered the theme; "mixed" when members disagree. */
export type Quantifier = "all" | "most" | "some" | "one" | "mixed";

export interface Point {
  /** Stable within a summary and safe in an Adaptive Card input id: e.g. "t1p3", "t1r2", "t1o1" (officer's). */
  id: string;
  /**
   * What members said, in the third person, to follow the lead ("Some members (3 of 12) said …"):
   * "they cannot see how the plan will be funded" (officers may edit it).
   */
  statement: string;
  /**
   * The verb that introduces it: "said", "asked" (an indirect question, or a quoted one ending in
   * "?"), "called for" (a wish with no verb). Absent on points from before statements were third
   * person (and officers' own), which read "Some members (3 of 12) said: <statement>".
   */
  verb?: "said" | "asked" | "called for";
  /** Distinct members behind the point. */
  supporters: number;
  quantifier: Quantifier;
  /** Sentences copied exactly from members' answers. */
  evidence: string[];
  /** "members" from the analysis; "officer" when an officer added it in review. */
  source: "members" | "officer";
}

export interface ThemeSummary {
  theme: string;
  /** Members who answered this theme's questions. */
  respondents: number;
  /** Anonymous round with fewer respondents than the threshold: points and recommendations are empty. */
  withheld: boolean;
  points: Point[];
  recommendations: Point[];
}

/** A ranked vote option as the summary shows it: exactly what `tallyVotes` gives. */
export type VoteResult = VoteRank;

/** A row of the commitment matrix, with how many answered it; `cells` is empty when withheld. */
export interface CommitmentRowSummary extends MatrixRow {
  /** Members who answered this intervention. */
  respondents: number;
  withheld: boolean;
}

export interface OpportunitySummary {
  kind: "intervention" | "priority";
  id: string;
  label: string;
  organisations: string[];
  detail: string;
}

export interface Summary {
  roundId: string;
  title: string;
  boardName: string;
  anonymous: boolean;
  minRespondents: number;
  invited: number;
  responded: number;
  themes: ThemeSummary[];
  votes: VoteResult[];
  /** Anonymous round with fewer voters than the threshold. */
  votesWithheld: boolean;
  commitmentOrganisations: string[];
  commitments: CommitmentRowSummary[];
  opportunities: OpportunitySummary[];
  /** Interventions nobody leads (label and who commits). */
  unled: Array<{ id: string; label: string; committed: string[] }>;
  /**
   * How members' answers were grouped into points: "meaning" (sentence embeddings and words, rounds up
   * to the semantic stage's size) or "words" alone (larger rounds, or a live view). Absent without
   * feedback answers, and on summaries stored before it was recorded.
   */
  grouping?: "meaning" | "words";
  /** A live workshop's round (services/live): people took part in a meeting rather than being asked 1:1. */
  workshop?: { guests: number };
  /** UTC ISO. */
  generatedAt: string;
}

/** The theming engine's input: one theme's questions and the answers to them. */
export interface ThemingQuestion {
  id: string;
  theme: string;
  text: string;
  kind: "view" | "recommendation";
}

export interface ThemingAnswer {
  memberId: string;
  questionId: string;
  text: string;
}

export interface ThemedTheme {
  theme: string;
  respondents: number;
  points: Point[];
  recommendations: Point[];
}
