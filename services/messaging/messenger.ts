import type { AdaptiveCard } from "../../cards/render.ts";
import type { StoredConversationReference } from "../domain/conversation.ts";

/**
 * How services talk to Teams without importing botbuilder: bot/teams-messenger.ts implements this
 * with CloudAdapter proactive calls. Failures arrive as DeliveryFailure so callers can decide to
 * retry (throttled/transient), give up (unreachable) or report (rejected).
 */
export interface TeamMember {
  /** Teams user id (29:…). */
  id: string;
  aadObjectId: string;
  name: string;
  email?: string;
  userRole?: string;
}

export interface ChannelSummary {
  id: string;
  name: string;
}

export interface SentMessage {
  conversationId: string;
  activityId: string;
}

export type FailureKind = "throttled" | "unreachable" | "transient" | "rejected";

export class DeliveryFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    /** From Retry-After, when the service said how long to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "DeliveryFailure";
  }
}

export interface Messenger {
  /** The whole roster of a team, every page. */
  listTeamMembers(team: StoredConversationReference, teamId: string): Promise<TeamMember[]>;
  /** Everyone in a chat the bot is in (a meeting's chat: its participants), every page. */
  listChatMembers(chat: StoredConversationReference): Promise<TeamMember[]>;
  listTeamChannels(team: StoredConversationReference, teamId: string): Promise<ChannelSummary[]>;
  /** Post a card to an existing conversation (a 1:1, or a channel). */
  sendCard(to: StoredConversationReference, card: AdaptiveCard): Promise<SentMessage>;
  sendText(to: StoredConversationReference, text: string): Promise<SentMessage>;
  /** Replace a card the bot sent earlier (e.g. to show a round has closed). */
  updateCard(to: StoredConversationReference, activityId: string, card: AdaptiveCard): Promise<void>;
  /**
   * Open (or find) the 1:1 chat with a member of a team the bot is installed in, and return its
   * reference. Teams allows this for members of a team where the app is installed.
   *
   * With `firstCard`, the card travels in the same request as the chat's first message (Teams posts
   * `createConversation`'s activity), so a first prompt costs one request of the rate budget, not
   * two. `sent` says it was posted; when the service did not confirm it (no activity ID back),
   * `sent` is absent and the caller sends the card itself.
   */
  openPersonalConversation(
    via: StoredConversationReference,
    member: TeamMember,
    tenantId: string,
    firstCard?: AdaptiveCard,
  ): Promise<{ reference: StoredConversationReference; sent?: SentMessage }>;
}
