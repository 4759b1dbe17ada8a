import { z } from "zod";
import { IANAZone } from "luxon";
import {
  appIdSetting,
  botDomainSetting,
  ConfigError,
  defaultTabSsoAudience,
  emptyToUndefined,
  GUID,
  isLoopback,
  loadDotEnvIfPresent,
  loadForTool,
  problemsOf,
  tabSsoAudienceSetting,
} from "./settings.ts";

export { ConfigError, loadDotEnvIfPresent };

/**
 * Settings are parsed once, at start, from the environment (options > env > defaults).
 * Anything wrong is reported by key name and the process refuses to start: a bot that
 * limps on with a half-read config sends prompts to the wrong people or loses answers.
 *
 * This is the bot's parser. Tools that need only a few settings have their own (the Teams package:
 * manifest-config.ts), built from the same field parsers in settings.ts.
 */

const guidList = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    if (!raw || raw.trim() === "") return [] as string[];
    const ids = raw.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    for (const id of ids) {
      if (!GUID.test(id)) {
        ctx.addIssue({ code: "custom", message: `"${id}" is not an Azure AD object ID (a GUID)` });
        return z.NEVER;
      }
    }
    return ids.map((id) => id.toLowerCase());
  });

const port = z.preprocess(
  emptyToUndefined,
  z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(0, "must be 0-65535").max(65535, "must be 0-65535").default(3978),
);

const envSchema = z
  .object({
    NODE_ENV: z.preprocess(
      emptyToUndefined,
      z.enum(["production", "development", "test"], { message: "must be production, development or test" }).default("development"),
    ),
    MicrosoftAppId: appIdSetting,
    MicrosoftAppPassword: z.preprocess(emptyToUndefined, z.string().optional()),
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"], {
        message: "must be MultiTenant, SingleTenant or UserAssignedMSI",
      }).default("MultiTenant"),
    ),
    MicrosoftAppTenantId: z.preprocess(
      emptyToUndefined,
      z.string().regex(GUID, "must be a tenant ID (a GUID)").optional(),
    ),
    HOST: z.preprocess(emptyToUndefined, z.string().default("127.0.0.1")),
    PORT: port,
    TABLES_CONNECTION_STRING: z.preprocess(emptyToUndefined, z.string().optional()),
    TABLES_ACCOUNT_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .optional()
        .transform((raw, ctx) => {
          if (raw === undefined) return undefined;
          const parsed = parseTablesAccountUrl(raw);
          if ("error" in parsed) {
            ctx.addIssue({ code: "custom", message: parsed.error });
            return z.NEVER;
          }
          return parsed;
        }),
    ),
    TABLES_PREFIX: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, "must be letters and digits, starting with a letter, at most 20").default(""),
    ),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default(".data")),
    TIME_ZONE: z.preprocess(
      emptyToUndefined,
      z.string().default("Europe/London").refine((zone) => IANAZone.isValidZone(zone), "must be an IANA time zone such as Europe/London"),
    ),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
    BOT_DOMAIN: botDomainSetting,
    OFFICER_AAD_IDS: guidList,
    CHAIR_AAD_IDS: guidList,
    REMINDER_HOURS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .default("48,4")
        .transform((raw, ctx) => {
          const hours = raw.split(",").map((h) => h.trim()).filter((h) => h !== "").map(Number);
          if (hours.some((h) => !Number.isFinite(h) || h <= 0 || h > 24 * 30)) {
            ctx.addIssue({ code: "custom", message: "must be comma-separated hours before the deadline, each between 0 and 720, e.g. 48,4" });
            return z.NEVER;
          }
          return [...new Set(hours)].sort((a, b) => b - a);
        }),
    ),
    SCHEDULER_INTERVAL_SECONDS: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: "must be a number" }).int().min(5, "must be at least 5").max(3600, "must be at most 3600").default(60),
    ),
    OUTBOUND_PER_SECOND: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: "must be a number" }).min(1, "must be at least 1").max(50, "must be at most 50 (Teams' per-app limit)").default(50),
    ),
    SUMMARY_READER_THREADS: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(0, "must be at least 0").max(8, "must be at most 8").optional(),
    ),
    AUTO_PUBLISH: z.preprocess(emptyToUndefined, z.enum(["true", "false"], { message: "must be true or false" }).default("false")),
    PUBLIC_BASE_URL: z.preprocess(
      emptyToUndefined,
      z.string().url("must be a URL such as https://soundingboard.example.org").refine((u) => /^https?:\/\//.test(u), "must start with https:// or http://").optional(),
    ),
    REPORT_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)").optional()),
    TAB_SSO_AUDIENCE: tabSsoAudienceSetting,
    TAB_SSO_ISSUER: z.preprocess(emptyToUndefined, z.string().url("must be the token issuer URL").optional()),
    TAB_SSO_JWKS_URL: z.preprocess(emptyToUndefined, z.string().url("must be the URL of the issuer's JSON Web Key Set").optional()),
    DEV_USER_AAD_ID: z.preprocess(emptyToUndefined, z.string().regex(GUID, "must be an Azure AD object ID (a GUID)").optional()),
    SHUTDOWN_GRACE_MS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int().min(0).max(120000, "must be at most 120000").default(10000),
    ),
  })
  .superRefine((env, ctx) => {
    const problems = new Map<string, string>();
    const problem = (key: string, message: string) => {
      if (!problems.has(key)) problems.set(key, message);
    };
    const msi = env.MicrosoftAppType === "UserAssignedMSI";
    if (env.MicrosoftAppId && !msi && !env.MicrosoftAppPassword) problem("MicrosoftAppPassword", "is required when MicrosoftAppId is set");
    if (env.MicrosoftAppId && msi && env.MicrosoftAppPassword) {
      problem("MicrosoftAppPassword", "must be empty when MicrosoftAppType is UserAssignedMSI (a managed identity has no secret)");
    }
    if (!env.MicrosoftAppId && msi) problem("MicrosoftAppId", "is required when MicrosoftAppType is UserAssignedMSI: the managed identity's client ID");
    if (!env.MicrosoftAppId && !isLoopback(env.HOST)) {
      problem("HOST", "must be a loopback address (127.0.0.1, ::1 or localhost) while MicrosoftAppId is empty, because authentication is off");
    }
    if (env.MicrosoftAppId && env.MicrosoftAppType !== "MultiTenant" && !env.MicrosoftAppTenantId) {
      problem("MicrosoftAppTenantId", `is required when MicrosoftAppType is ${env.MicrosoftAppType}`);
    }
    if (env.TABLES_ACCOUNT_URL && env.TABLES_CONNECTION_STRING) {
      problem("TABLES_ACCOUNT_URL", "set TABLES_ACCOUNT_URL (managed identity) or TABLES_CONNECTION_STRING, not both");
    }
    // What production requires is checked in loadConfig, on the settings as given: a default doesn't count.
    for (const [key, message] of problems) ctx.addIssue({ code: "custom", path: [key], message });
  });

