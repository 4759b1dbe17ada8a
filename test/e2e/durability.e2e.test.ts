import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Verbs } from "../../cards/verbs.ts";
import { STORE_FILE } from "../../services/storage/embedded-azurite.ts";
import { actionInvoke, channelMessage, MEETING, meetingInstall, meetingInvoke, personalMessage, teamInstall, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { runBotToExit, runTool, startBotProcess, type BotProcess } from "../helpers/bot-process.ts";
import { expandOpener, inputsOf, submit } from "../helpers/card-submit.ts";
import { FakeConnector, makeMembers } from "../helpers/fake-connector.ts";

/**
 * "Saved" means saved: `npm start` on its embedded storage, under a load of card saves from many
 * members, is SIGKILLed at different moments — early, later, the instant a save was answered, and
 * while the store is writing its file — and started again on the same DATA_DIR. Every save a member
 * was told "Saved" about must be there, with the text it was saved with (or that member's next save,
 * if it was in flight at the kill and got stored too).
 */

const MEMBERS = 40;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, activity: object): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(activity);
  const target = new URL(`${url}/api/messages`);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname: target.hostname, port: target.port, path: target.pathname, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

interface MemberLedger {
  /** The last text the bot answered "Saved" to. */
  acked?: string;
  /** A text sent and not answered (in flight when the bot was killed). */
  inFlight?: string;
  next: number;
}

