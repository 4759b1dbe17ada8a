import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { chromium, type Browser, type LaunchOptions } from "playwright-core";

/**
 * Starts headless Chromium for the browser tests and the preview scripts (cards/preview/screenshot.ts,
 * services/summary/preview-report.ts), so `npm install && npm test` works on a machine with no
 * browser installed. Which Chromium:
 *
 * - `CHROMIUM_PATH=/path/to/chrome`: that one (an empty value counts as unset);
 * - `SB_BROWSER=npm`: the Chromium shipped inside the `@sparticuz/chromium` npm package, even when
 *   the system has one; `SB_BROWSER=system`: the system's only (an error if there is none);
 * - otherwise the system's (`/usr/bin/chromium`, or `chromium` / `chromium-browser` on PATH) when
 *   there is one, else the npm package's.
 *
 * The npm package's Chromium (a headless shell, Linux x64) is unpacked once per version into
 * `$TMPDIR/sounding-board-chromium-<version>-<uid>/`: into a folder of its own first, then renamed
 * into place, so a run that is killed half-way, or two runs at once, never leave a broken browser.
 */

/** Flags for every launch: as root (CI) there is no sandbox; and no background requests, which this network refuses. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const SYSTEM_CANDIDATES = ["/usr/bin/chromium"];
const PATH_NAMES = ["chromium", "chromium-browser"];

export interface ChromiumExecutable {
  path: string;
  source: "CHROMIUM_PATH" | "system" | "npm";
  /** Extra environment for the browser process (the npm browser's font configuration). */
  env?: Record<string, string>;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function systemChromium(): string | undefined {
  const onPath = (process.env.PATH ?? "").split(delimiter).filter(Boolean).flatMap((dir) => PATH_NAMES.map((name) => join(dir, name)));
  return [...SYSTEM_CANDIDATES, ...onPath].find(isExecutable);
}

let npmChromium: Promise<ChromiumExecutable> | undefined;

/** The `@sparticuz/chromium` browser, unpacked (once per version and user) and ready to run. */
function chromiumFromNpm(): Promise<ChromiumExecutable> {
  npmChromium ??= unpackNpmChromium().catch((err: unknown) => {
    npmChromium = undefined;
    throw err;
  });
  return npmChromium;
}

async function unpackNpmChromium(): Promise<ChromiumExecutable> {
  if (!npmChromiumRunsHere) {
    throw new Error(
      `No system Chromium was found, and the npm package @sparticuz/chromium has a browser for Linux x64 only (this is ${process.platform} ${process.arch}). ` +
        "Install Chromium, or set CHROMIUM_PATH to a Chromium or Chrome executable.",
    );
  }
  const require = createRequire(import.meta.url);
  // The package exports only its entry point (build/{cjs,esm}/index.*): its folder is three levels up.
  const packageDir = dirname(dirname(dirname(require.resolve("@sparticuz/chromium"))));
  const version = (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string }).version;
  const uid = process.getuid?.() ?? 0;
  const prefix = `sounding-board-chromium-${version}-${uid}`;
  const home = join(tmpdir(), prefix);
  const fontsConf = join(home, "sounding-board-fonts.conf");
  const ready = (): ChromiumExecutable => ({ path: join(home, "chromium"), source: "npm", env: { FONTCONFIG_FILE: fontsConf } });
  if (isExecutable(join(home, "chromium")) && existsSync(fontsConf)) return ready();

  removeAbandonedUnpacks(prefix);
  const staging = mkdtempSync(join(tmpdir(), `${prefix}-partial-${process.pid}-`));
  try {
    const { default: Chromium } = await import("@sparticuz/chromium");
    Chromium.setGraphicsMode = false; // no WebGL (the pages draw with SVG and CSS): skips unpacking SwiftShader
    // executablePath() unpacks into os.tmpdir(), which it reads before its first await: point it at
    // our staging folder for that synchronous part only, and put TMPDIR back before anything else runs.
    const savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    let unpacking: Promise<string>;
    try {
      unpacking = Chromium.executablePath(join(packageDir, "bin"));
    } finally {
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
    }
    const unpacked = await unpacking;
    if (unpacked !== join(staging, "chromium")) throw new Error(`@sparticuz/chromium ${version} unpacked its browser to ${unpacked}, not into ${staging}`);
    // Its fonts (Open Sans) with the system's, so text has a font on a machine with none installed.
    writeFileSync(
      join(staging, "sounding-board-fonts.conf"),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
        `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
        `  <dir>${join(home, "fonts", "fonts")}</dir>\n` +
        `  <cachedir>${join(home, "fonts-cache")}</cachedir>\n` +
        `</fontconfig>\n`,
    );
    try {
      renameSync(staging, home);
    } catch (err) {
      // Another run put its copy in place first: use that one.
      if (!["EEXIST", "ENOTEMPTY"].includes((err as NodeJS.ErrnoException).code ?? "")) throw err;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!isExecutable(join(home, "chromium"))) throw new Error(`${home} has no runnable chromium: remove the folder and try again`);
  return ready();
}

/** Staging folders of runs that died while unpacking (their process is gone): each is ~200 MB. */
function removeAbandonedUnpacks(prefix: string): void {
  const pattern = new RegExp(`^${prefix.replace(/[.]/g, "\\.")}-partial-(\\d+)-`);
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether this machine can run the npm package's Chromium (it has one for Linux x64 only). */
export const npmChromiumRunsHere = process.platform === "linux" && process.arch === "x64";

/**
 * Which Chromium `launchChromium` starts (see the top of this file). `from` overrides CHROMIUM_PATH and
 * SB_BROWSER: "npm" is how the tests check the browser a machine with none would use.
 */
export async function findChromium(from?: "system" | "npm"): Promise<ChromiumExecutable> {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit && !from) {
    if (!isExecutable(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file`);
    return { path: explicit, source: "CHROMIUM_PATH" };
  }
  const wanted = from ?? process.env.SB_BROWSER ?? "";
  if (!["", "system", "npm"].includes(wanted)) throw new Error(`SB_BROWSER=${wanted}: use "system", "npm", or leave it unset`);
  if (wanted !== "npm") {
    const system = systemChromium();
    if (system) return { path: system, source: "system" };
    if (wanted === "system") throw new Error(`SB_BROWSER=system, but there is no Chromium at ${SYSTEM_CANDIDATES.join(", ")} nor ${PATH_NAMES.join(" / ")} on PATH`);
  }
  return chromiumFromNpm();
}

/** Headless Chromium through playwright-core; `options.args` are added to CHROMIUM_ARGS; `from` as for findChromium. */
export async function launchChromium(options: Omit<LaunchOptions, "executablePath"> = {}, from?: "system" | "npm"): Promise<Browser> {
  const executable = await findChromium(from);
  return chromium.launch({
    ...options,
    executablePath: executable.path,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    env: executable.env ? { ...process.env, ...executable.env, ...options.env } : options.env,
  });
}
