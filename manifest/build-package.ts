/**
 * Builds the Teams app package (manifest/build/sounding-board.zip) from manifest.template.json:
 *
 *   npm run package        (tsx manifest/build-package.ts)
 *
 * - reads .env if there is one, then the environment — only the settings the manifest needs
 *   (MicrosoftAppId, BOT_DOMAIN, TAB_SSO_AUDIENCE: services/config/manifest-config.ts), so it runs
 *   with just MicrosoftAppId set; nothing the bot alone needs (password, storage…) is asked for;
 * - fills ${{BOT_ID}} from MicrosoftAppId (local mode: a fixed placeholder GUID and a warning),
 *   ${{BOT_DOMAIN}} from BOT_DOMAIN (without a port, for validDomains), ${{TAB_HOST}} from BOT_DOMAIN
 *   (with any port: the dashboard tab's URLs), ${{TAB_SSO_RESOURCE}} from TAB_SSO_AUDIENCE (the tab's
 *   Application ID URI, for Teams SSO) and ${{APP_VERSION}} from package.json;
 * - validates the result against the official Teams JSON schema shipped inside
 *   @microsoft/app-manifest (loaded from disk: nothing is fetched from the network) plus the
 *   Teams limits the schema does not express, and checks the two icons;
 * - writes manifest.json, color.png and outline.png at the root of the zip, and the same three files
 *   beside it (for tools that take an unzipped manifest, e.g. the Agents Toolkit's teamsApp actions).
 *
 * The pure pieces are exported for the tests; the CLI only runs when executed directly.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import AdmZip from "adm-zip";
import { PNG } from "pngjs";
import { AppManifestUtils } from "@microsoft/app-manifest";
import type { AppManifest, TeamsManifestV1D30 } from "@microsoft/app-manifest";
import { loadManifestConfigForTool, type ManifestConfig } from "../services/config/manifest-config.ts";

/** The manifest shape for the schema version the template uses (update with the template). */
export type SoundingBoardManifest = TeamsManifestV1D30.TeamsManifestV1D30;

export const MANIFEST_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(MANIFEST_DIR, "..");
export const TEMPLATE_PATH = join(MANIFEST_DIR, "manifest.template.json");
export const DEFAULT_OUT_DIR = join(MANIFEST_DIR, "build");
export const PACKAGE_FILE_NAME = "sounding-board.zip";
export const ICONS = { color: { file: "color.png", size: 192 }, outline: { file: "outline.png", size: 32 } } as const;

/**
 * Local placeholder app/bot ID, used when MicrosoftAppId is empty (local mode). It is a
 * well-formed GUID so the manifest still validates, but it is not registered anywhere: a
 * package built with it cannot be used in Teams.
 */
export const LOCAL_PLACEHOLDER_BOT_ID = "5b0a7e0f-0c1d-4b8a-9d4e-000000000001";

/** Teams limits for bot commands that are stricter than the JSON schema. */
export const COMMAND_LIMITS = { perList: 10, title: 32, description: 128 } as const;

const TOKEN = /\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g;