describe("e2e: acknowledged means durable — SIGKILL under load, on embedded storage", function () {
  this.timeout(180_000);
  let dir: string;
  let dataDir: string;
  let connector: FakeConnector;
  let bot: BotProcess | undefined;
  let roundId = "";
  const people = makeMembers(MEMBERS);
  const members: TestUser[] = people.map((m) => ({ id: m.id, aadObjectId: m.aadObjectId, name: m.name }));
  const ledger = new Map<string, MemberLedger>(members.map((m) => [m.aadObjectId, { next: 1 }]));
  // DEV_USER_AAD_ID: the live workshop's API in local mode acts as the board's officer.
  const env = () => ({ PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "info", DEV_USER_AAD_ID: USERS.officer.aadObjectId });
  let acks = 0;
  // (declared before use in load())

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "sb-durable-"));
    dataDir = path.join(dir, "data");
    connector = await FakeConnector.start();
    connector.addTeam({ id: TEAM.id, name: TEAM.name, members: [{ id: USERS.officer.id, aadObjectId: USERS.officer.aadObjectId, name: USERS.officer.name }, ...people] });
    bot = await startBotProcess(dir, env());
    await post(bot.url, teamInstall({ serviceUrl: connector.url }));
    await post(bot.url, channelMessage({ serviceUrl: connector.url, user: USERS.officer, text: "launch" }));
    const botUrl = bot.url;
    const form = await expandOpener(connector.sentActivities.at(-1)!.activity.attachments![0]!.content, async (verb, data) => JSON.parse((await post(botUrl, actionInvoke({ serviceUrl: connector.url, user: USERS.officer, verb, data, inChannel: true }))).text));
    const launched = await post(bot.url, actionInvoke({ serviceUrl: connector.url, user: USERS.officer, verb: Verbs.launchRound, inChannel: true, data: submit(form, Verbs.launchRound, { title: "Durability", deadlineDate: "2026-12-30", deadlineTime: "12:00" }) }));
    expect(launched.text).to.contain("Round launched");
    const [prompt] = await connector.waitForActivities(MEMBERS, (s) => s.conversationId.startsWith("a:fake-personal-"), { timeoutMs: 30_000 });
    roundId = String(submit(prompt!.activity.attachments![0]!.content, Verbs.saveResponse).roundId);
  });
  after(async () => {
    bot?.child.kill("SIGKILL");
    await bot?.exited;
    await connector.close();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Every member saves again and again (one save in flight each) until the bot stops answering. */
  async function load(url: string): Promise<void> {
    await Promise.all(members.map(async (m) => {
      const mine = ledger.get(m.aadObjectId)!;
      for (;;) {
        const text = `${m.name}: saved answer number ${mine.next}`;
        mine.inFlight = text;
        let res: { status: number; text: string };
        try {
          res = await post(url, actionInvoke({ serviceUrl: connector.url, user: m, verb: Verbs.saveResponse, data: { roundId, boardId: TEAM.id, answer_t1: text }, conversationId: connector.personalConversationId(m.id) }));
        } catch {
          return; // the bot is gone: this save was never answered
        }
        if (res.status === 200 && res.text.includes("Saved.")) {
          mine.acked = text;
          mine.inFlight = undefined;
          mine.next += 1;
          acks += 1;
          for (const w of [...ackWaiters]) if (acks >= w.target) {
            ackWaiters.splice(ackWaiters.indexOf(w), 1);
            w.resolve();
          }
        } else if (res.status >= 500 || res.status === 0) return;
      }
    }));
  }

  /** What the restarted bot says each member's saved answer is (their card, refreshed). */
  async function storedAnswers(url: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const m of members) {
      const res = await post(url, actionInvoke({ serviceUrl: connector.url, user: m, verb: Verbs.refreshResponse, data: { roundId, boardId: TEAM.id }, conversationId: connector.personalConversationId(m.id) }));
      expect(res.status, `${m.name}'s card after the restart`).to.equal(200);
      out.set(m.aadObjectId, inputsOf((JSON.parse(res.text) as { value: unknown }).value).answer_t1 ?? "");
    }
    return out;
  }

  async function killAndCheck(kill: (b: BotProcess) => Promise<void> | void): Promise<{ acksAtKill: number; midFlush: boolean }> {
    const running = bot!;
    const loading = load(running.url);
    await kill(running);
    const midFlush = existsSync(path.join(dataDir, `${STORE_FILE}~`));
    running.child.kill("SIGKILL");
    await running.exited;
    await loading;
    const acksAtKill = acks;
    bot = await startBotProcess(dir, env());
    const stored = await storedAnswers(bot.url);
    for (const m of members) {
      const mine = ledger.get(m.aadObjectId)!;
      const got = stored.get(m.aadObjectId) ?? "";
      if (!mine.acked) continue;
      expect([mine.acked, mine.inFlight], `${m.name}: the acknowledged save (or the one in flight after it) is there`).to.include(got);
      // What is stored is now the member's acknowledged state (a stored in-flight save counts as theirs).
      mine.acked = got;
      mine.inFlight = undefined;
    }
    return { acksAtKill, midFlush };
  }

  const ackWaiters: Array<{ target: number; resolve: () => void }> = [];
  /** Resolves when the clients have seen this many "Saved" answers in all. */
  const waitForAcks = (target: number) => new Promise<void>((resolve) => ackWaiters.push({ target, resolve }));

  it("loses no acknowledged save, whenever the bot is killed", async () => {
    const points: string[] = [];
    // 1. Early in a burst.
    let r = await killAndCheck(() => waitForAcks(acks + 20));
    points.push(`after 20 saves (${r.acksAtKill} acknowledged so far)`);
    // 2. Later, with more in the store.
    r = await killAndCheck(() => waitForAcks(acks + 250));
    points.push(`after 250 more (${r.acksAtKill})`);
    // 3. While a commit is being appended to the journal (the moment the journal file changes), some saves into a run.
    r = await killAndCheck(async () => {
      await waitForAcks(acks + 30);
      await new Promise<void>((resolve) => {
        const watcher = watch(dataDir, (event, file) => {
          if (event === "change" && String(file).startsWith(`${STORE_FILE}.journal.`)) {
            watcher.close();
            resolve();
          }
        });
      });
    });
    points.push(`while appending to the journal (${r.acksAtKill})`);
    // 4. While a new snapshot is being written (the moment its "~" file appears: the journal reached its size limit), some saves into a run.
    let midFlush = false;
    for (let attempt = 0; attempt < 3 && !midFlush; attempt += 1) {
      r = await killAndCheck(async () => {
        await waitForAcks(acks + 30);
        await new Promise<void>((resolve) => {
          const watcher = watch(dataDir, (_event, file) => {
            if (file === `${STORE_FILE}~`) {
              watcher.close();
              resolve();
            }
          });
        });
      });
      midFlush = r.midFlush;
      points.push(`while writing the store file (${r.acksAtKill}; file being written: ${r.midFlush})`);
    }
    expect(midFlush, "at least one kill landed while the store was being written").to.equal(true);
    expect(acks, "a few hundred saves were acknowledged in all").to.be.at.least(270);
    console.log(`      kill points: ${points.join("; ")}`);
  });

  it("backs up while the bot runs and saves keep coming, and restores that backup (only once the bot is stopped)", async () => {
    const number = (text: string | undefined) => Number(/number (\d+)$/.exec(text ?? "")?.[1] ?? 0);
    const running = bot!;
    const loading = load(running.url);
    await waitForAcks(acks + 30);
    const before = new Map(members.map((m) => [m.aadObjectId, number(ledger.get(m.aadObjectId)!.acked)]));
    const backupFile = path.join(dir, "backup.json");
    const backup = await runTool(dir, "services/storage/backup.cli.ts", ["backup", backupFile], { DATA_DIR: dataDir });
    expect(backup.code, backup.stderr).to.equal(0);
    expect(backup.stdout).to.contain(`to ${backupFile}`);
    const after = new Map(members.map((m) => [m.aadObjectId, Math.max(number(ledger.get(m.aadObjectId)!.acked), number(ledger.get(m.aadObjectId)!.inFlight))]));
    // Not while the bot runs: it would write over the restored file.
    const refused = await runTool(dir, "services/storage/backup.cli.ts", ["restore", backupFile], { DATA_DIR: dataDir });
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain("Stop it first");

    running.child.kill("SIGTERM");
    expect(await running.exited).to.equal(0);
    await loading;
    const restored = await runTool(dir, "services/storage/backup.cli.ts", ["restore", backupFile], { DATA_DIR: dataDir });
    expect(restored.code, restored.stderr).to.equal(0);
    expect(restored.stdout).to.match(/The store it replaced is kept as .*before-restore-/);

    bot = await startBotProcess(dir, env());
    const stored = await storedAnswers(bot.url);
    for (const m of members) {
      // The backup is one moment between the command's start and end: everything saved before it began, nothing after it ended.
      const n = number(stored.get(m.aadObjectId));
      expect(n, m.name).to.be.at.least(before.get(m.aadObjectId)!).and.at.most(after.get(m.aadObjectId)!);
      const mine = ledger.get(m.aadObjectId)!;
      mine.acked = stored.get(m.aadObjectId);
      mine.inFlight = undefined;
      mine.next = n + 1;
    }
  });

  it("keeps every kind of change across a kill: a close, a published summary (chunked, in transactions), a role, an erasure", async () => {
    const url = bot!.url;
    const officer = USERS.officer;
    const as = (user: TestUser, verb: string, data: object) => post(url, actionInvoke({ serviceUrl: connector.url, user, verb, data, conversationId: `a:personal-${user.aadObjectId}` }));
    const say = async (user: TestUser, text: string) => {
      const before = connector.sentActivities.length;
      await post(url, personalMessage({ serviceUrl: connector.url, user, text }));
      return connector.waitForActivity((x) => x.seq > (connector.sentActivities[before - 1]?.seq ?? 0) && x.conversationId === `a:personal-${user.aadObjectId}`);
    };
    expect((await as(officer, Verbs.closeRound, { roundId, boardId: TEAM.id })).text).to.contain("is closed");
    const opener = await connector.waitForActivity((x) => JSON.stringify(x.activity).includes("Draft summary ready"));
    const draft = await expandOpener(opener.activity.attachments![0]!.content, async (verb, data) => JSON.parse((await as(officer, verb, data)).text));
    expect((await as(officer, Verbs.publishSummary, submit(draft, Verbs.publishSummary))).text).to.contain("Published.");
    expect((await as(officer, Verbs.addRole, { boardId: TEAM.id, people: members[0]!.aadObjectId, role: "chair" })).text).to.contain("is now the chair");
    expect((await say(officer, `member erase ${members[1]!.aadObjectId} confirm`)).activity.text).to.contain("Erased");
    // What the bot shows about all of it, just before the kill and just after the restart.
    const views = async (u: string) => [
      (await post(u, actionInvoke({ serviceUrl: connector.url, user: officer, verb: Verbs.openReview, data: { roundId, boardId: TEAM.id }, conversationId: `a:personal-${officer.aadObjectId}` }))).text,
      (await post(u, actionInvoke({ serviceUrl: connector.url, user: officer, verb: Verbs.addRole, data: { boardId: TEAM.id, people: "", role: "chair" }, conversationId: `a:personal-${officer.aadObjectId}` }))).text,
      (await post(u, actionInvoke({ serviceUrl: connector.url, user: members[1]!, verb: Verbs.refreshResponse, data: { roundId, boardId: TEAM.id }, conversationId: connector.personalConversationId(members[1]!.id) }))).text,
    ].map((t) => t.replace(/"(?:sig|exp)=[^"&]*|exp=\d+&sig=[A-Za-z0-9_-]+/g, ""));
    const before = await views(url);
    expect(before[0]).to.contain("Published");
    bot!.child.kill("SIGKILL");
    await bot!.exited;
    bot = await startBotProcess(dir, env());
    expect(await views(bot.url)).to.deep.equal(before);
  });

  it("keeps a live workshop's acknowledged stickers and its end (the round it became) across a kill right after each", async () => {
    connector.addConversation({ id: MEETING.chatId, members: [USERS.officer, ...members.slice(0, 3)].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })) });
    expect((await post(bot!.url, meetingInstall({ serviceUrl: connector.url, user: USERS.officer }))).status).to.equal(200);
    const api = async (method: "GET" | "POST", p: string, body?: unknown) => {
      const res = await fetch(`${bot!.url}${p}`, { method, ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }) });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const started = await api("POST", `/api/meetings/${encodeURIComponent(MEETING.chatId)}/live`, { boardId: TEAM.id, kind: "vote", title: "Durable stickers", options: ["A", "B"], stickers: 2 });
    expect(started.status).to.equal(200);
    const id = String(started.body.id);
    const stick = (user: TestUser, a: number) => post(bot!.url, meetingInvoke({ serviceUrl: connector.url, user, verb: Verbs.saveLive, data: { activityId: id, stickers_o1: String(a), stickers_o2: String(2 - a) } }));
    for (const [i, m] of members.slice(0, 3).entries()) expect((await stick(m, i % 3)).text).to.contain("Saved:");
    // Killed the instant the last "Saved" was answered.
    const restart = async () => {
      bot!.child.kill("SIGKILL");
      await bot!.exited;
      bot = await startBotProcess(dir, env());
    };
    await restart();
    const tally = (await api("GET", `/api/live/${id}/results`)).body as { bars: Array<{ stickers: number }>; participants: number };
    expect([tally.participants, tally.bars.map((b) => b.stickers)]).to.deep.equal([3, [3, 3]]);
    // Ended, then killed the instant "ended" was answered: the round it became is there after the restart.
    const ended = await api("POST", `/api/live/${id}/end`);
    expect(ended.body.status).to.equal("ended");
    await restart();
    const rounds = (await api("GET", `/api/boards/${encodeURIComponent(TEAM.id)}/rounds`)).body.rounds as Array<{ id: string; kindsText: string }>;
    expect(rounds.find((r) => r.id === ended.body.roundId)).to.include({ kindsText: "Live workshop: priority vote" });
  });

  it("stops with a message naming the file, and leaves it alone, when the store file is damaged", async () => {
    bot!.child.kill("SIGTERM");
    await bot!.exited;
    bot = undefined;
    const file = path.join(dataDir, STORE_FILE);
    const damaged = readFileSync(file, "utf8").slice(0, 5000); // a file cut short (a bad disk, a bad copy)
    writeFileSync(file, damaged);
    const { code, stderr } = await runBotToExit(dir, env());
    expect(code).to.equal(1);
    expect(stderr).to.contain(`The embedded storage file ${file} can't be read`);
    expect(readFileSync(file, "utf8")).to.equal(damaged);
  });
});
