/**
 * Live workshop updates: 100 simulated participants in a meeting place two stickers each from the
 * meeting chat's card while the stage and every participant's side panel poll the results route
 * once a second with If-None-Match, as the pages do. The bot runs as `npm start` does (embedded
 * store on disk, durable saves). The figure is how far the stage is behind: for each vote, from its
 * acknowledgement (the card's "Saved") to the first stage poll that includes it — p50/p95, against
 * ~2 s. Also: the results route's own latency under that polling, and the share answered 304.
 */
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Verbs } from "../cards/verbs.ts";
import { MEETING, meetingInstall, meetingInvoke, teamInstall, TEAM, USERS } from "../test/helpers/activities.ts";
import { FakeConnector, makeMembers } from "../test/helpers/fake-connector.ts";
import { log, percentile, postJson, round1, startBot, stopBot } from "./lib.ts";

export interface LiveResults {
  participants: number;
  pollers: number;
  pollIntervalMs: number;
  votesPerSecond: number;
  /** Acknowledgement → first stage poll showing the vote. */
  stageLagP50ms: number;
  stageLagP95ms: number;
  stageLagMaxMs: number;
  /** The results route under the pollers' load. */
  resultsP50ms: number;
  resultsP95ms: number;
  notModifiedShare: number;
  saveP50ms: number;
  saveP95ms: number;
  errors: number;
  tallyRight: boolean;
}

function request(agent: http.Agent, url: string, method: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; etag?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, timeout: 30_000, headers: { ...(body ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), ...(typeof res.headers.etag === "string" ? { etag: res.headers.etag } : {}) }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("no answer within 30 s")));
    req.on("error", reject);
    req.end(body);
  });
}

