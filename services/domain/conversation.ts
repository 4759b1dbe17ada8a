/**
 * Where the bot can speak without being spoken to first (proactive messages).
 * The shape mirrors botbuilder's ConversationReference structurally so services never import botbuilder.
 */
export interface ChannelAccountRef {
  id: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
}

export interface StoredConversationReference {
  activityId?: string;
  user?: ChannelAccountRef;
  bot?: ChannelAccountRef;
  conversation: { id: string; isGroup?: boolean; conversationType?: string; tenantId?: string; name?: string };
  channelId: string;
  serviceUrl: string;
  locale?: string;
}

/** personal = a 1:1 chat with one user; channel = a team channel; groupChat = a group chat; team = the team itself (a board). */
export type ConversationKind = "personal" | "channel" | "groupChat" | "team";

export interface ConversationRecord {
  tenantId: string;
  kind: ConversationKind;
  /** personal: the user's AAD object ID; channel/groupChat: the conversation ID; team: the team ID. */
  key: string;
  reference: StoredConversationReference;
  teamId?: string;
  teamName?: string;
  /** personal only: the user we talk to. */
  userAadObjectId?: string;
  userName?: string;
  /** personal only: the organisation the member gave in a round (their profile), offered in later rounds. */
  organisation?: string;
  /** Set once the welcome card has gone out, so a re-install or a duplicate event doesn't welcome twice. */
  welcomedAt?: string;
  updatedAt: string;
}