/** Every setting the bot reads; .env.example documents exactly these, and the deployment templates pass only these (tests keep them in step). */
export const CONFIG_KEYS: readonly string[] = Object.keys(envSchema.shape);

export interface ProductionRequirement {
  /** Exactly one of these must be set (most have one). */
  anyOf: readonly string[];
  because: string;
}

/**
 * What the bot requires when NODE_ENV=production, for a given MicrosoftAppType (default MultiTenant).
 * The parser checks exactly these, and the infrastructure test checks the deployment templates pass
 * them, so the two cannot drift apart.
 */
export function productionRequirements(env: { MicrosoftAppType?: string | undefined } = {}): ProductionRequirement[] {
  const appType = env.MicrosoftAppType?.trim() || "MultiTenant";
  return [
    { anyOf: ["NODE_ENV"], because: "NODE_ENV=production is what makes it production" },
    { anyOf: ["MicrosoftAppId"], because: "a deployed bot checks Bot Framework tokens, so it needs its app ID" },
    ...(appType === "UserAssignedMSI" ? [] : [{ anyOf: ["MicrosoftAppPassword"], because: "the bot's client secret" }]),
    ...(appType === "MultiTenant" ? [] : [{ anyOf: ["MicrosoftAppTenantId"], because: `a ${appType} bot belongs to one tenant` }]),
    {
      anyOf: ["TABLES_ACCOUNT_URL", "TABLES_CONNECTION_STRING"],
      because: "the embedded store is one process's local disk; a deployment uses a storage account",
    },
    { anyOf: ["BOT_DOMAIN"], because: "the public host name, for report links and the dashboard tab's SSO audience" },
    { anyOf: ["REPORT_LINK_SECRET"], because: "without it report and export links stop working whenever the bot restarts" },
  ];
}

