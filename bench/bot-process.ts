/**
 * The bot under benchmark, as its own process: `node --import tsx bench/bot-process.ts`.
 *
 * It is bot/main.ts minus .env loading, plus three things a benchmark needs:
 *  - BENCH_CLOCK_OFFSET_MS: the bot's clock runs this far ahead of the system clock. The kill/restart
 *    run restarts with +5 min + 1 s, i.e. "the bot came back after the 5-minute stale-claim timeout",
 *    so prompts left "sending" by the SIGKILL are retried without the benchmark waiting 5 minutes.
 *  - BENCH_ECHO=1: also serve a bare botbuilder bot — the same createAdapter() and createHttpServer()
 *    as the real app, a TeamsActivityHandler whose every card action returns one static card, no
 *    storage — on a second port, so the ingest benchmark compares the two in one process.
 *  - A ready line on stdout: {"ready":true,"url":…,"echoUrl":…,"pid":…}. Logs go to stderr.
 *  - BENCH_PROFILE_DIR: SIGUSR2 starts a CPU profile, the next SIGUSR2 writes it there, so a profile
 *    covers one phase (the ingest bench brackets the Sounding Board closed loop) and not start-up,
 *    fan-out or the bare bot that share this process. Open the .cpuprofile in Chrome DevTools.
 * Storage is wherever TABLES_CONNECTION_STRING points (the benchmark's own Azurite), so a SIGKILL
 * here loses no storage writes — except with BENCH_EMBEDDED=1: the embedded store under DATA_DIR,
 * as `npm start` runs it (BENCH_EMBEDDED_DURABLE=0: without group commit, the "before" figure).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { TeamsActivityHandler, type InvokeResponse, type TurnContext } from "botbuilder";
import { DateTime } from "luxon";
import { startApp } from "../bot/app.ts";
import { createAdapter } from "../bot/adapter.ts";
import { createHttpServer } from "../bot/server.ts";
import { systemClock, type Clock } from "../services/clock.ts";
import { loadConfig } from "../services/config/config.ts";
import { createLogger } from "../services/logging/logger.ts";

const config = loadConfig(process.env);
const embedded = process.env.BENCH_EMBEDDED === "1";
if (config.storage.kind !== "connectionString" && !embedded) {
  process.stderr.write("bench/bot-process.ts needs TABLES_CONNECTION_STRING (storage outside this process), or BENCH_EMBEDDED=1\n");
  process.exit(2);
}
const logger = createLogger(config.logLevel, process.stderr);
const offsetMs = Number(process.env.BENCH_CLOCK_OFFSET_MS ?? 0);
const clock: Clock = offsetMs ? { now: () => DateTime.utc().plus({ milliseconds: offsetMs }) } : systemClock;

const STATIC_CARD = {
  type: "AdaptiveCard",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  version: "1.5",
  body: [
    { type: "TextBlock", text: "Saved. You can come back and change your answers until the deadline.", wrap: true, color: "good" },
    { type: "TextBlock", text: "Role of the Board", weight: "bolder", size: "medium" },
    { type: "Input.Text", id: "answer_t1", isMultiline: true, maxLength: 2000, value: "A static answer." },
  ],
  actions: [{ type: "Action.Execute", title: "Save answers", verb: "response.save", data: { roundId: "r", boardId: "b" } }],
};

/** The baseline: botbuilder and restify doing their part, nothing of ours. */
class BareBot extends TeamsActivityHandler {
  protected override async onInvokeActivity(_ctx: TurnContext): Promise<InvokeResponse> {
    return { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: STATIC_CARD } };
  }
}

const app = await startApp(config, { logger, clock, ...(embedded && process.env.BENCH_EMBEDDED_DURABLE === "0" ? { embeddedDurability: false } : {}) });
let echoUrl: string | undefined;
let closeEcho: (() => Promise<void>) | undefined;
if (process.env.BENCH_ECHO === "1") {
  const echo = createHttpServer({
    adapter: createAdapter(config, logger),
    authEnabled: config.authEnabled,
    bot: new BareBot(),
    healthy: async () => true,
    logger,
  });
  const port = await echo.listen(config.host, 0);
  echoUrl = `http://${config.host}:${port}`;
  closeEcho = () => echo.close(1000);
}
process.stdout.write(`${JSON.stringify({ ready: true, url: app.url, echoUrl, pid: process.pid })}\n`);

const profileDir = process.env.BENCH_PROFILE_DIR;
if (profileDir) {
  const session = new Session();
  session.connect();
  let profiling = false;
  process.on("SIGUSR2", () => {
    void (async () => {
      if (!profiling) {
        profiling = true;
        await session.post("Profiler.enable");
        await session.post("Profiler.start");
        return;
      }
      profiling = false;
      const { profile } = await session.post("Profiler.stop");
      const file = path.join(profileDir, `bot-${process.pid}-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      process.stderr.write(`${JSON.stringify({ msg: "cpu profile written", file })}\n`);
    })();
  });
}

let stopping = false;
const shutdown = () => {
  if (stopping) process.exit(1);
  stopping = true;
  void Promise.all([app.stop(), closeEcho?.()]).then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
