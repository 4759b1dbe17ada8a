/** A round's summary document: drafted when a round closes, published by an officer. */
/** "progress": a check-in's progress digest, stored once when it closes (services/accountability). */
export type SummaryStage = "draft" | "published" | "progress";

export interface StoredSummary<Body = unknown> {
  roundId: string;
  stage: SummaryStage;
  revision: number;
  body: Body;
  createdAt: string;
  updatedAt: string;
  publishedBy?: string;
}
