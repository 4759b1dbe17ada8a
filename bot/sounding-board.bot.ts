import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type InvokeResponse,
} from "botbuilder";
import { z } from "zod";
import type { AdaptiveCard } from "../cards/render.ts";
import { welcomeCard } from "../cards/welcome.card.ts";
import type { ConversationService, ConversationSighting } from "../services/conversations/conversation.service.ts";
import type { StoredConversationReference } from "../services/domain/conversation.ts";
import type { Logger } from "../services/logging/logger.ts";
import type { CommandRouter, VerbRouter } from "./router.ts";
import { toTaskResponse } from "./dialogs.ts";
import type { ActionResult, Turn } from "./turn.ts";

/** Things that happen to a board's team that the services care about (install, people leaving). */
export interface TeamEvents {
  /** The app was added to a team: the installer may become its first officer (their name, "" if unknown, when they did). */
  installed(board: { id: string; tenantId: string; name: string }, installer: { aadObjectId?: string; name?: string }): Promise<string | undefined>;
  /** People left the team (Teams' conversationUpdate membersRemoved). */
  membersLeft(board: { id: string; tenantId: string; name: string }, aadObjectIds: string[]): Promise<void>;
}

export interface BotDeps {
  conversations: ConversationService;
  team?: TeamEvents;
  /** A member spoke to the bot in 1:1 (their chat is known now): deliver anything that could not reach them. */
  memberSeen?: (aadObjectId: string) => void;
  commands: CommandRouter;
  verbs: VerbRouter;
  logger: Logger;
}

/** The shape Teams sends for Action.Execute; anything else is a 400. */
const actionInvokeSchema = z.object({
  action: z.object({
    type: z.literal("Action.Execute"),
    verb: z.string().min(1).max(100),
    data: z.unknown().optional(),
  }),
});

/** A dialog's data: the verb its button names (Teams adds `msteams` to what opens it). */
const dialogDataSchema = z.object({ verb: z.string().min(1).max(100), msteams: z.unknown().optional() }).passthrough();

/** Action.Submit fallback arrives as a message whose value carries the verb. */
const submitValueSchema = z.object({ verb: z.string().min(1).max(100) }).passthrough();

/**
 * Thin on purpose: translate Teams activities into router calls and router results into replies.
 * Domain decisions live in handlers and services.
 */
export class SoundingBoardBot extends TeamsActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();

    this.onConversationUpdate(async (ctx, next) => {
      const botAdded = (ctx.activity.membersAdded ?? []).some((m) => m.id === ctx.activity.recipient.id);
      if (botAdded) await this.welcome(ctx);
      const left = (ctx.activity.membersRemoved ?? []).filter((m) => m.id !== ctx.activity.recipient.id && typeof m.aadObjectId === "string");
      const s = sightingOf(ctx.activity);
      if (left.length > 0 && s.teamId && this.deps.team) {
        await this.deps.team.membersLeft({ id: s.teamId, tenantId: s.tenantId, name: s.teamName ?? "the board" }, left.map((m) => m.aadObjectId!.toLowerCase()));
      }
      await next();
    });

    // Teams sends installationUpdate as well as conversationUpdate on install; whichever comes
    // first welcomes, the other finds the welcome already claimed.
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.welcome(ctx);
      await next();
    });

    this.onMessage(async (ctx, next) => {
      await this.handleMessage(ctx);
      await next();
    });
  }

  protected override async onInvokeActivity(ctx: TurnContext): Promise<InvokeResponse> {
    // A dialog: opened (task/fetch) or its form submitted (task/submit), both naming a verb in their data.
    if (ctx.activity.name === "task/fetch" || ctx.activity.name === "task/submit") {
      const data = dialogDataSchema.safeParse((ctx.activity.value as { data?: unknown } | undefined)?.data);
      if (!data.success) return toInvokeResponse({ kind: "error", status: 400, code: "BadRequest", message: "That was not a dialog I understand." });
      const { verb, msteams: _msteams, ...rest } = data.data;
      const result = await this.deps.verbs.route(this.turnFor(ctx), verb, rest);
      if (result.kind !== "error") await this.rememberQuietly(ctx);
      return toTaskResponse(verb, result);
    }
    // Otherwise the only invoke this bot offers is the card action; anything else is the caller's mistake (400), not ours (5xx).
    if (ctx.activity.name !== "adaptiveCard/action") {
      return toInvokeResponse({ kind: "error", status: 400, code: "BadRequest", message: "This bot doesn't handle that kind of request." });
    }
    const turn = this.turnFor(ctx);
    const parsed = actionInvokeSchema.safeParse(ctx.activity.value);
    const result: ActionResult = parsed.success
      ? await this.deps.verbs.route(turn, parsed.data.action.verb, parsed.data.action.data)
      : { kind: "error", status: 400, code: "BadRequest", message: "That was not a card action I understand." };
    // A refused action leaves no trace, not even a conversation reference.
    if (result.kind !== "error") await this.rememberQuietly(ctx);
    return toInvokeResponse(result);
  }

  private async welcome(ctx: TurnContext): Promise<void> {
    const sighting = sightingOf(ctx.activity);
    const shouldWelcome = await this.deps.conversations.rememberAndClaimWelcome(sighting);
    let firstOfficer: string | undefined;
    if (sighting.conversationType === "channel" && sighting.teamId && this.deps.team) {
      // Before the welcome: the installer is an officer by the time anyone reads it.
      const made = await this.deps.team.installed(
        { id: sighting.teamId, tenantId: sighting.tenantId, name: sighting.teamName ?? "the board" },
        { aadObjectId: sighting.userAadObjectId, name: sighting.userName },
      );
      if (made !== undefined) firstOfficer = made;
    }
    this.deps.logger.info(
      { kind: sighting.conversationType, conversationId: sighting.conversationId, welcomed: shouldWelcome },
      "bot installed in a conversation",
    );
    if (sighting.conversationType === "personal" && sighting.userAadObjectId) this.deps.memberSeen?.(sighting.userAadObjectId);
    if (!shouldWelcome) return;
    const name = sighting.conversationType === "personal" ? firstName(sighting.userName) : sighting.teamName;
    await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(welcomeCard({ scope: sighting.conversationType, name, ...(firstOfficer ? { firstOfficer } : {}) }))));
  }

  private async handleMessage(ctx: TurnContext): Promise<void> {
    const turn = this.turnFor(ctx);
    await this.rememberQuietly(ctx);
    if (turn.conversationType === "personal" && turn.user.aadObjectId) this.deps.memberSeen?.(turn.user.aadObjectId);
    const submitted = submitValueSchema.safeParse(ctx.activity.value);
    if (ctx.activity.value !== undefined && ctx.activity.value !== null) {
      if (!submitted.success) {
        await turn.sendText("Sorry, that card's data was not something I understand.");
        return;
      }
      const { verb, ...data } = submitted.data;
      const result = await this.deps.verbs.route(turn, verb, data);
      await this.replyWithResult(ctx, turn, result);
      return;
    }
    const text = TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? "";
    await this.deps.commands.route(turn, text);
  }

  /** Action.Submit fallback: a card result replaces the card that was clicked, as Action.Execute would. */
  private async replyWithResult(ctx: TurnContext, turn: Turn, result: ActionResult): Promise<void> {
    if (result.kind === "card") {
      const attachment = CardFactory.adaptiveCard(result.card);
      if (ctx.activity.replyToId) {
        await ctx.updateActivity({ ...MessageFactory.attachment(attachment), id: ctx.activity.replyToId });
      } else {
        await ctx.sendActivity(MessageFactory.attachment(attachment));
      }
    } else if (result.kind === "message") {
      await turn.sendText(result.text);
    } else {
      await turn.sendText(result.message);
    }
  }

  /**
   * Keep references fresh: a member's 1:1 is where prompts go, a team's is how the board is found.
   * A storage hiccup here never blocks the reply.
   */
  private async rememberQuietly(ctx: TurnContext): Promise<void> {
    const sighting = sightingOf(ctx.activity);
    if (sighting.conversationType === "channel" && !sighting.teamId) return;
    try {
      await this.deps.conversations.remember(sighting);
    } catch (err) {
      this.deps.logger.warn({ err: errorSummary(err) }, "could not store the conversation reference");
    }
  }

  private turnFor(ctx: TurnContext): Turn {
    const s = sightingOf(ctx.activity);
    return {
      tenantId: s.tenantId,
      conversationType: s.conversationType,
      conversationId: s.conversationId,
      teamId: s.teamId,
      user: { id: s.userId, aadObjectId: s.userAadObjectId, name: s.userName },
      mentions: mentionsOf(ctx.activity),
      async sendText(text) {
        await ctx.sendActivity(MessageFactory.text(text));
      },
      async sendCard(card: AdaptiveCard) {
        await ctx.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
      },
    };
  }
}

