/** A sentence as the engine carries it from stage to stage. */
export interface Sentence {
  order: number;
  memberId: string;
  themeIndex: number;
  kind: "view" | "recommendation";
  text: string;
  sentiment: number;
  /** Asks something (ends with a question mark): a question and a statement rarely make one point. */
  question: boolean;
  /** Index of its round-wide BM25 vector (L2-normalised) in the round's pool. */
  vec: number;
}