export class ManifestValidationError extends Error {
  constructor(readonly errors: string[]) {
    super(`The Teams app manifest is not valid:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
    this.name = "ManifestValidationError";
  }
}

export function readAppVersion(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "0.0.0";
}

/** Host name for validDomains: BOT_DOMAIN without any :port (Teams domains carry no port). */
export function domainForManifest(botDomain: string): string {
  return botDomain.replace(/:\d+$/, "");
}

/** Values for the ${{TOKENS}} in the template. */
export function manifestTokens(config: ManifestConfig, appVersion = readAppVersion()): Record<string, string> {
  return {
    BOT_ID: config.appId || LOCAL_PLACEHOLDER_BOT_ID,
    BOT_DOMAIN: domainForManifest(config.botDomain),
    TAB_HOST: config.botDomain,
    TAB_SSO_RESOURCE: config.tabSsoAudience,
    APP_VERSION: appVersion,
  };
}

function fillTokens(value: unknown, tokens: Record<string, string>, path: string): unknown {
  if (typeof value === "string") {
    return value.replace(TOKEN, (_m, name: string) => {
      const v = tokens[name];
      if (v === undefined) throw new Error(`manifest template: unknown token \${{${name}}} at ${path || "(root)"}`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => fillTokens(v, tokens, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fillTokens(v, tokens, path ? `${path}.${k}` : k)]),
    );
  }
  return value;
}

/**
 * The manifest for this configuration: the template with its tokens filled in. Substitution
 * happens on the parsed JSON (string values only), so no value can break the JSON structure.
 */
export function renderManifest(
  config: ManifestConfig,
  options: { appVersion?: string; template?: unknown } = {},
): SoundingBoardManifest {
  const template = options.template ?? JSON.parse(readFileSync(TEMPLATE_PATH, "utf8"));
  return fillTokens(template, manifestTokens(config, options.appVersion), "") as SoundingBoardManifest;
}

const appManifestRequire = createRequire(import.meta.url);

/** Directory of the JSON schemas bundled in @microsoft/app-manifest (build/json-schemas/teams). */
export function bundledTeamsSchemaDir(): string {
  const main = appManifestRequire.resolve("@microsoft/app-manifest"); // .../build/index.js
  return join(dirname(main), "json-schemas", "teams");
}

export function officialSchemaUrl(manifestVersion: string): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`;
}

/** Path of the bundled schema file for a manifest version (it may not exist). */
export function bundledSchemaPath(manifestVersion: string): string {
  return join(bundledTeamsSchemaDir(), `v${manifestVersion}`, "MicrosoftTeams.schema.json");
}

/** Load the bundled schema; same clean-up of \a and \v escapes as the package's own loader. */
export function loadBundledSchema(manifestVersion: string): object {
  const raw = readFileSync(bundledSchemaPath(manifestVersion), "utf8");
  return JSON.parse(raw.replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b")) as object;
}

/** Teams rules for bot commands that the JSON schema is looser about. */
function commandLimitErrors(manifest: SoundingBoardManifest): string[] {
  const errors: string[] = [];
  (manifest.bots ?? []).forEach((bot, b) => {
    (bot.commandLists ?? []).forEach((list, l) => {
      const at = `/bots/${b}/commandLists/${l}`;
      if (list.commands.length > COMMAND_LIMITS.perList) {
        errors.push(`${at}/commands has ${list.commands.length} commands; Teams shows at most ${COMMAND_LIMITS.perList}`);
      }
      list.commands.forEach((cmd, c) => {
        if (cmd.title.length > COMMAND_LIMITS.title) {
          errors.push(`${at}/commands/${c}/title is longer than ${COMMAND_LIMITS.title} characters`);
        }
        if ((cmd.description ?? "").length > COMMAND_LIMITS.description) {
          errors.push(`${at}/commands/${c}/description is longer than ${COMMAND_LIMITS.description} characters`);
        }
      });
    });
  });
  return errors;
}

/**
 * Teams only loads tab pages over HTTPS from the app's validDomains; the schema accepts any http(s) URL.
 */
function tabUrlErrors(manifest: SoundingBoardManifest): string[] {
  const errors: string[] = [];
  const domains = manifest.validDomains ?? [];
  const check = (at: string, url: string | undefined) => {
    if (url === undefined) return;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      errors.push(`${at} is not a URL`);
      return;
    }
    if (parsed.protocol !== "https:") errors.push(`${at} must be an https:// URL (Teams loads tabs over HTTPS only)`);
    const allowed = domains.some((d) => d === parsed.hostname || (d.startsWith("*.") && parsed.hostname.endsWith(d.slice(1))));
    if (!allowed) errors.push(`${at}: ${parsed.hostname} is not in validDomains`);
  };
  (manifest.staticTabs ?? []).forEach((tab, i) => {
    check(`/staticTabs/${i}/contentUrl`, tab.contentUrl);
    check(`/staticTabs/${i}/websiteUrl`, tab.websiteUrl);
  });
  (manifest.configurableTabs ?? []).forEach((tab, i) => check(`/configurableTabs/${i}/configurationUrl`, tab.configurationUrl));
  return errors;
}

/**
 * Validate a manifest against the official Teams schema for its manifestVersion, loaded from
 * the copy bundled in @microsoft/app-manifest. The schema is passed to
 * AppManifestUtils.validateAgainstSchema explicitly, so the package never takes its
 * fetch-from-$schema-URL path. Returns the errors (empty when valid).
 */
export async function validateManifest(manifest: SoundingBoardManifest): Promise<string[]> {
  const version: unknown = (manifest as { manifestVersion?: unknown }).manifestVersion;
  if (typeof version !== "string" || !/^\d+\.\d+$/.test(version)) {
    return [`/manifestVersion must be a released schema version such as "1.30" (got ${JSON.stringify(version)})`];
  }
  const expectedUrl = officialSchemaUrl(version);
  const errors: string[] = [];
  if (manifest.$schema !== expectedUrl) {
    errors.push(`/$schema must be ${expectedUrl} to match manifestVersion ${version} (got ${JSON.stringify(manifest.$schema)})`);
  }
  if (!existsSync(bundledSchemaPath(version))) {
    return [
      ...errors,
      `no bundled Teams schema for manifestVersion ${version} in ${bundledTeamsSchemaDir()} (not fetching it from the network)`,
    ];
  }
  const schema = loadBundledSchema(version);
  const schemaErrors = await AppManifestUtils.validateAgainstSchema(
    manifest as unknown as AppManifest,
    schema as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1],
  );
  errors.push(...schemaErrors);
  if (schemaErrors.length === 0) errors.push(...commandLimitErrors(manifest), ...tabUrlErrors(manifest));
  return errors;
}

/** Check the icon files Teams requires: sizes, and an outline that is only white + transparency. */
export function validateIcons(dir = MANIFEST_DIR): string[] {
  const errors: string[] = [];
  for (const [kind, { file, size }] of Object.entries(ICONS)) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      errors.push(`${file} is missing (run: npx tsx manifest/make-icons.ts)`);
      continue;
    }
    let png: PNG;
    try {
      png = PNG.sync.read(readFileSync(path));
    } catch (err) {
      errors.push(`${file} is not a readable PNG: ${(err as Error).message}`);
      continue;
    }
    if (png.width !== size || png.height !== size) {
      errors.push(`${file} is ${png.width}x${png.height}; Teams needs ${size}x${size}`);
    }
    if (kind === "outline") {
      let transparent = 0;
      let nonWhite = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        if (png.data[i + 3] === 0) transparent++;
        else if (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255) nonWhite++;
      }
      if (transparent === 0) errors.push(`${file} has no transparent pixels; Teams needs a transparent background`);
      if (nonWhite > 0) errors.push(`${file} has ${nonWhite} visible pixels that are not white (#FFFFFF)`);
    }
  }
  return errors;
}