interface TeamsChannelDataLike {
  tenant?: { id?: string };
  team?: { id?: string; name?: string };
}

/** Plain data about where an activity happened, in the terms our services use. */
export function sightingOf(activity: Activity): ConversationSighting {
  const channelData = (activity.channelData ?? {}) as TeamsChannelDataLike;
  const type = activity.conversation?.conversationType;
  const conversationType: ConversationSighting["conversationType"] =
    type === "channel" || type === "groupChat" || type === "personal"
      ? type
      : activity.conversation?.isGroup ? "groupChat" : "personal";
  // A reply in a channel thread carries ";messageid=…": proactive posts go to the channel itself.
  const conversationId = (activity.conversation?.id ?? "").split(";")[0] ?? "";
  const reference = TurnContext.getConversationReference(activity) as StoredConversationReference;
  reference.conversation = { ...reference.conversation, id: conversationId };
  delete reference.activityId;
  return {
    tenantId: activity.conversation?.tenantId ?? channelData.tenant?.id ?? "",
    conversationType,
    conversationId,
    teamId: channelData.team?.id,
    teamName: channelData.team?.name,
    userAadObjectId: activity.from?.aadObjectId?.toLowerCase(),
    userId: activity.from?.id ?? "",
    userName: activity.from?.name,
    reference,
  };
}

/** People @mentioned in a message, other than the bot (Teams puts them in `entities`). */
function mentionsOf(activity: Activity): Array<{ id: string; name: string }> {
  const out: Array<{ id: string; name: string }> = [];
  for (const e of activity.entities ?? []) {
    const mentioned = (e as { type?: unknown; mentioned?: { id?: unknown; name?: unknown } }).mentioned;
    if (e.type !== "mention" || typeof mentioned?.id !== "string" || mentioned.id === activity.recipient?.id) continue;
    out.push({ id: mentioned.id, name: typeof mentioned.name === "string" ? mentioned.name : "" });
  }
  return out;
}

function firstName(name: string | undefined): string | undefined {
  return name?.trim().split(/\s+/)[0];
}

export function toInvokeResponse(result: ActionResult): InvokeResponse {
  switch (result.kind) {
    case "card":
      return { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: result.card } };
    case "message":
      return { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: result.text } };
    case "error":
      return {
        status: result.status,
        body: { statusCode: result.status, type: "application/vnd.microsoft.error", value: { code: result.code, message: result.message } },
      };
  }
}

export function errorSummary(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: "Error", message: String(err) };
}
