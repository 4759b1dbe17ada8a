/**
 * Builds the dashboard tab's browser code: tab/src/main.ts (the dashboard), tab/src/config.ts (the
 * configurable tab's setup page) and tab/src/live/main.ts (the meeting side panel and stage) bundled by esbuild — @microsoft/teams-js included — into one script
 * each, in memory. The server builds on the first request for a script and keeps the result for the
 * life of the process; nothing is written to disk and nothing is loaded from a CDN.
 *
 * teams-js fetches its list of allowed Teams origins from res.cdn.office.net when it loads. The page's
 * CSP only allows its own origin, so the bundle asks this server instead (/tab/valid-origins.json,
 * the same list teams-js ships as its fallback).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";

export const TAB_DIR = dirname(fileURLToPath(import.meta.url));

export interface TabAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

export interface TabBundle {
  "app.js": TabAsset;
  "config.js": TabAsset;
  /** The meeting pages: the side panel / chat tab (/tab/live) and the shared stage (/tab/stage). */
  "live.js": TabAsset;
}

const TEAMS_JS_CDN_ORIGINS = 'new URL("https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json")';
const LOCAL_ORIGINS = 'new URL("valid-origins.json", document.baseURI)';

export function asset(body: string | Buffer, contentType: string): TabAsset {
  const buf = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return { body: buf, contentType, etag: `"${createHash("sha256").update(buf).digest("base64url").slice(0, 27)}"` };
}

/** Points teams-js's origin-list fetch at this server. Fails the build if teams-js no longer has it (so an upgrade can't silently start calling the CDN). */
const localOriginList: Plugin = {
  name: "teams-js-local-origin-list",
  setup(b) {
    b.onLoad({ filter: /[\\/]@microsoft[\\/]teams-js[\\/].*[\\/]internal[\\/]constants\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes(TEAMS_JS_CDN_ORIGINS)) {
        return { errors: [{ text: `teams-js no longer contains ${TEAMS_JS_CDN_ORIGINS}: review tab/build.ts for this teams-js version` }] };
      }
      return { contents: source.replace(TEAMS_JS_CDN_ORIGINS, LOCAL_ORIGINS), loader: "js" };
    });
  },
};

export async function buildTabBundle(): Promise<TabBundle> {
  // Loaded on first use: a bot that is never asked for the tab never loads the bundler.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: { app: join(TAB_DIR, "src", "main.ts"), config: join(TAB_DIR, "src", "config.ts"), live: join(TAB_DIR, "src", "live", "main.ts") },
    outdir: join(TAB_DIR, "out"),
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: ["es2020"],
    minify: true,
    legalComments: "eof",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [localOriginList],
    logLevel: "silent",
  });
  const byName = new Map(result.outputFiles.map((f) => [f.path.split(/[\\/]/).pop()!, Buffer.from(f.contents)]));
  const get = (name: string) => {
    const body = byName.get(name);
    if (!body) throw new Error(`tab build produced no ${name}`);
    return asset(body, "text/javascript; charset=utf-8");
  };
  return { "app.js": get("app.js"), "config.js": get("config.js"), "live.js": get("live.js") };
}

/** The origins teams-js itself ships as its fallback list, as {"validOrigins": [...]}. */
export function teamsValidOrigins(): string[] {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve("@microsoft/teams-js/package.json"));
  const file = join(pkgDir, "dist", "esm", "packages", "teams-js", "src", "artifactsForCDN", "validDomains.json.js");
  try {
    const text = readFileSync(file, "utf8");
    const match = /\[(?:\s*"[^"]*"\s*,?)+\]/.exec(text);
    const list: unknown = match ? JSON.parse(match[0]) : [];
    return Array.isArray(list) ? list.filter((o): o is string => typeof o === "string") : [];
  } catch {
    // An empty list makes teams-js use the same list from inside its own bundle.
    return [];
  }
}

/** The static files: pages and styles, read once. */
export type StaticName = "index.html" | "config.html" | "app.css" | "live.html" | "stage.html" | "live.css";

export function readStatic(name: StaticName): TabAsset {
  const type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
  return asset(readFileSync(join(TAB_DIR, name)), type);
}
