import {
  CardFactory,
  MessageFactory,
  TeamsInfo,
  TurnContext,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  type ConversationResourceResponse,
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

/** The part of botframework-connector's ConnectorClient used here (it is not re-exported by botbuilder). */
interface ConversationsClient {
  conversations: { createConversation(parameters: ConversationParameters): Promise<ConversationResourceResponse> };
}

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

  async listChatMembers(chat: StoredConversationReference): Promise<TeamMember[]> {
    const members: TeamMember[] = [];
    await this.within(chat, async (ctx) => {
      let token: string | undefined;
      do {
        const page = await TeamsInfo.getPagedMembers(ctx, 500, token);
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

  async openPersonalConversation(
    via: StoredConversationReference,
    member: TeamMember,
    tenantId: string,
    firstCard?: AdaptiveCard,
  ): Promise<{ reference: StoredConversationReference; sent?: SentMessage }> {
    const params = {
      isGroup: false,
      bot: via.bot,
      members: [{ id: member.id, name: member.name, aadObjectId: member.aadObjectId }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
      activity: firstCard ? MessageFactory.attachment(CardFactory.adaptiveCard(firstCard)) : undefined,
    } as unknown as ConversationParameters;
    let created: ConversationResourceResponse | undefined;
    // CloudAdapter.createConversationAsync drops the activity ID Teams returns (needed to update the
    // card later), so the call goes through the connector client of a turn in the team instead.
    await this.within(via, async (ctx) => {
      const client = ctx.turnState.get<ConversationsClient>(ctx.adapter.ConnectorClientKey);
      created = await client.conversations.createConversation(params);
    }, "open a 1:1 chat");
    if (!created?.id) throw new DeliveryFailure("transient", "Teams did not return a conversation");
    const reference: StoredConversationReference = {
      channelId: via.channelId,
      serviceUrl: via.serviceUrl,
      bot: via.bot,
      user: { id: member.id, name: member.name, aadObjectId: member.aadObjectId },
      conversation: { id: created.id, conversationType: "personal", tenantId },
    };
    const sent = firstCard && created.activityId ? { conversationId: created.id, activityId: created.activityId } : undefined;
    return { reference, sent };
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

  /**
   * Run `logic` in a proactive turn. Its errors are caught inside the turn and rethrown here: left to
   * the turn, the adapter's onTurnError would log and swallow them, and a 403 or a 429's Retry-After
   * would reach the caller as a vague "not confirmed".
   */
  private async within(to: StoredConversationReference, logic: (ctx: TurnContext) => Promise<void>, what = "reach Teams"): Promise<void> {
    let failed = false;
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, to as Partial<ConversationReference>, async (ctx) => {
        try {
          await logic(ctx);
        } catch (err) {
          failed = true;
          failure = err;
        }
      });
    } catch (err) {
      throw toFailure(err, what);
    }
    if (failed) throw toFailure(failure, what);
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
