import { z } from "zod";

/**
 * The pieces every settings parser shares: the bot's (config.ts) and the Teams package builder's
 * (manifest-config.ts) read some of the same keys, and must read them the same way.
 */

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A placeholder app ID for the tab's default SSO audience while MicrosoftAppId is empty (local mode). */
export const NO_APP_ID = "00000000-0000-0000-0000-000000000000";

/** 127.x.x.x, ::1 (bracketed or not) and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** MicrosoftAppId: the bot's Azure AD app (client) ID, or for UserAssignedMSI the identity's client ID. */
export const appIdSetting = z.preprocess(
  emptyToUndefined,
  z.string().regex(GUID, "must be the bot's Azure AD app ID (a GUID), or empty for local use").optional(),
);

/** BOT_DOMAIN: the public host name (optionally :port), no scheme. */
export const botDomainSetting = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .regex(/^(?!https?:\/\/)[A-Za-z0-9.-]+(:\d+)?$/, "must be a host name without a scheme, e.g. soundingboard.example.org")
    .default("localhost"),
);

/** TAB_SSO_AUDIENCE: the dashboard tab's Application ID URI. */
export const tabSsoAudienceSetting = z.preprocess(emptyToUndefined, z.string().max(300).optional());

/** The tab's Application ID URI when TAB_SSO_AUDIENCE is not set (Teams' convention for a tab on a bot's domain). */
export function defaultTabSsoAudience(botDomain: string, appId: string): string {
  return `api://${botDomain}/${appId || NO_APP_ID}`;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** zod's issues as "KEY: message" lines. */
export function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`);
}

/**
 * Load a .env file into process.env if there is one (existing variables win, as with `node --env-file`).
 * A missing file is fine; an unreadable one is an error.
 */
export function loadDotEnvIfPresent(path = ".env"): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

/**
 * For command-line tools: the .env file, then the environment, through `parse` — or the message to
 * print and exit on. Unexpected errors are thrown.
 */
export function loadForTool<T>(
  envFile: string,
  env: Record<string, string | undefined>,
  parse: (env: Record<string, string | undefined>) => T,
): { config: T } | { error: string } {
  try {
    loadDotEnvIfPresent(envFile);
  } catch (err) {
    return { error: `Could not read .env: ${(err as Error).message}` };
  }
  try {
    return { config: parse(env) };
  } catch (err) {
    if (err instanceof ConfigError) return { error: err.message };
    throw err;
  }
}
