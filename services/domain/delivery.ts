/** One invitation of one member to one round: the ledger that keeps fan-out from losing or repeating prompts. */
/**
 * queued → sending (claimed by one worker, ETag-checked) → sent | unreachable | failed.
 * A "sending" row older than a few minutes was interrupted (crash) and is retried. "erased": the
 * member's data was erased on request; the row stays (anonymised) so response rates still add up.
 */
export type DeliveryStatus = "queued" | "sending" | "sent" | "failed" | "unreachable" | "erased";

export interface Delivery {
  roundId: string;
  boardId: string;
  memberAadObjectId: string;
  /** The member's Teams id (29:…), needed to open a 1:1 conversation. */
  memberId: string;
  memberName: string;
  status: DeliveryStatus;
  conversationId?: string;
  /** The prompt's activity ID, so the card can be updated in place (refresh, close). */
  activityId?: string;
  attempts: number;
  /** When a queued retry may be tried again (UTC ISO), after a 429 or a transient failure. */
  notBefore?: string;
  lastError?: string;
  sentAt?: string;
  /** UTC ISO times of reminders already sent (never send the same reminder twice). */
  remindersSent: string[];
  updatedAt: string;
}
