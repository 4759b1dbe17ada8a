import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import type { Config } from "../services/config/config.ts";
import type { Logger } from "../services/logging/logger.ts";
import { errorSummary } from "./sounding-board.bot.ts";

/**
 * botbuilder's CloudAdapter with the standard Bot Framework JWT check. With an empty app ID the
 * credential factory turns authentication off (local use with the Playground); main.ts says so loudly.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.credentials.appId,
    MicrosoftAppPassword: config.credentials.appPassword,
    MicrosoftAppType: config.credentials.appType,
    MicrosoftAppTenantId: config.credentials.tenantId,
  });
  const adapter = new CloudAdapter(auth);
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
