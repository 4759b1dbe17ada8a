/**
 * Fan-out benchmark: a round launched over HTTP by an officer (as test/e2e/round.e2e.test.ts does)
 * to N members of a team the fake Bot Connector knows, the fake configured with Teams' limits
 * (50 requests/s per app, 7/s per conversation, 429 + Retry-After when exceeded) plus 2% random
 * 429/503. The bot runs as its own process (bench/bot-process.ts); the fake connector and Azurite
 * run here, so the bot can be SIGKILLed without losing storage writes.
 *
 * Everything is counted from the connector's record: a prompt is an activity the fake accepted in a
 * member's 1:1 chat (sent, or created with the chat); lost = members with none, duplicated =
 * members with more than one.
 */
import http from "node:http";
import { DateTime } from "luxon";
import { Verbs } from "../cards/verbs.ts";
import type { DeliveryStatus } from "../services/domain/delivery.ts";
import { startEmbeddedTableServer, type EmbeddedTableServer } from "../services/storage/embedded-azurite.ts";
import { DeliveriesRepository } from "../services/storage/deliveries.repository.ts";
import { RoundsRepository } from "../services/storage/rounds.repository.ts";
import { TableStorage } from "../services/storage/table-storage.ts";
import { actionInvoke, channelMessage, teamInstall, TEAM, USERS } from "../test/helpers/activities.ts";
import { expandOpener, submit } from "../test/helpers/card-submit.ts";
import { FakeConnector, makeMembers, type FakeMember, type SentActivity } from "../test/helpers/fake-connector.ts";
import { uniquePrefix } from "../test/helpers/azurite.ts";
import { runIngest, submissionBodies, type IngestOptions, type IngestResults } from "./ingest.ts";
import { log, postJson, round1, round3, sleep, startBot, stopBot, type BotProcess } from "./lib.ts";

export const CAP_PER_SECOND = 50;
/** The restarted bot's clock is this far ahead: just past the 5-minute stale "sending" claim timeout (bot/app.ts). */
const STALE_SENDING_MS = 5 * 60_000;

const OFFICER = USERS.officer;

export interface RunFigures {
  members: number;
  /** Prompts delivered ÷ seconds from the first to the last delivery (n prompts span n − 1 intervals, so n − 1 ÷ span). */
  perSecond: number;
  ratio: number;
  /** All write requests the connector accepted per second over the same span (create + send). */
  writesPerSecond: number;
  firstToLastSeconds: number;
  launchToLastSeconds: number;
  throttled429: number;
  throttledByReason: Record<string, number>;
  failed5xx: number;
  lost: number;
  duplicated: number;
  ledger: Partial<Record<DeliveryStatus, number>>;
}

export interface ResumeFigures {
  members: number;
  promptsAtKill: number;
  ledgerAtKill: Partial<Record<DeliveryStatus, number>>;
  /** Ledger rows still "sending" at the kill whose prompt the connector had already accepted. */
  inFlightDeliveredAtKill: number;
  restartToLastSeconds: number;
  lost: number;
  duplicated: number;
  ledger: Partial<Record<DeliveryStatus, number>>;
}

export interface FanoutResults {
  cold: RunFigures;
  warm: RunFigures;
  resume: ResumeFigures;
}

/** The fan-out world: Azurite + the fake connector here, the bot in a child process. */
export class World {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  readonly roster: FakeMember[];
  readonly memberConversations: Map<string, string>;
  private constructor(
    readonly azurite: EmbeddedTableServer,
    readonly connector: FakeConnector,
    readonly storage: TableStorage,
    readonly prefix: string,
    members: number,
  ) {
    this.roster = makeMembers(members);
    connector.addTeam({
      id: TEAM.id,
      name: TEAM.name,
      aadGroupId: TEAM.aadGroupId,
      members: [{ id: OFFICER.id, aadObjectId: OFFICER.aadObjectId, name: OFFICER.name }, ...this.roster],
    });
    this.memberConversations = new Map(this.roster.map((m) => [connector.personalConversationId(m.id), m.aadObjectId]));
  }

  static async start(members: number): Promise<World> {
    const azurite = await startEmbeddedTableServer();
    const connector = await FakeConnector.start({
      perAppPerSecond: CAP_PER_SECOND,
      perConversationPerSecond: 7,
      randomFailureRate: 0.02,
      randomFailureStatuses: [429, 503],
      seed: 20261123,
    });
    const prefix = uniquePrefix();
    const storage = await TableStorage.connect(azurite.connectionString, prefix);
    return new World(azurite, connector, storage, prefix, members);
  }

  botEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      TABLES_CONNECTION_STRING: this.azurite.connectionString,
      TABLES_PREFIX: this.prefix,
      PORT: "0",
      LOG_LEVEL: "warn",
      OFFICER_AAD_IDS: OFFICER.aadObjectId,
      SCHEDULER_INTERVAL_SECONDS: "5",
      OUTBOUND_PER_SECOND: String(CAP_PER_SECOND),
      SHUTDOWN_GRACE_MS: "15000",
      REPORT_LINK_SECRET: "bench-secret-bench-secret-bench-secret-0000",
      ...extra,
    };
  }

  async post(bot: BotProcess, activity: object): Promise<{ status: number; body: unknown }> {
    const res = await postJson(this.agent, `${bot.url}/api/messages`, JSON.stringify(activity));
    let body: unknown = res.text;
    try {
      body = res.text ? JSON.parse(res.text) : undefined;
    } catch {
      /* keep text */
    }
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}: ${res.text.slice(0, 300)}`);
    return { status: res.status, body };
  }

  /** Prompts in members' 1:1 chats since the last reset, grouped by member. */
  promptsByMember(): Map<string, SentActivity[]> {
    const by = new Map<string, SentActivity[]>();
    for (const s of this.connector.sentActivities) {
      const member = this.memberConversations.get(s.conversationId);
      if (!member) continue;
      let list = by.get(member);
      if (!list) by.set(member, (list = []));
      list.push(s);
    }
    return by;
  }

  promptCount(): number {
    let n = 0;
    for (const s of this.connector.sentActivities) if (this.memberConversations.has(s.conversationId)) n += 1;
    return n;
  }

  async ledger(roundId: string): Promise<Partial<Record<DeliveryStatus, number>>> {
    const counts: Partial<Record<DeliveryStatus, number>> = {};
    for (const d of await new DeliveriesRepository(this.storage).listByRound(roundId)) counts[d.status] = (counts[d.status] ?? 0) + 1;
    return counts;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    await this.connector.close();
    await this.storage.close();
    await this.azurite.close();
  }
}

/** Install the bot in the team once (the welcome), so launches find the board. */
export async function installInTeam(world: World, bot: BotProcess): Promise<void> {
  await world.post(bot, teamInstall({ serviceUrl: world.connector.url, user: OFFICER }));
}

/** The officer asks for the form in the channel and launches a round with a deadline a week away. Returns the round id. */
async function launchRound(world: World, bot: BotProcess, title: string): Promise<{ roundId: string; launchedAt: number }> {
  const before = world.connector.sentActivities.length;
  await world.post(bot, channelMessage({ serviceUrl: world.connector.url, user: OFFICER, text: "launch" }));
  const opener = world.connector.sentActivities.slice(before).map((s) => s.activity.attachments?.[0]?.content).find((c) => JSON.stringify(c ?? "").includes("Open the launch form"));
  if (!opener) throw new Error("the launch card did not arrive");
  const form = await expandOpener(opener, async (verb, data) => (await world.post(bot, actionInvoke({ serviceUrl: world.connector.url, user: OFFICER, verb, data, inChannel: true }))).body);
  const deadline = DateTime.now().setZone("Europe/London").plus({ days: 7 });
  const data = submit(form, Verbs.launchRound, { title, deadlineDate: deadline.toFormat("yyyy-MM-dd"), deadlineTime: "17:00" });
  const rounds = new RoundsRepository(world.storage);
  const known = new Set((await rounds.listByBoard(TEAM.id)).map((r) => r.id));
  const launchedAt = Date.now();
  const res = await world.post(bot, actionInvoke({ serviceUrl: world.connector.url, user: OFFICER, verb: Verbs.launchRound, data, inChannel: true }));
  const text = JSON.stringify(res.body);
  const round = (await rounds.listByBoard(TEAM.id)).find((r) => !known.has(r.id));
  if (!round) throw new Error(`the round was not launched: ${text.slice(0, 400)}`);
  return { roundId: round.id, launchedAt };
}

const terminal = (ledger: Partial<Record<DeliveryStatus, number>>) => (ledger.queued ?? 0) + (ledger.sending ?? 0) === 0;

/**
 * Wait until every member has a prompt and the ledger has settled (nothing queued or sending), or
 * until `timeoutMs`. Then wait `quietMs` more, so a late duplicate would still be counted.
 */
async function waitForFanout(world: World, roundId: string, members: number, timeoutMs: number, quietMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastCount = -1;
  while (Date.now() < deadline) {
    await sleep(250);
    const count = world.promptsByMember().size;
    if (count >= members || count === lastCount) {
      // All prompted, or no progress for a while: ask the ledger whether the bot is done.
      const ledger = await world.ledger(roundId);
      if (terminal(ledger)) break;
    }
    lastCount = count;
  }
  await sleep(quietMs);
}

/** From the connector's record: members with no prompt, and members with more than one. */
function lostAndDuplicated(world: World, by: Map<string, unknown[]>): { lost: number; duplicated: number } {
  let lost = 0;
  let duplicated = 0;
  for (const m of world.roster) {
    const n = by.get(m.aadObjectId)?.length ?? 0;
    if (n === 0) lost += 1;
    if (n > 1) duplicated += 1;
  }
  return { lost, duplicated };
}

function figures(world: World, members: number, launchedAt: number): Omit<RunFigures, "ledger"> {
  const by = world.promptsByMember();
  const { lost, duplicated } = lostAndDuplicated(world, by);
  const times = [...by.values()].flat().map((s) => s.at).sort((a, b) => a - b);
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? 0;
  const span = Math.max(0.001, (last - first) / 1000);
  const prompts = times.length;
  const stats = world.connector.stats();
  // Every accepted write in the span: creates (a 1:1 opened) and sends.
  const writes = world.connector.requests.filter(
    (r) => r.status < 300 && (r.route === "createConversation" || r.route === "sendToConversation" || r.route === "replyToActivity") && r.at >= first && r.at <= last,
  ).length;
  const byReason: Record<string, number> = {};
  for (const r of world.connector.rejected) if (r.status === 429) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
  const rate = Math.max(0, prompts - 1) / span;
  return {
    members,
    perSecond: round1(rate),
    ratio: round3(rate / CAP_PER_SECOND),
    writesPerSecond: round1(writes / span),
    firstToLastSeconds: round1(span),
    launchToLastSeconds: round1((last - launchedAt) / 1000),
    throttled429: stats.throttled429,
    throttledByReason: byReason,
    failed5xx: stats.failed5xx,
    lost,
    duplicated,
  };
}

export async function measuredRun(world: World, bot: BotProcess, label: string, members: number): Promise<RunFigures> {
  world.connector.reset();
  const { roundId, launchedAt } = await launchRound(world, bot, label);
  log(`fan-out ${label}: round ${roundId} launched to ${members} members`);
  await waitForFanout(world, roundId, members, members * 200 + 60_000);
  const f = figures(world, members, launchedAt);
  const ledger = await world.ledger(roundId);
  if (process.env.BENCH_DEBUG) {
    const ts = [...world.promptsByMember().values()].flat().map((x) => x.at).sort((a, b) => a - b);
    const perSec: number[] = [];
    for (const t of ts) perSec[Math.floor((t - ts[0]!) / 1000)] = (perSec[Math.floor((t - ts[0]!) / 1000)] ?? 0) + 1;
    log(`per second: ${perSec.join(" ")}; first prompt ${ts[0]! - launchedAt} ms after the launch request`);
    // Retry delays: for each rejected write, how long until that conversation's next accepted write.
    const delays: string[] = [];
    for (const r of world.connector.rejected) {
      const next = world.connector.requests.find((q) => q.seq > r.seq && q.status < 300 && q.conversationId === r.conversationId && q.route === r.route);
      delays.push(`${r.status}:${next ? next.at - r.at : "none"}`);
    }
    log(`retry delays (status:ms): ${delays.join(" ")}`);
  }
  log(`fan-out ${label}: ${f.perSecond}/s (${f.ratio} of cap), ${f.throttled429} × 429, lost ${f.lost}, duplicated ${f.duplicated}, ledger ${JSON.stringify(ledger)}`);
  return { ...f, ledger };
}

/** Launch, SIGKILL the bot once half the prompts are recorded, restart it, let the scheduler resume. */
export async function killRun(world: World, bot: BotProcess, members: number, restartEnv: Record<string, string> = {}): Promise<{ figures: ResumeFigures; bot: BotProcess }> {
  world.connector.reset();
  const { roundId } = await launchRound(world, bot, "Kill and restart");
  log(`fan-out kill/restart: round ${roundId} launched to ${members} members; SIGKILL at ${Math.ceil(members / 2)} prompts`);
  // Poll (rather than react to the connector's event) so the kill lands at an arbitrary moment, as a crash would.
  const half = Math.ceil(members / 2);
  const deadline = Date.now() + members * 200 + 60_000;
  while (world.promptCount() < half && Date.now() < deadline) await sleep(10);
  bot.child.kill("SIGKILL");
  await bot.exited;
  const promptsAtKill = world.promptCount();
  const ledgerAtKill = await world.ledger(roundId);
  const delivered = world.promptsByMember();
  const sending = (await new DeliveriesRepository(world.storage).listByRound(roundId, "sending")).filter((d) => delivered.has(d.memberAadObjectId)).length;
  log(`fan-out kill/restart: killed with ${promptsAtKill} prompts recorded; ledger ${JSON.stringify(ledgerAtKill)}; ${sending} "sending" rows already delivered`);

  const restartedAt = Date.now();
  const next = await startBot(world.botEnv({ BENCH_CLOCK_OFFSET_MS: String(STALE_SENDING_MS + 1000), ...restartEnv }));
  await waitForFanout(world, roundId, members, members * 200 + 60_000);
  const by = world.promptsByMember();
  const { lost, duplicated } = lostAndDuplicated(world, by);
  const last = Math.max(...[...by.values()].flat().map((s) => s.at));
  const ledger = await world.ledger(roundId);
  log(`fan-out kill/restart: lost ${lost}, duplicated ${duplicated}, ledger ${JSON.stringify(ledger)}`);
  return {
    bot: next,
    figures: {
      members,
      promptsAtKill,
      ledgerAtKill,
      inFlightDeliveredAtKill: sending,
      restartToLastSeconds: round1((last - restartedAt) / 1000),
      lost,
      duplicated,
      ledger,
    },
  };
}

/**
 * The three runs on one board: the board's first round (no 1:1 chats known: each prompt is a
 * createConversation carrying the card), a second round (chats known: one send each), and a third round
 * killed half-way and resumed by a restarted bot. Then, if asked, the ingest benchmark against the
 * third round's members and the prompt cards they were sent, with a fresh bot that also serves the
 * bare baseline bot.
 */
export async function runFanoutAndIngest(
  members: number,
  options: { kill?: boolean; ingest?: IngestOptions & { members: number }; reuseRestartedBot?: boolean; beforeIngest?: () => void } = {},
): Promise<{ fanout: FanoutResults; ingest?: IngestResults }> {
  const world = await World.start(members);
  let bot = await startBot(world.botEnv());
  try {
    await installInTeam(world, bot);
    const cold = await measuredRun(world, bot, "First round (cold)", members);
    const warm = await measuredRun(world, bot, "Second round (warm)", members);
    let resume: ResumeFigures | undefined;
    if (options.kill !== false) {
      // The quick run measures ingest on the restarted bot (its clock is 5 minutes ahead, which
      // changes nothing a submission does) to save a start; the full run starts a clean one.
      const reuse = options.reuseRestartedBot === true && options.ingest !== undefined;
      const killed = await killRun(world, bot, members, reuse ? { BENCH_ECHO: "1" } : {});
      bot = killed.bot;
      resume = killed.figures;
    }
    const fanout = { cold, warm, resume: resume as ResumeFigures };
    if (!options.ingest) return { fanout };

    if (!bot.echoUrl) {
      await stopBot(bot);
      // Production's scheduler interval (the fan-out runs use 5 s so the restarted bot resumes quickly).
      bot = await startBot(world.botEnv({ BENCH_ECHO: "1", SCHEDULER_INTERVAL_SECONDS: "60" }));
    }
    const bodies = submissionBodies(world.connector.url, world.roster.slice(0, options.ingest.members), world.promptsByMember());
    // The fan-out runs left thousands of recorded cards in this process: drop them, so the load
    // generator's own garbage collection does not show up as server latency.
    world.connector.reset();
    options.beforeIngest?.();
    log(`ingest: ${bodies.length} members submitting`);
    const profiled = bot;
    const ingest = await runIngest(bot.url, bot.echoUrl!, bodies, {
      ...options.ingest,
      // With BENCH_PROFILE_DIR set, the bot process profiles exactly the Sounding Board closed loop.
      aroundBotClosedLoop: process.env.BENCH_PROFILE_DIR ? () => profiled.child.kill("SIGUSR2") : undefined,
    });
    return { fanout, ingest };
  } finally {
    await stopBot(bot).catch(() => undefined);
    await world.stop();
  }
}