export async function runLive(participants = 100, options: { votesPerSecond?: number; pollIntervalMs?: number } = {}): Promise<LiveResults> {
  const votesPerSecond = options.votesPerSecond ?? 20;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const dataDir = mkdtempSync(path.join(tmpdir(), "sb-bench-live-"));
  const connector = await FakeConnector.start({ perAppPerSecond: 50, perConversationPerSecond: 7 });
  const people = makeMembers(participants);
  const officer = { id: USERS.officer.id, aadObjectId: USERS.officer.aadObjectId, name: USERS.officer.name };
  connector.addTeam({ id: TEAM.id, name: TEAM.name, members: [officer, ...people] });
  connector.addConversation({ id: MEETING.chatId, members: [officer, ...people] });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const bot = await startBot({ BENCH_EMBEDDED: "1", DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "warn", OUTBOUND_PER_SECOND: "50", DEV_USER_AAD_ID: officer.aadObjectId, OFFICER_AAD_IDS: officer.aadObjectId });
  let stop = false;
  try {
    const post = (activity: object) => postJson(agent, `${bot.url}/api/messages`, JSON.stringify(activity));
    await post(teamInstall({ serviceUrl: connector.url, user: USERS.officer }));
    await post(meetingInstall({ serviceUrl: connector.url, user: USERS.officer }));
    const options6 = ["Healthy weight", "Mental wellbeing", "Housing and health", "Tobacco control", "Best start in life", "Physical activity"];
    const started = await request(agent, `${bot.url}/api/meetings/${encodeURIComponent(MEETING.chatId)}/live`, "POST", JSON.stringify({ boardId: TEAM.id, kind: "vote", title: "Bench vote", options: options6, stickers: 2 }));
    if (started.status !== 200) throw new Error(`starting the vote answered ${started.status}: ${started.text}`);
    const activityId = (JSON.parse(started.text) as { id: string }).id;
    const resultsUrl = `${bot.url}/api/live/${activityId}/results`;

    // Pollers: one stage and one side panel per participant, each once a second, spread over the second.
    const stageSeen: Array<{ at: number; votes: number }> = [];
    const resultsMs: number[] = [];
    let polls = 0;
    let notModified = 0;
    let errors = 0;
    const poller = async (offset: number, stage: boolean) => {
      let etag: string | undefined;
      await new Promise((r) => setTimeout(r, offset));
      while (!stop) {
        const t0 = performance.now();
        try {
          const res = await request(agent, resultsUrl, "GET", undefined, etag ? { "if-none-match": etag } : {});
          resultsMs.push(performance.now() - t0);
          polls += 1;
          if (res.status === 304) notModified += 1;
          else if (res.status === 200) {
            etag = res.etag;
            if (stage) stageSeen.push({ at: performance.now(), votes: (JSON.parse(res.text) as { stickersPlaced: number }).stickersPlaced / 2 });
          } else errors += 1;
        } catch {
          errors += 1;
        }
        const next = t0 + pollIntervalMs - performance.now();
        if (next > 0) await new Promise((r) => setTimeout(r, next));
      }
    };
    const pollers = [poller(0, true), ...people.map((_, i) => poller(((i + 1) * pollIntervalMs) / (participants + 1), false))];

    // Voters: an open loop at votesPerSecond, each person once (two stickers on options spread across the six).
    const acks: number[] = [];
    const saveMs: number[] = [];
    const expected = new Array<number>(options6.length).fill(0);
    const began = performance.now();
    await Promise.all(
      people.map(async (p, i) => {
        const due = began + (i * 1000) / votesPerSecond;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const a = i % options6.length;
        const b = (i * 7 + 1) % options6.length;
        expected[a]! += 1;
        expected[b]! += 1;
        const data: Record<string, string> = { activityId };
        options6.forEach((_, o) => (data[`stickers_o${o + 1}`] = String((o === a ? 1 : 0) + (o === b ? 1 : 0))));
        const t0 = performance.now();
        const res = await post(meetingInvoke({ serviceUrl: connector.url, user: { id: p.id, aadObjectId: p.aadObjectId, name: p.name }, verb: Verbs.saveLive, data }));
        const t1 = performance.now();
        if (res.status !== 200 || !res.text.includes("Saved:")) errors += 1;
        else {
          acks.push(t1);
          saveMs.push(t1 - t0);
        }
      }),
    );
    // Let the stage catch up with the last vote (bounded: a few poll intervals).
    const deadline = performance.now() + 5 * pollIntervalMs;
    while (performance.now() < deadline && (stageSeen.at(-1)?.votes ?? 0) < acks.length) await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await Promise.all(pollers);

    const final = JSON.parse((await request(agent, resultsUrl, "GET")).text) as { bars: Array<{ stickers: number }> };
    const tallyRight = JSON.stringify(final.bars.map((b) => b.stickers)) === JSON.stringify(expected);
    // The k-th acknowledged vote is on the stage from the first stage answer that counts at least k votes
    // (0 when that answer came before the person's "Saved" did: the stage was not behind).
    const sortedAcks = [...acks].sort((x, y) => x - y);
    const lags = sortedAcks.map((at, k) => {
      const seen = stageSeen.find((s) => s.votes >= k + 1);
      return seen ? Math.max(0, seen.at - at) : Number.POSITIVE_INFINITY;
    });
    const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
    const lagSorted = sorted(lags);
    const results: LiveResults = {
      participants,
      pollers: participants + 1,
      pollIntervalMs,
      votesPerSecond,
      stageLagP50ms: Math.round(percentile(lagSorted, 50)),
      stageLagP95ms: Math.round(percentile(lagSorted, 95)),
      stageLagMaxMs: Math.round(lagSorted.at(-1) ?? NaN),
      resultsP50ms: round1(percentile(sorted(resultsMs), 50)),
      resultsP95ms: round1(percentile(sorted(resultsMs), 95)),
      notModifiedShare: polls === 0 ? 0 : Math.round((100 * notModified) / polls) / 100,
      saveP50ms: round1(percentile(sorted(saveMs), 50)),
      saveP95ms: round1(percentile(sorted(saveMs), 95)),
      errors,
      tallyRight,
    };
    log(`live: ${JSON.stringify(results)}`);
    return results;
  } finally {
    stop = true;
    await stopBot(bot);
    await connector.close();
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
