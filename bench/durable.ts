/**
 * Card saves on the embedded store, as `npm start` runs it: the bot process with Azurite on its worker
 * thread and the store on disk under a scratch DATA_DIR. Twice — with durability (the default: a
 * save is answered once its journal line is fsynced, commits grouped) and without it (Azurite's own
 * 5-second autosave of the whole database, as before group commit) — each measured like the ingest benchmark: a closed loop for the
 * save rate, an open loop at 100/s for latency.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { Verbs } from "../cards/verbs.ts";
import { STORE_FILE } from "../services/storage/embedded-azurite.ts";
import { actionInvoke, channelMessage, teamInstall, TEAM, USERS } from "../test/helpers/activities.ts";
import { expandOpener, submit } from "../test/helpers/card-submit.ts";
import { FakeConnector, makeMembers, type SentActivity } from "../test/helpers/fake-connector.ts";
import { runIngest, submissionBodies, type IngestOptions, type IngestResults } from "./ingest.ts";
import { log, postJson, startBot, stopBot } from "./lib.ts";

export interface DurableResults {
  durable: IngestResults & { storeMB: number };
  notDurable: IngestResults & { storeMB: number };
  members: number;
}

async function oneRun(members: number, durable: boolean, options: IngestOptions): Promise<IngestResults & { storeMB: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sb-bench-embedded-"));
  const connector = await FakeConnector.start({ perAppPerSecond: 50, perConversationPerSecond: 7 });
  const roster = makeMembers(members);
  connector.addTeam({ id: TEAM.id, name: TEAM.name, members: [{ id: USERS.officer.id, aadObjectId: USERS.officer.aadObjectId, name: USERS.officer.name }, ...roster] });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const bot = await startBot({
    BENCH_EMBEDDED: "1",
    BENCH_EMBEDDED_DURABLE: durable ? "1" : "0",
    BENCH_ECHO: "1",
    DATA_DIR: dataDir,
    PORT: "0",
    LOG_LEVEL: "warn",
    OUTBOUND_PER_SECOND: "50",
  });
  try {
    const post = (activity: object) => postJson(agent, `${bot.url}/api/messages`, JSON.stringify(activity));
    await post(teamInstall({ serviceUrl: connector.url, user: USERS.officer }));
    await post(channelMessage({ serviceUrl: connector.url, user: USERS.officer, text: "launch" }));
    const opener = connector.sentActivities.map((s) => s.activity.attachments?.[0]?.content).find((c) => JSON.stringify(c ?? "").includes("Open the launch form"));
    const form = await expandOpener(opener, async (verb, data) => JSON.parse((await post(actionInvoke({ serviceUrl: connector.url, user: USERS.officer, verb, data, inChannel: true }))).text));
    const deadline = DateTime.now().setZone("Europe/London").plus({ days: 7 });
    await post(actionInvoke({ serviceUrl: connector.url, user: USERS.officer, verb: Verbs.launchRound, inChannel: true, data: submit(form, Verbs.launchRound, { title: "Durable saves", deadlineDate: deadline.toFormat("yyyy-MM-dd"), deadlineTime: "17:00" }) }));
    const conversations = new Map(roster.map((m) => [connector.personalConversationId(m.id), m.aadObjectId]));
    await connector.waitForActivities(members, (s) => conversations.has(s.conversationId), { timeoutMs: members * 100 + 60_000 });
    const prompts = new Map<string, SentActivity[]>();
    for (const s of connector.sentActivities) {
      const member = conversations.get(s.conversationId);
      if (member) prompts.set(member, [...(prompts.get(member) ?? []), s]);
    }
    const bodies = submissionBodies(connector.url, roster, prompts);
    connector.reset();
    log(`embedded ${durable ? "with" : "without"} durability: ${bodies.length} members submitting`);
    const result = await runIngest(bot.url, bot.echoUrl!, bodies, options);
    // The snapshot and its journal.
    const bytes = readdirSync(dataDir).filter((f) => f.startsWith(STORE_FILE)).reduce((n, f) => n + statSync(path.join(dataDir, f)).size, 0);
    const storeMB = Math.round((bytes / 2 ** 20) * 10) / 10;
    return { ...result, storeMB };
  } finally {
    await stopBot(bot).catch(() => undefined);
    agent.destroy();
    await connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runDurable(members: number, options: IngestOptions): Promise<DurableResults> {
  const notDurable = await oneRun(members, false, options);
  const durable = await oneRun(members, true, options);
  return { durable, notDurable, members };
}
