import {
  CardFactory,
  MessageFactory,
  TeamsInfo,
  TurnContext,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  type TeamsChannelAccount,
} from "botbuilder";
import type { AdaptiveCard } from "../cards/render.ts";
import type { StoredConversationReference } from "../services/domain/conversation.ts";
import {
  DeliveryFailure,
  type ChannelSummary,
  type Messenger,
  type SentMessage,
  type TeamMember,
} from "../services/messaging/messenger.ts";

/**
 * Proactive Teams calls through botbuilder's CloudAdapter. botbuilder's connector client already
 * retries 429/503 a few times honouring Retry-After; what still fails is translated into a
 * DeliveryFailure that the caller's queue can act on.
 */
export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async listTeamMembers(team: StoredConversationReference, teamId: string): Promise<TeamMember[]> {
    const members: TeamMember[] = [];
    await this.within(team, async (ctx) => {
      let token: string | undefined;
      do {
        const page = await TeamsInfo.getPagedTeamMembers(ctx, teamId, 500, token);
        for (const m of page.members) members.push(toMember(m));
        token = page.continuationToken || undefined;
      } while (token);
    });
    return members;
  }

  async listTeamChannels(team: StoredConversationReference, teamId: string): Promise<ChannelSummary[]> {
    let channels: ChannelSummary[] = [];
    await this.within(team, async (ctx) => {
      const list = await TeamsInfo.getTeamChannels(ctx, teamId);
      // Teams leaves the General channel's name out.
      channels = list.map((c) => ({ id: c.id ?? "", name: c.name || "General" })).filter((c) => c.id !== "");
    });
    return channels;
  }

  async sendCard(to: StoredConversationReference, card: AdaptiveCard): Promise<SentMessage> {
    return this.send(to, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  async sendText(to: StoredConversationReference, text: string): Promise<SentMessage> {
    return this.send(to, MessageFactory.text(text));
  }

  async updateCard(to: StoredConversationReference, activityId: string, card: AdaptiveCard): Promise<void> {
    await this.within(to, async (ctx) => {
      await ctx.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: activityId });
    });
  }

  async openPersonalConversation(via: StoredConversationReference, member: TeamMember, tenantId: string): Promise<StoredConversationReference> {
    const params = {
      isGroup: false,
      bot: via.bot,
      members: [{ id: member.id, name: member.name, aadObjectId: member.aadObjectId }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as unknown as ConversationParameters;
    let reference: StoredConversationReference | undefined;
    try {
      // The audience is left to the configured default (the Bot Framework's).
      await this.adapter.createConversationAsync(this.appId, via.channelId, via.serviceUrl, undefined as unknown as string, params, async (ctx) => {
        reference = TurnContext.getConversationReference(ctx.activity) as StoredConversationReference;
      });
    } catch (err) {
      throw toFailure(err, "open a 1:1 chat");
    }
    if (!reference) throw new DeliveryFailure("transient", "Teams did not return a conversation");
    const conversationId = reference.conversation.id;
    return {
      channelId: via.channelId,
      serviceUrl: via.serviceUrl,
      bot: via.bot,
      user: { id: member.id, name: member.name, aadObjectId: member.aadObjectId },
      conversation: { id: conversationId, conversationType: "personal", tenantId },
    };
  }

  private async send(to: StoredConversationReference, activity: ReturnType<typeof MessageFactory.text>): Promise<SentMessage> {
    let sent: SentMessage | undefined;
    await this.within(to, async (ctx) => {
      const res = await ctx.sendActivity(activity);
      sent = { conversationId: to.conversation.id, activityId: res?.id ?? "" };
    });
    if (!sent) throw new DeliveryFailure("transient", "Teams did not confirm the message");
    return sent;
  }

  private async within(to: StoredConversationReference, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    try {
      await this.adapter.continueConversationAsync(this.appId, to as Partial<ConversationReference>, logic);
    } catch (err) {
      throw toFailure(err, "reach Teams");
    }
  }
}

function toMember(m: TeamsChannelAccount): TeamMember {
  return {
    id: m.id,
    aadObjectId: (m.aadObjectId ?? "").toLowerCase(),
    name: m.name ?? m.givenName ?? "A board member",
    email: m.email,
    userRole: m.userRole,
  };
}

interface RestErrorLike {
  statusCode?: number;
  response?: { headers?: { get?(name: string): string | undefined } };
  message?: string;
}

/** Map connector errors to what a queue needs to know. */
export function toFailure(err: unknown, what: string): DeliveryFailure {
  if (err instanceof DeliveryFailure) return err;
  const e = (err ?? {}) as RestErrorLike;
  const status = e.statusCode;
  const message = `Could not ${what}: ${e.message ?? String(err)}`.slice(0, 300);
  if (status === 429) {
    const header = e.response?.headers?.get?.("retry-after");
    const seconds = header !== undefined ? Number(header) : NaN;
    return new DeliveryFailure("throttled", message, status, Number.isFinite(seconds) ? Math.max(1, seconds) * 1000 : undefined);
  }
  // 403: the bot is not in the member's roster / blocked; 404: no such conversation or user.
  if (status === 403 || status === 404) return new DeliveryFailure("unreachable", message, status);
  if (status !== undefined && status >= 400 && status < 500) return new DeliveryFailure("rejected", message, status);
  return new DeliveryFailure("transient", message, status);
}