const STORAGE_ACCOUNT_HOST = /^[a-z0-9]{3,24}\.table\.core\.(?:windows\.net|usgovcloudapi\.net|chinacloudapi\.cn)$/;
const TABLES_ACCOUNT_URL_FORMS =
  "must be a storage account's Table endpoint, https://<account>.table.core.windows.net/ (3-24 lowercase letters and digits), " +
  "or Azurite's http://127.0.0.1:<port>/devstoreaccount1";

/** TABLES_ACCOUNT_URL: a storage account's Table endpoint (managed identity), or a loopback Azurite (its development account). */
export function parseTablesAccountUrl(raw: string): { url: string; azurite: boolean } | { error: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { error: TABLES_ACCOUNT_URL_FORMS };
  }
  if (url.username || url.password || url.search || url.hash) {
    return { error: "must be the bare endpoint, with no credentials, query (SAS token) or fragment: access is by managed identity" };
  }
  if (url.protocol === "https:" && STORAGE_ACCOUNT_HOST.test(url.hostname) && url.port === "" && url.pathname === "/") {
    return { url: `https://${url.hostname}`, azurite: false };
  }
  if ((url.protocol === "http:" || url.protocol === "https:") && isLoopback(url.hostname) && /^\/devstoreaccount1\/?$/.test(url.pathname)) {
    return { url: `${url.protocol}//${url.host}/devstoreaccount1`, azurite: true };
  }
  return { error: TABLES_ACCOUNT_URL_FORMS };
}

export interface BotCredentials {
  /** Empty string means authentication is off (local use only). */
  appId: string;
  appPassword: string;
  appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
  tenantId: string;
}

export type StorageConfig =
  /** Neither TABLES_ACCOUNT_URL nor a connection string: Azurite's Table server runs inside the bot, persisted under dataDir. */
  | { kind: "embedded"; dataDir: string; tablePrefix: string }
  | { kind: "connectionString"; connectionString: string; tablePrefix: string }
  /** TABLES_ACCOUNT_URL: no keys; Azure AD tokens for the account, or Azurite's well-known development account on loopback. */
  | { kind: "accountUrl"; accountUrl: string; tablePrefix: string; credential: StorageCredential };

export type StorageCredential =
  /** DefaultAzureCredential; with MicrosoftAppType=UserAssignedMSI, the bot's own managed identity (its client ID). */
  | { kind: "azureIdentity"; managedIdentityClientId?: string }
  /** Azurite's published development account (not a secret): only ever for a loopback URL. */
  | { kind: "azuriteDevelopmentAccount" };

export interface Config {
  /** NODE_ENV=production: a deployment (storage account, authentication, JSON logs). */
  production: boolean;
  credentials: BotCredentials;
  authEnabled: boolean;
  host: string;
  port: number;
  storage: StorageConfig;
  timeZone: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  botDomain: string;
  roles: { officerAadIds: string[]; chairAadIds: string[] };
  /** Hours before the deadline at which non-responders are reminded, largest first. */
  reminderHours: number[];
  schedulerIntervalMs: number;
  /** Outbound Teams requests per second for the whole app (Teams allows 50). */
  outboundPerSecond: number;
  /**
   * Threads that share the reading of a large round's answers with the summary thread
   * (services/summary/threads/). Default 0: each costs ~100 MB and more while it reads (a
   * 10,000-response round: 7.7 → 6.1 s with one, peak memory ~410 → ~660–800 MB), so it is for
   * machines with cores and memory to spare.
   */
  summaryReaderThreads: number;
  /** Publish summaries as soon as a round closes, without officer review. */
  autoPublish: boolean;
  /** Where people's browsers reach the bot (report and export links). */
  publicBaseUrl: string;
  /** Signs report/export links; undefined = a random secret per process (links stop working on restart). */
  reportLinkSecret?: string;
  /**
   * The dashboard tab's API checks Teams SSO tokens (when the app is configured): audience is the
   * tab's Application ID URI; issuer and keys default to Microsoft's, and are settable so tests can
   * use a locally generated key.
   */
  tabSso: {
    audience: string;
    /** Exact issuer; undefined = Microsoft's v2.0 issuer for the token's own tenant (checked against MicrosoftAppTenantId when set). */
    issuer?: string;
    jwksUrl: string;
  };
  /** Local mode (no app ID): the person the dashboard acts as. Defaults to the first officer. */
  devUserAadId?: string;
  shutdownGraceMs: number;
}

