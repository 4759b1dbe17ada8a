import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { Verbs } from "../../cards/verbs.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import type { TableStorage } from "../../services/storage/table-storage.ts";
import { actionInvoke, channelMessage, teamInstall, USERS, type TestTeam } from "../helpers/activities.ts";
import { TestAzurite, uniquePrefix } from "../helpers/azurite.ts";
import { startBotProcess, type BotProcess } from "../helpers/bot-process.ts";
import { expandOpener, submit } from "../helpers/card-submit.ts";
import { FakeConnector, makeMembers, type FakeMember } from "../helpers/fake-connector.ts";
import { TableStorage as Storage } from "../../services/storage/table-storage.ts";

const CAP = 50;
const MEMBERS = 500;
const OFFICER = USERS.officer;
const TEAMS: TestTeam[] = [
  { id: "19:board-a-general@thread.tacv2", name: "Board A", aadGroupId: "0c9f4d2b-1e3a-4b5c-8d7e-00000000000a" },
  { id: "19:board-b-general@thread.tacv2", name: "Board B", aadGroupId: "0c9f4d2b-1e3a-4b5c-8d7e-00000000000b" },
];

/**
 * Teams' 50 requests/s is per app, not per process. Two bot processes on one storage account, each
 * fanning out a round to 500 members at the same moment, must together stay within it (the fake
 * connector answers 429 "throttled-app" the moment they don't) and still prompt each member once.
 */
describe("e2e: two bot processes on one storage account share Teams' rate cap", function () {
  this.timeout(180_000);
  let azurite: TestAzurite;
  let connector: FakeConnector;
  let storage: TableStorage;
  let dir: string;
  const bots: BotProcess[] = [];
  const rosters = new Map<string, FakeMember[]>();

  before(async () => {
    azurite = await TestAzurite.start();
    connector = await FakeConnector.start({ perAppPerSecond: CAP, perConversationPerSecond: 7 });
    dir = mkdtempSync(path.join(tmpdir(), "sounding-board-cap-"));
    const prefix = uniquePrefix();
    storage = await Storage.connect(azurite.connectionString, prefix);
    for (const [i, team] of TEAMS.entries()) {
      const roster = makeMembers(MEMBERS, { prefix: `board${i}` });
      rosters.set(team.id, roster);
      connector.addTeam({ id: team.id, name: team.name, aadGroupId: team.aadGroupId, members: [{ id: OFFICER.id, aadObjectId: OFFICER.aadObjectId, name: OFFICER.name }, ...roster] });
    }
    const env = { TABLES_CONNECTION_STRING: azurite.connectionString, TABLES_PREFIX: prefix, PORT: "0", LOG_LEVEL: "info", OFFICER_AAD_IDS: OFFICER.aadObjectId, OUTBOUND_PER_SECOND: String(CAP), SHUTDOWN_GRACE_MS: "30000" };
    bots.push(await startBotProcess(dir, env), await startBotProcess(dir, env));
  });
  after(async () => {
    for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await connector.close();
    await storage.close();
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (bot: BotProcess, activity: object) => {
    const res = await fetch(`${bot.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    expect(res.status, await res.clone().text()).to.equal(200);
    return res.json().catch(() => undefined) as Promise<unknown>;
  };

  async function launchForm(bot: BotProcess, team: TestTeam): Promise<Record<string, unknown>> {
    await post(bot, teamInstall({ serviceUrl: connector.url, user: OFFICER, team }));
    const before = connector.sentActivities.length;
    await post(bot, channelMessage({ serviceUrl: connector.url, user: OFFICER, team, text: "launch" }));
    // The launch command's card (the install's welcome may arrive after `before` too).
    const opener = connector.sentActivities.slice(before).map((s) => s.activity.attachments?.[0]?.content).find((c) => JSON.stringify(c ?? "").includes("Open the launch form"));
    return expandOpener(opener, (verb, data) => post(bot, actionInvoke({ serviceUrl: connector.url, user: OFFICER, team, inChannel: true, verb, data })));
  }

  it("launches on both at once: every member prompted exactly once, never more than 50 requests in any second", async () => {
    const forms = await Promise.all(TEAMS.map((team, i) => launchForm(bots[i]!, team)));
    const deadline = DateTime.now().setZone("Europe/London").plus({ days: 7 });
    const started = connector.sentActivities.length;
    const throttledBefore = connector.rejected.filter((r) => r.reason === "throttled-app").length;
    await Promise.all(TEAMS.map((team, i) =>
      post(bots[i]!, actionInvoke({ serviceUrl: connector.url, user: OFFICER, team, inChannel: true, verb: Verbs.launchRound, data: submit(forms[i]!, Verbs.launchRound, { title: `Round for ${team.name}`, deadlineDate: deadline.toFormat("yyyy-MM-dd"), deadlineTime: "17:00" }) })),
    ));
    const memberChats = new Map<string, string>();
    for (const roster of rosters.values()) for (const m of roster) memberChats.set(connector.personalConversationId(m.id), m.aadObjectId);
    await connector.waitForActivities(2 * MEMBERS, (s) => memberChats.has(s.conversationId), { timeoutMs: 120_000 });
    // Both stop gracefully: anything still in flight finishes (and would show up as a duplicate).
    for (const bot of bots) bot.child.kill("SIGTERM");
    for (const bot of bots) expect(await bot.exited).to.equal(0);

    const rounds = await Promise.all(TEAMS.map((t) => new RoundsRepository(storage).listByBoard(t.id)));
    expect(rounds.map((r) => r.length)).to.deep.equal([1, 1]);
    const prompts = connector.sentActivities.slice(started).filter((s) => memberChats.has(s.conversationId));
    const perMember = new Map<string, number>();
    for (const p of prompts) perMember.set(p.conversationId, (perMember.get(p.conversationId) ?? 0) + 1);
    expect(perMember.size, "lost").to.equal(2 * MEMBERS);
    expect([...perMember.values()].filter((n) => n > 1), "duplicated").to.deep.equal([]);

    // The connector's model of Teams (a token bucket of 50/s per app) never had to refuse the app…
    expect(connector.rejected.filter((r) => r.reason === "throttled-app").length - throttledBefore, "429 throttled-app").to.equal(0);
    // …the two together averaged 50/s from the first request to the last (slots are exactly 20 ms
    // apart; a first or last request arriving a millisecond off its slot moves this by ~0.03)…
    const times = connector.sentActivities.slice(started).map((s) => s.at).sort((a, b) => a - b);
    expect((times.length - 1) / ((times.at(-1)! - times[0]!) / 1000), "requests per second overall").to.be.at.most(CAP * 1.01);
    // …and no second came near twice the cap, which two processes pacing on their own would reach
    // (the busiest second can hold a few more than 50 when a loaded machine delays some requests
    // after their slot: the slots themselves never exceed 50 a second — test/unit/shared-pace.test.ts).
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i += 1) {
      while (times[i]! - times[j]! >= 1000) j += 1;
      busiest = Math.max(busiest, i - j + 1);
    }
    expect(busiest, "requests in the busiest second").to.be.below(CAP * 1.25);
  });
});
