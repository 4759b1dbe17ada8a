import { z } from "zod";
import {
  appIdSetting,
  botDomainSetting,
  ConfigError,
  defaultTabSsoAudience,
  loadForTool,
  problemsOf,
  tabSsoAudienceSetting,
} from "./settings.ts";

/**
 * What the Teams app package needs, and nothing else: `npm run package` parses only these keys, so it
 * runs with just MicrosoftAppId (and BOT_DOMAIN) set — no password, storage or anything else the bot
 * itself needs. The keys are read exactly as the bot reads them (the same field parsers).
 */
const manifestSchema = z.object({
  MicrosoftAppId: appIdSetting,
  BOT_DOMAIN: botDomainSetting,
  TAB_SSO_AUDIENCE: tabSsoAudienceSetting,
});

/** The settings `npm run package` reads. */
export const MANIFEST_CONFIG_KEYS: readonly string[] = Object.keys(manifestSchema.shape);

export interface ManifestConfig {
  /** Empty = local mode (the package gets a placeholder ID). */
  appId: string;
  /** Host name, optionally with :port (the tab's URLs keep it; validDomains doesn't). */
  botDomain: string;
  /** The dashboard tab's Application ID URI (webApplicationInfo.resource). */
  tabSsoAudience: string;
}

/** Parse the manifest's settings, or throw a ConfigError naming every bad key. */
export function loadManifestConfig(env: Record<string, string | undefined>): ManifestConfig {
  const parsed = manifestSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error));
  const appId = parsed.data.MicrosoftAppId ?? "";
  return {
    appId,
    botDomain: parsed.data.BOT_DOMAIN,
    tabSsoAudience: parsed.data.TAB_SSO_AUDIENCE ?? defaultTabSsoAudience(parsed.data.BOT_DOMAIN, appId),
  };
}

/** For `npm run package`: .env, then the environment, as a ManifestConfig — or the message to print. */
export function loadManifestConfigForTool(
  envFile: string,
  env: Record<string, string | undefined> = process.env,
): { config: ManifestConfig } | { error: string } {
  return loadForTool(envFile, env, loadManifestConfig);
}
