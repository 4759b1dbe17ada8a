/**
 * Card submissions: members pressing "Save answers" on the round card they were sent, over HTTP,
 * through the real server — restify → CloudAdapter → bot → verb router → ResponseService (reads of
 * the round, the invitation and the response, the ETag-checked write on Azurite) → the refreshed card
 * in the invoke response. The baseline is a bare botbuilder bot (bench/bot-process.ts, BENCH_ECHO)
 * built from the same createAdapter() and createHttpServer() in the same process, answering every
 * card action with one static card and touching no storage.
 *
 * - Throughput: a closed loop, `clients` concurrent clients each sending its next submission as
 *   soon as the last one is answered, for `seconds`.
 * - Latency: an open loop at a fixed offered load (100/s): request k is due at t0 + k × 10 ms and is
 *   sent then whatever happened to the others; latency is measured from when it was due, so a slow
 *   server cannot hide its queueing (no coordinated omission).
 * Both use node:http with a keep-alive agent.
 */
import http from "node:http";
import { Verbs } from "../cards/verbs.ts";
import { actionInvoke } from "../test/helpers/activities.ts";
import { inputsOf, submit } from "../test/helpers/card-submit.ts";
import type { FakeMember, SentActivity } from "../test/helpers/fake-connector.ts";
import { log, percentile, postJson, round1, round2, sleep } from "./lib.ts";
import { syntheticAnswer } from "./synthetic.ts";

export interface IngestResults {
  botPerSecond: number;
  echoPerSecond: number;
  ratio: number;
  p50ms: number;
  p99ms: number;
  echoP50ms: number;
  echoP99ms: number;
  maxMs: number;
  offeredPerSecond: number;
  clients: number;
  seconds: number;
  submissions: number;
  errors: number;
}

export interface IngestOptions {
  clients: number;
  seconds: number;
  openLoopSeconds: number;
  offeredPerSecond: number;
  /** Called just before and just after the Sounding Board closed loop (e.g. to bracket a CPU profile). */
  aroundBotClosedLoop?: (phase: "start" | "end") => void;
}

/** One ready-to-send submission per member: their own card, two answers typed in. */
export function submissionBodies(serviceUrl: string, members: FakeMember[], prompts: Map<string, SentActivity[]>): string[] {
  const bodies: string[] = [];
  members.forEach((m, i) => {
    const prompt = prompts.get(m.aadObjectId)?.[0];
    const card = prompt?.activity.attachments?.[0]?.content;
    if (!prompt || !card) return;
    const answerIds = Object.keys(inputsOf(card)).filter((id) => id.startsWith("answer_"));
    const typed: Record<string, string> = {};
    for (const [k, id] of answerIds.slice(0, 2).entries()) typed[id] = syntheticAnswer(1000 + i * 7 + k, i + k);
    const data = submit(card, Verbs.saveResponse, typed);
    bodies.push(
      JSON.stringify(
        actionInvoke({ serviceUrl, user: { id: m.id, aadObjectId: m.aadObjectId, name: m.name }, verb: Verbs.saveResponse, data, conversationId: prompt.conversationId }),
      ),
    );
  });
  return bodies;
}

interface LoopResult {
  done: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

const okFor = (expectSaved: boolean) => (status: number, text: string) => status === 200 && (!expectSaved || text.includes("Saved."));

/** Closed loop: client c sends bodies c, c + clients, … one after another. */
async function closedLoop(url: string, bodies: string[], clients: number, seconds: number, ok: (s: number, t: string) => boolean): Promise<LoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  let done = 0;
  let errors = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let k = c; performance.now() < end; k += clients) {
        const t0 = performance.now();
        try {
          const res = await postJson(agent, url, bodies[k % bodies.length]!);
          if (ok(res.status, res.text)) done += 1;
          else errors += 1;
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return { done, errors, seconds: elapsed, latencies };
}

/** Open loop: request k is due at start + k / rate, sent then regardless of responses. */
async function openLoop(url: string, bodies: string[], rate: number, seconds: number, ok: (s: number, t: string) => boolean): Promise<LoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let done = 0;
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  for (let k = 0; k < total; k += 1) {
    const due = start + k * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inflight.push(
      postJson(agent, url, bodies[k % bodies.length]!).then(
        (res) => {
          latencies.push(performance.now() - due);
          if (ok(res.status, res.text)) done += 1;
          else errors += 1;
        },
        () => {
          latencies.push(performance.now() - due);
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  return { done, errors, seconds: (performance.now() - start) / 1000, latencies };
}

export async function runIngest(botUrl: string, echoUrl: string, bodies: string[], options: IngestOptions): Promise<IngestResults> {
  if (bodies.length === 0) throw new Error("no submissions to send");
  const bot = `${botUrl}/api/messages`;
  const echo = `${echoUrl}/api/messages`;
  const botOk = okFor(true);
  const echoOk = okFor(false);
  // Warm both up (JIT, sockets, storage connections) and discard.
  await closedLoop(echo, bodies, options.clients, 1, echoOk);
  await closedLoop(bot, bodies, options.clients, 1, botOk);

  const echoClosed = await closedLoop(echo, bodies, options.clients, options.seconds, echoOk);
  log(`ingest: bare bot ${round1(echoClosed.done / echoClosed.seconds)}/s closed loop (${options.clients} clients), ${echoClosed.errors} errors`);
  options.aroundBotClosedLoop?.("start");
  const botClosed = await closedLoop(bot, bodies, options.clients, options.seconds, botOk);
  options.aroundBotClosedLoop?.("end");
  log(`ingest: Sounding Board ${round1(botClosed.done / botClosed.seconds)}/s closed loop (${options.clients} clients), ${botClosed.errors} errors`);
  await sleep(500);
  const echoOpen = await openLoop(echo, bodies, options.offeredPerSecond, options.openLoopSeconds, echoOk);
  const botOpen = await openLoop(bot, bodies, options.offeredPerSecond, options.openLoopSeconds, botOk);
  const lat = [...botOpen.latencies].sort((a, b) => a - b);
  const echoLat = [...echoOpen.latencies].sort((a, b) => a - b);
  log(`ingest: open loop at ${options.offeredPerSecond}/s: Sounding Board p50 ${round1(percentile(lat, 50))} ms p99 ${round1(percentile(lat, 99))} ms (${botOpen.errors} errors); bare p50 ${round1(percentile(echoLat, 50))} ms p99 ${round1(percentile(echoLat, 99))} ms`);

  const botPerSecond = botClosed.done / botClosed.seconds;
  const echoPerSecond = echoClosed.done / echoClosed.seconds;
  return {
    botPerSecond: round1(botPerSecond),
    echoPerSecond: round1(echoPerSecond),
    ratio: round2(botPerSecond / echoPerSecond),
    p50ms: round1(percentile(lat, 50)),
    p99ms: round1(percentile(lat, 99)),
    echoP50ms: round1(percentile(echoLat, 50)),
    echoP99ms: round1(percentile(echoLat, 99)),
    maxMs: round1(lat.at(-1) ?? NaN),
    offeredPerSecond: options.offeredPerSecond,
    clients: options.clients,
    seconds: options.seconds,
    submissions: botClosed.done + botOpen.done,
    errors: botClosed.errors + botOpen.errors,
  };
}
