import { z } from "zod";
import { IANAZone } from "luxon";

/**
 * Settings are parsed once, at start, from the environment (options > env > defaults).
 * Anything wrong is reported by key name and the process refuses to start: a bot that
 * limps on with a half-read config sends prompts to the wrong people or loses answers.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

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
    MicrosoftAppId: z.preprocess(
      emptyToUndefined,
      z.string().regex(GUID, "must be the bot's Azure AD app ID (a GUID), or empty for local use").optional(),
    ),
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
    BOT_DOMAIN: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^(?!https?:\/\/)[A-Za-z0-9.-]+(:\d+)?$/, "must be a host name without a scheme, e.g. soundingboard.example.org")
        .default("localhost"),
    ),
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
    AUTO_PUBLISH: z.preprocess(emptyToUndefined, z.enum(["true", "false"], { message: "must be true or false" }).default("false")),
    PUBLIC_BASE_URL: z.preprocess(
      emptyToUndefined,
      z.string().url("must be a URL such as https://soundingboard.example.org").refine((u) => /^https?:\/\//.test(u), "must start with https:// or http://").optional(),
    ),
    REPORT_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)").optional()),
    TAB_SSO_AUDIENCE: z.preprocess(emptyToUndefined, z.string().max(300).optional()),
    TAB_SSO_ISSUER: z.preprocess(emptyToUndefined, z.string().url("must be the token issuer URL").optional()),
    TAB_SSO_JWKS_URL: z.preprocess(emptyToUndefined, z.string().url("must be the URL of the issuer's JSON Web Key Set").optional()),
    DEV_USER_AAD_ID: z.preprocess(emptyToUndefined, z.string().regex(GUID, "must be an Azure AD object ID (a GUID)").optional()),
    SHUTDOWN_GRACE_MS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int().min(0).max(120000, "must be at most 120000").default(10000),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.MicrosoftAppId && env.MicrosoftAppType !== "UserAssignedMSI" && !env.MicrosoftAppPassword) {
      ctx.addIssue({ code: "custom", path: ["MicrosoftAppPassword"], message: "is required when MicrosoftAppId is set" });
    }
    if (!env.MicrosoftAppId && !isLoopback(env.HOST)) {
      ctx.addIssue({
        code: "custom",
        path: ["HOST"],
        message: "must be a loopback address (127.0.0.1, ::1 or localhost) while MicrosoftAppId is empty, because authentication is off",
      });
    }
    if (env.MicrosoftAppType === "SingleTenant" && env.MicrosoftAppId && !env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: "custom", path: ["MicrosoftAppTenantId"], message: "is required when MicrosoftAppType is SingleTenant" });
    }
  });

/** Every setting the bot reads; .env.example documents exactly these (a test keeps them in step). */
export const CONFIG_KEYS: readonly string[] = Object.keys(envSchema.shape);

export interface BotCredentials {
  /** Empty string means authentication is off (local use only). */
  appId: string;
  appPassword: string;
  appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
  tenantId: string;
}

export type StorageConfig =
  /** No connection string: Azurite's Table server runs inside the bot, persisted under dataDir. */
  | { kind: "embedded"; dataDir: string; tablePrefix: string }
  | { kind: "connectionString"; connectionString: string; tablePrefix: string };

export interface Config {
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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
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
 * For command-line tools (the playground, the package builder): the .env file, then the
 * environment, as a Config — or the message to print and exit on. Unexpected errors are thrown.
 */
export function loadConfigForTool(envFile: string, env: Record<string, string | undefined> = process.env): { config: Config } | { error: string } {
  try {
    loadDotEnvIfPresent(envFile);
  } catch (err) {
    return { error: `Could not read .env: ${(err as Error).message}` };
  }
  try {
    return { config: loadConfig(env) };
  } catch (err) {
    if (err instanceof ConfigError) return { error: err.message };
    throw err;
  }
}

/** Parse the environment into a typed Config, or throw a ConfigError naming every bad key. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const appId = e.MicrosoftAppId ?? "";
  return {
    credentials: {
      appId,
      appPassword: e.MicrosoftAppPassword ?? "",
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId ?? "",
    },
    authEnabled: appId !== "",
    host: e.HOST,
    port: e.PORT,
    storage: e.TABLES_CONNECTION_STRING
      ? { kind: "connectionString", connectionString: e.TABLES_CONNECTION_STRING, tablePrefix: e.TABLES_PREFIX }
      : { kind: "embedded", dataDir: e.DATA_DIR, tablePrefix: e.TABLES_PREFIX },
    timeZone: e.TIME_ZONE,
    logLevel: e.LOG_LEVEL,
    botDomain: e.BOT_DOMAIN,
    roles: { officerAadIds: e.OFFICER_AAD_IDS, chairAadIds: e.CHAIR_AAD_IDS },
    reminderHours: e.REMINDER_HOURS,
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_SECONDS * 1000,
    outboundPerSecond: e.OUTBOUND_PER_SECOND,
    autoPublish: e.AUTO_PUBLISH === "true",
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? (appId ? `https://${e.BOT_DOMAIN}` : `http://${e.HOST.includes(":") ? `[${e.HOST}]` : e.HOST}:${e.PORT}`)).replace(/\/+$/, ""),
    reportLinkSecret: e.REPORT_LINK_SECRET,
    tabSso: {
      audience: e.TAB_SSO_AUDIENCE ?? `api://${e.BOT_DOMAIN}/${appId || "00000000-0000-0000-0000-000000000000"}`,
      issuer: e.TAB_SSO_ISSUER,
      jwksUrl: e.TAB_SSO_JWKS_URL ?? "https://login.microsoftonline.com/common/discovery/v2.0/keys",
    },
    devUserAadId: (e.DEV_USER_AAD_ID ?? e.OFFICER_AAD_IDS[0])?.toLowerCase(),
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}
