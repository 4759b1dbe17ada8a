/**
 * `npm run playground` (tsx bot/dev/playground.ts): starts the Microsoft 365 Agents Playground
 * (a local, offline Teams-like client from @microsoft/m365agentsplayground) against this bot.
 *
 *   Terminal 1: npm start            (the bot, http://127.0.0.1:$PORT/api/messages)
 *   Terminal 2: npm run playground   (then open the URL it prints)
 *
 * What the launcher adds to the plain `agentsplayground` CLI:
 * - Loopback only. The playground has no host option: it calls `server.listen(port)`, which
 *   binds every interface, and its /_internal API can post arbitrary activities to the bot
 *   without authentication. The child is started with an --import preload that makes every
 *   listening socket in it bind to 127.0.0.1, and after start-up the launcher checks that the
 *   port does not answer on any non-loopback address of this machine (and stops it if it does).
 * - Fixed port (PLAYGROUND_PORT, default 56150) and an explicit --service-url on 127.0.0.1, so
 *   the bot's replies reach it; it refuses to start if the port is taken rather than let the
 *   playground silently move to a random one.
 * - The mock tenant from .m365agentsplayground.yml at the repo root, telemetry off, no
 *   browser auto-open, and its log file under .data/playground/ (git-ignored).
 * - Forwards SIGINT/SIGTERM/SIGHUP to the child and exits with its code.
 *
 * Extra arguments are passed through to the playground CLI (`npm run playground -- --help`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import { constants as osConstants, networkInterfaces } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadConfigForTool, type Config } from "../../services/config/config.ts";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PLAYGROUND_CONFIG_PATH = join(REPO_ROOT, ".m365agentsplayground.yml");
export const PLAYGROUND_DATA_DIR = join(REPO_ROOT, ".data", "playground");
export const DEFAULT_PLAYGROUND_PORT = 56150;
export const LOOPBACK = "127.0.0.1";

/**
 * ESM preload for the playground process: every net.Server (so http, express and ws too) that
 * would listen on all interfaces, or on a non-loopback address, listens on 127.0.0.1 instead.
 * Unix-socket paths and inherited handles are left alone.
 */
export const LOOPBACK_PRELOAD_SOURCE = `
import net from "node:net";
const LOOPBACK = ${JSON.stringify(LOOPBACK)};
const isLoopback = (h) => h === "localhost" || h === "::1" || /^127\\./.test(h);
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args.length === 0 || typeof args[0] === "function") args.unshift(0);
  const first = args[0];
  if (typeof first === "number" || (typeof first === "string" && /^\\d+$/.test(first))) {
    if (typeof args[1] === "string") { if (!isLoopback(args[1])) args[1] = LOOPBACK; }
    else if (args[1] === undefined || args[1] === null) args[1] = LOOPBACK;
    else args.splice(1, 0, LOOPBACK);
  } else if (first !== null && typeof first === "object" && first.path === undefined &&
             (first.port !== undefined || first.host !== undefined)) {
    if (!(typeof first.host === "string" && isLoopback(first.host))) args[0] = { ...first, host: LOOPBACK };
  }
  return listen.apply(this, args);
};
`;

export function loopbackPreloadUrl(): string {
  return `data:text/javascript,${encodeURIComponent(LOOPBACK_PRELOAD_SOURCE)}`;
}

/** Path of the playground CLI entry point (its package.json `bin`). */
export function playgroundCliPath(): string {
  return createRequire(import.meta.url).resolve("@microsoft/m365agentsplayground/cli.js");
}

/** Host the playground should use to reach the bot, given the bot's HOST setting. */
export function botHostForClient(host: string): string {
  const h = host.trim();
  if (h === "" || h === "0.0.0.0" || h === "::" || h === "localhost") return LOOPBACK;
  return h.includes(":") ? `[${h}]` : h;
}

export function botEndpoint(config: Config): string {
  return `http://${botHostForClient(config.host)}:${config.port}/api/messages`;
}

export function botHealthUrl(config: Config): string {
  return `http://${botHostForClient(config.host)}:${config.port}/healthz`;
}