/**
 * For command-line tools that need the bot's whole configuration (the playground): the .env file,
 * then the environment, as a Config — or the message to print and exit on. Unexpected errors are thrown.
 */
export function loadConfigForTool(envFile: string, env: Record<string, string | undefined> = process.env): { config: Config } | { error: string } {
  return loadForTool(envFile, env, loadConfig);
}

/** Parse the environment into a typed Config, or throw a ConfigError naming every bad key. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success ? [] : problemsOf(parsed.error);
  if (env.NODE_ENV?.trim() === "production") {
    const given = (key: string) => (env[key]?.trim() ?? "") !== "";
    for (const req of productionRequirements({ MicrosoftAppType: env.MicrosoftAppType })) {
      const key = req.anyOf[0]!;
      if (req.anyOf.some(given) || problems.some((p) => p.startsWith(`${key}:`))) continue;
      const which = req.anyOf.length === 1 ? "is required" : `or ${req.anyOf.slice(1).join(" or ")} is required`;
      problems.push(`${key}: ${which} in production (NODE_ENV=production): ${req.because}`);
    }
    if (parsed.success && given("BOT_DOMAIN") && isLoopback(parsed.data.BOT_DOMAIN.replace(/:\d+$/, ""))) {
      problems.push("BOT_DOMAIN: must be the bot's public host name in production (NODE_ENV=production), not a loopback name");
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const appId = e.MicrosoftAppId ?? "";
  return {
    production: e.NODE_ENV === "production",
    credentials: {
      appId,
      appPassword: e.MicrosoftAppPassword ?? "",
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId ?? "",
    },
    authEnabled: appId !== "",
    host: e.HOST,
    port: e.PORT,
    storage: e.TABLES_ACCOUNT_URL
      ? {
          kind: "accountUrl",
          accountUrl: e.TABLES_ACCOUNT_URL.url,
          tablePrefix: e.TABLES_PREFIX,
          credential: e.TABLES_ACCOUNT_URL.azurite
            ? { kind: "azuriteDevelopmentAccount" }
            : { kind: "azureIdentity", ...(e.MicrosoftAppType === "UserAssignedMSI" && appId ? { managedIdentityClientId: appId } : {}) },
        }
      : e.TABLES_CONNECTION_STRING
        ? { kind: "connectionString", connectionString: e.TABLES_CONNECTION_STRING, tablePrefix: e.TABLES_PREFIX }
        : { kind: "embedded", dataDir: e.DATA_DIR, tablePrefix: e.TABLES_PREFIX },
    timeZone: e.TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    botDomain: e.BOT_DOMAIN,
    roles: { officerAadIds: e.OFFICER_AAD_IDS, chairAadIds: e.CHAIR_AAD_IDS },
    reminderHours: e.REMINDER_HOURS,
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_SECONDS * 1000,
    outboundPerSecond: e.OUTBOUND_PER_SECOND,
    summaryReaderThreads: e.SUMMARY_READER_THREADS ?? 0,
    autoPublish: e.AUTO_PUBLISH === "true",
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? (appId ? `https://${e.BOT_DOMAIN}` : `http://${e.HOST.includes(":") ? `[${e.HOST}]` : e.HOST}:${e.PORT}`)).replace(/\/+$/, ""),
    reportLinkSecret: e.REPORT_LINK_SECRET,
    tabSso: {
      audience: e.TAB_SSO_AUDIENCE ?? defaultTabSsoAudience(e.BOT_DOMAIN, appId),
      issuer: e.TAB_SSO_ISSUER,
      jwksUrl: e.TAB_SSO_JWKS_URL ?? "https://login.microsoftonline.com/common/discovery/v2.0/keys",
    },
    devUserAadId: (e.DEV_USER_AAD_ID ?? e.OFFICER_AAD_IDS[0])?.toLowerCase(),
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}