export interface BuiltPackage {
  zipPath: string;
  manifest: SoundingBoardManifest;
}

/** Render, validate and zip the app package into outDir. Throws ManifestValidationError. */
export async function buildPackage(config: ManifestConfig, outDir: string = DEFAULT_OUT_DIR): Promise<BuiltPackage> {
  const manifest = renderManifest(config);
  const errors = [...(await validateManifest(manifest)), ...validateIcons(MANIFEST_DIR)];
  if (errors.length > 0) throw new ManifestValidationError(errors);

  const zip = new AdmZip();
  const files: Array<[string, Buffer]> = [
    ["manifest.json", Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8")],
    [ICONS.color.file, readFileSync(join(MANIFEST_DIR, ICONS.color.file))],
    [ICONS.outline.file, readFileSync(join(MANIFEST_DIR, ICONS.outline.file))],
  ];
  mkdirSync(outDir, { recursive: true });
  for (const [name, body] of files) {
    zip.addFile(name, body);
    writeFileSync(join(outDir, name), body);
  }
  const zipPath = join(outDir, PACKAGE_FILE_NAME);
  writeFileSync(zipPath, zip.toBuffer());
  return { zipPath, manifest };
}

/**
 * `npm run package`: .env (if any) and the environment → the package in outDir. Returns the exit code;
 * messages go to `out` (tests pass their own).
 */
export async function runPackageCli(
  options: { envFile?: string; env?: Record<string, string | undefined>; outDir?: string; out?: Pick<Console, "log" | "warn" | "error"> } = {},
): Promise<number> {
  const console = options.out ?? globalThis.console;
  const loaded = loadManifestConfigForTool(options.envFile ?? join(REPO_ROOT, ".env"), options.env ?? process.env);
  if ("error" in loaded) {
    console.error(loaded.error);
    return 1;
  }
  const config = loaded.config;

  if (!config.appId) {
    console.warn(
      `WARNING: MicrosoftAppId is not set (local mode). The package uses the local placeholder ID ` +
        `${LOCAL_PLACEHOLDER_BOT_ID}, which is not a registered bot: it cannot be uploaded to Teams ` +
        `usefully. Set MicrosoftAppId to the bot's Azure AD app ID (or its managed identity's client ID).`,
    );
  }
  if (domainForManifest(config.botDomain) === "localhost") {
    console.warn("WARNING: BOT_DOMAIN is localhost; set it to the bot's public host name before uploading to Teams.");
  }

  try {
    const { zipPath, manifest } = await buildPackage(config, options.outDir ?? DEFAULT_OUT_DIR);
    console.log(`Teams app package (manifest v${manifest.manifestVersion}, app ${manifest.id}) written to:`);
    console.log(zipPath);
    return 0;
  } catch (err) {
    if (err instanceof ManifestValidationError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runPackageCli().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