export function playgroundPort(env: Record<string, string | undefined>): number {
  const raw = env.PLAYGROUND_PORT?.trim() || env.TEAMSAPPTESTER_PORT?.trim() || String(DEFAULT_PLAYGROUND_PORT);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PLAYGROUND_PORT must be a port number 1-65535 (got "${raw}")`);
  }
  return port;
}

export interface PlaygroundCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  url: string;
}

/** The child process to run: node, the loopback preload, the CLI and its options. */
export function playgroundCommand(
  config: Config,
  port: number,
  env: NodeJS.ProcessEnv = process.env,
  extraArgs: string[] = [],
): PlaygroundCommand {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return {
    command: process.execPath,
    args: [
      "--import",
      loopbackPreloadUrl(),
      playgroundCliPath(),
      "start",
      "--app-endpoint",
      botEndpoint(config),
      "--channel-id",
      "msteams",
      "--port",
      String(port),
      "--service-url",
      `http://${LOOPBACK}:${port}/_connector`,
      "--disable-telemetry",
      ...extraArgs,
    ],
    env: {
      ...env,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: env.M365_AGENTS_PLAYGROUND_CONFIG_PATH || PLAYGROUND_CONFIG_PATH,
      M365_AGENTS_PLAYGROUND_LOGFILE: env.M365_AGENTS_PLAYGROUND_LOGFILE || join(PLAYGROUND_DATA_DIR, "m365agentsplayground.log"),
      M365_AGENTS_PLAYGROUND_RECORDING_FILE:
        env.M365_AGENTS_PLAYGROUND_RECORDING_FILE || join(PLAYGROUND_DATA_DIR, `events_recording_${stamp}.log`),
      // "none" stops it opening a browser itself (it would open http://localhost:<port>).
      TEAMSAPPTESTER_BROWSER: env.TEAMSAPPTESTER_BROWSER || "none",
    },
    cwd: REPO_ROOT,
    url: `http://${LOOPBACK}:${port}/`,
  };
}

/** Can we listen on host:port right now? */
export function portIsFree(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = net.createServer();
    server.once("error", () => resolvePromise(false));
    server.listen(port, host, () => server.close(() => resolvePromise(true)));
  });
}

function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolvePromise(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Non-loopback addresses of this machine on which `port` accepts connections. */
export async function reachableOffLoopback(port: number): Promise<string[]> {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => !!a && !a.internal)
    .map((a) => (a.family === "IPv6" && a.scopeid ? `${a.address}%${a.scopeid}` : a.address));
  const results = await Promise.all(addresses.map(async (a) => ((await canConnect(a, port)) ? a : null)));
  return results.filter((a): a is string => a !== null);
}

async function httpOk(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** Resolve when the playground serves its page, or false if the child exits / time runs out. */
async function waitForPlayground(child: ChildProcess, url: string, timeoutMs = 30000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    if (await httpOk(url, 1000)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function main(argv: string[]): Promise<number> {
  const loaded = loadConfigForTool(join(REPO_ROOT, ".env"));
  if ("error" in loaded) {
    console.error(loaded.error);
    return 1;
  }
  const config = loaded.config;
  let port: number;
  try {
    port = playgroundPort(process.env);
  } catch (err) {
    if (err instanceof Error) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }

  if (config.port === 0) {
    console.error("PORT=0 gives the bot a random port; set a fixed PORT so the playground can reach it.");
    return 1;
  }
  if (config.authEnabled) {
    console.warn(
      "WARNING: MicrosoftAppId is set, so the bot requires Bot Framework tokens and will answer the playground's " +
        "requests with 401. For local testing, run the bot with MicrosoftAppId empty.",
    );
  }
  if (!(await portIsFree(port))) {
    console.error(
      `Port ${port} is already in use on ${LOOPBACK} (is a playground already running?). ` +
        `Stop it, or choose another port with PLAYGROUND_PORT=<port> npm run playground.`,
    );
    return 1;
  }

  const cmd = playgroundCommand(config, port, process.env, argv);
  const child = spawn(cmd.command, cmd.args, { cwd: cmd.cwd, env: cmd.env, stdio: "inherit" });

  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, forward(signal));

  const exited = new Promise<number>((resolveExit) => {
    child.once("error", (err) => {
      console.error(`Could not start the playground: ${err.message}`);
      resolveExit(1);
    });
    child.once("exit", (code, signal) => {
      resolveExit(signal ? 128 + (osConstants.signals[signal] ?? 0) : (code ?? 1));
    });
  });

  void (async () => {
    const [up, botUp] = await Promise.all([waitForPlayground(child, cmd.url), httpOk(botHealthUrl(config), 2000)]);
    if (!up) return;
    const exposed = await reachableOffLoopback(port);
    if (exposed.length > 0) {
      console.error(
        `ERROR: the playground answers on ${exposed.join(", ")} as well as loopback; stopping it. ` +
          "(The loopback preload did not take effect: has the package changed how it listens?)",
      );
      child.kill("SIGTERM");
      return;
    }
    console.log(
      [
        "",
        `  Microsoft 365 Agents Playground: ${cmd.url}  (listening on ${LOOPBACK} only)`,
        `  Bot endpoint: ${botEndpoint(config)}`,
        `  Mock tenant: ${cmd.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH}`,
        `  Playground log: ${cmd.env.M365_AGENTS_PLAYGROUND_LOGFILE}`,
        "",
      ].join("\n"),
    );
    if (!botUp) {
      console.warn(
        `Hint: the bot does not answer ${botHealthUrl(config)} yet. Start it in another terminal with ` +
          "`npm start`; the playground will reach it once it is up.",
      );
    }
  })();

  return exited;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
