import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from "botbuilder";
// The same package botbuilder uses for its token checks (pinned to botbuilder's version).
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from "botframework-connector";
import { z } from "zod";
import type { Config } from "../services/config/config.ts";
import type { Logger } from "../services/logging/logger.ts";
import { errorSummary } from "./sounding-board.bot.ts";

export type AuthEndpoints = Pick<ConfigurationBotFrameworkAuthenticationOptions, "ToBotFromChannelOpenIdMetadataUrl" | "ToBotFromChannelTokenIssuer">;

/**
 * An identifier or name as Teams sends it: bounded, and well-formed Unicode — a lone surrogate can't
 * be a storage key or an OData literal, so it is the caller's mistake (400) here, not a storage
 * failure (503) later.
 */
const text = (max: number) => z.string().max(max).refine((s) => s.isWellFormed(), "is not well-formed text");

/** Who an activity is from, to and where: every role check reads these, so each must be what Teams sends or absent. */
const account = z.object({ id: text(512).optional(), name: text(1024).optional(), aadObjectId: text(128).optional() }).passthrough();
const named = z.object({ id: text(1024).optional(), name: text(1024).optional() }).passthrough();

/** The outer shape every activity must have before anything else looks at it. */
const activityShape = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    channelId: z.string().max(128).optional(),
    serviceUrl: z.string().max(2048).optional(),
    timestamp: z.string().max(64).optional(),
    from: account.optional(),
    recipient: account.optional(),
    conversation: z
      .object({ id: text(1024).optional(), tenantId: text(128).optional(), conversationType: z.string().max(64).optional() })
      .passthrough()
      .optional(),
    channelData: z
      .object({ tenant: named.optional(), team: named.optional(), channel: named.optional() })
      .passthrough()
      .optional()
      .nullable(),
    text: z.string().max(100_000).optional().nullable(),
    entities: z.array(z.object({ type: z.string().max(100).optional() }).passthrough()).max(200).optional().nullable(),
    membersAdded: z.array(account).max(1000).optional(),
    membersRemoved: z.array(account).max(1000).optional(),
  })
  .passthrough();

export interface HandledRequest {
  status: number;
  body?: unknown;
  /** Set when the request was refused by the token check (for the log; never sent to the caller). */
  authFailure?: string;
}

/**
 * botbuilder's CloudAdapter with its real Bot Framework JWT check, driven one step at a time so that
 * every failed check is a 401 (botbuilder's own `process` answers some, e.g. a bad signature, with
 * 500 and prints a stack trace per request) and a body that isn't an activity is a 400.
 */
export class BoardAdapter extends CloudAdapter {
  constructor(private readonly authentication: BotFrameworkAuthentication) {
    super(authentication);
  }

  async handle(body: unknown, authHeader: string, logic: (context: TurnContext) => Promise<void>): Promise<HandledRequest> {
    const parsed = activityShape.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` (${issue.path.join(".")}: ${issue.message})` : "";
      return { status: 400, body: { error: `The request body is not a Bot Framework activity${where}.` } };
    }
    const activity = parsed.data as unknown as Activity & { rawTimestamp?: string };
    if (typeof parsed.data.timestamp === "string") {
      activity.rawTimestamp = parsed.data.timestamp;
      activity.timestamp = new Date(parsed.data.timestamp);
    }
    let auth: AuthenticateRequestResult;
    try {
      auth = await this.authentication.authenticateRequest(activity, authHeader);
    } catch (err) {
      return { status: 401, body: { error: "unauthorized" }, authFailure: errorSummary(err).message.slice(0, 200) };
    }
    const invoke = await this.processActivity(auth, activity, logic);
    return { status: invoke?.status ?? 200, body: invoke?.body };
  }
}

/**
 * The settings botbuilder's ConfigurationBotFrameworkAuthentication reads, under its own key names. It
 * picks the credential by MicrosoftAppType: MultiTenant and SingleTenant use the app's client secret
 * (SingleTenant gets tokens from MicrosoftAppTenantId's authority); UserAssignedMSI gets them as the
 * managed identity whose client ID is MicrosoftAppId (DefaultAzureCredential with that
 * managedIdentityClientId), requires MicrosoftAppTenantId and refuses a password — the config parser
 * checks the same rules first, so a mistake is a message naming the key rather than an assertion here.
 */
export function botFrameworkAuthOptions(config: Config): {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: Config["credentials"]["appType"];
  MicrosoftAppTenantId: string;
} {
  const { appId, appPassword, appType, tenantId } = config.credentials;
  return {
    MicrosoftAppId: appId,
    MicrosoftAppType: appType,
    MicrosoftAppPassword: appType === "UserAssignedMSI" ? "" : appPassword,
    MicrosoftAppTenantId: tenantId,
  };
}

/**
 * `endpoints` exists for tests only: they point the same validation code at a local OpenID metadata
 * server and key. Production leaves it undefined, so botbuilder's defaults (Microsoft's) apply.
 */
export function createAdapter(config: Config, logger: Logger, endpoints?: AuthEndpoints): BoardAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({ ...botFrameworkAuthOptions(config), ...endpoints });
  const adapter = new BoardAdapter(auth);
  adapter.onTurnError = async (ctx, err) => {
    // Log what failed, never what the member wrote.
    logger.error(
      { err: errorSummary(err), activityType: ctx.activity.type, name: ctx.activity.name, conversationId: ctx.activity.conversation?.id },
      "turn failed",
    );
    if (ctx.activity.type === "message") {
      try {
        await ctx.sendActivity("Sorry, something went wrong on my side and nothing was changed. Please try again in a moment.");
      } catch (sendErr) {
        logger.warn({ err: errorSummary(sendErr) }, "could not tell the user about the failure");
      }
    }
  };
  return adapter;
}
