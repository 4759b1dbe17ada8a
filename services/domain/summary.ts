/** A round's summary document: drafted when a round closes, published by an officer. */
export type SummaryStage = "draft" | "published";

export interface StoredSummary<Body = unknown> {
  roundId: string;
  stage: SummaryStage;
  revision: number;
  body: Body;
  createdAt: string;
  updatedAt: string;
  publishedBy?: string;
}
