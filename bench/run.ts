/**
 * `npm run bench` (full, a few minutes) or `npm run bench -- --quick` (smaller sizes, under a minute):
 * fan-out, card submissions and summaries on this machine; prints a table and writes
 * bench/results.json. Options: --only=fanout,ingest,durable,summary,quality,live to run a subset (a partial run only
 * prints its table, so bench/results.json always holds a complete run).
 * Everything runs on loopback; every loop is bounded in count and time.
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CAP_PER_SECOND, runFanoutAndIngest, type FanoutResults, type RunFigures } from "./fanout.ts";
import type { IngestResults } from "./ingest.ts";
import { cpuSnapshot, log, otherLoad, repoRoot, round2, type CpuSnapshot } from "./lib.ts";
import { runSummary, type SummaryResults } from "./summary.ts";
import { runDurable, type DurableResults } from "./durable.ts";
import { runQuality, type QualityResults } from "./quality.ts";
import { runLive, type LiveResults } from "./live.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const PARTS = ["fanout", "ingest", "durable", "summary", "quality", "live"];
const only = new Set((args.find((a) => a.startsWith("--only="))?.slice(7) ?? PARTS.join(",")).split(","));

const SIZES = quick
  ? { fanout: 200, ingestMembers: 200, clients: 16, seconds: 2, openSeconds: 2, summary: [500, 2000] as [number, number], repeats: 1 }
  : { fanout: 2000, ingestMembers: 500, clients: 16, seconds: 10, openSeconds: 10, summary: [1000, 10_000] as [number, number], repeats: 3 };

const TARGETS = { fanoutRatio: 0.95, ingestRatio: 0.5, p99ms: 100, ms10k: 5000, scaling: 12, rssMB: 300, devF1: 0.6, stageLagMs: 2000 };

/** Share of the machine's CPU time that was busy over `ms` (all processes, from /proc/stat). */
async function machineBusy(ms = 1000): Promise<number | null> {
  const snap = () => {
    try {
      const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
      return { idle: cpu[3]! + (cpu[4] ?? 0), total: cpu.reduce((a, b) => a + b, 0) };
    } catch {
      return undefined;
    }
  };
  const a = snap();
  await new Promise((r) => setTimeout(r, ms));
  const b = snap();
  if (!a || !b || b.total === a.total) return null;
  return round2(1 - (b.idle - a.idle) / (b.total - a.total));
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
}

const verdict = (ok: boolean) => (ok ? "met" : "MISSED");

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join("  ").trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

async function main(): Promise<void> {
  const started = Date.now();
  const busyBefore = await machineBusy();
  log(`${quick ? "quick" : "full"} run on ${machine()}; machine busy before start: ${busyBefore === null ? "n/a" : `${Math.round(busyBefore * 100)}%`}`);

  let fanout: FanoutResults | undefined;
  let ingest: IngestResults | undefined;
  let summary: SummaryResults | undefined;
  let durable: DurableResults | undefined;
  let quality: QualityResults | undefined;
  let live: LiveResults | undefined;
  // What other processes used of the machine during each part (they share its 2 cores with us).
  const marks: Record<string, CpuSnapshot | undefined> = { start: cpuSnapshot() };

  if (only.has("fanout") || only.has("ingest")) {
    const r = await runFanoutAndIngest(SIZES.fanout, {
      kill: only.has("fanout"),
      ingest: only.has("ingest")
        ? { members: SIZES.ingestMembers, clients: SIZES.clients, seconds: SIZES.seconds, openLoopSeconds: SIZES.openSeconds, offeredPerSecond: 100 }
        : undefined,
      reuseRestartedBot: quick,
      beforeIngest: () => {
        marks.ingest = cpuSnapshot();
      },
    });
    marks.fanoutEnd = cpuSnapshot();
    if (only.has("fanout")) fanout = r.fanout;
    ingest = r.ingest;
  }
  marks.durable = cpuSnapshot();
  if (only.has("durable")) {
    durable = await runDurable(SIZES.ingestMembers, { clients: SIZES.clients, seconds: SIZES.seconds, openLoopSeconds: SIZES.openSeconds, offeredPerSecond: 100 });
  }
  marks.summary = cpuSnapshot();
  if (only.has("summary")) summary = await runSummary(SIZES.summary, SIZES.repeats);
  marks.quality = cpuSnapshot();
  if (only.has("quality")) quality = await runQuality();
  marks.live = cpuSnapshot();
  // The same 100 participants in a quick run: the figure is about a meeting's size, not the machine's.
  if (only.has("live")) live = await runLive(100);
  marks.end = cpuSnapshot();
  const others = {
    fanout: fanout ? otherLoad(marks.start, marks.ingest ?? marks.fanoutEnd) : null,
    ingest: ingest ? otherLoad(marks.ingest, marks.fanoutEnd) : null,
    durable: durable ? otherLoad(marks.durable, marks.summary) : null,
    summary: summary ? otherLoad(marks.summary, marks.quality) : null,
    quality: quality ? otherLoad(marks.quality, marks.live) : null,
    live: live ? otherLoad(marks.live, marks.end) : null,
    whole: otherLoad(marks.start, marks.end),
  };

  const seconds = Math.round((Date.now() - started) / 1000);
  const busyAfter = await machineBusy();
  const results = {
    ...(fanout && {
      fanout: {
        members: SIZES.fanout,
        perSecond: fanout.warm.perSecond,
        capPerSecond: CAP_PER_SECOND,
        ratio: fanout.warm.ratio,
        lost: fanout.cold.lost + fanout.warm.lost,
        duplicated: fanout.cold.duplicated + fanout.warm.duplicated,
        resumeLost: fanout.resume.lost,
        resumeDuplicated: fanout.resume.duplicated,
        throttled429: fanout.cold.throttled429 + fanout.warm.throttled429,
        coldPerSecond: fanout.cold.perSecond,
        coldRatio: fanout.cold.ratio,
        cold: fanout.cold,
        warm: fanout.warm,
        resume: fanout.resume,
      },
    }),
    ...(ingest && { ingest }),
    ...(durable && { durable }),
    ...(summary && { summary }),
    ...(quality && { quality }),
    ...(live && { live }),
    machine: machine(),
    mode: quick ? "quick" : "full",
    date: new Date().toISOString(),
    seconds,
    machineBusyBefore: busyBefore,
    machineBusyAfter: busyAfter,
    /** Share of the machine (both cores) other processes used while each part ran: ~0 means the figures are this code's alone. */
    otherProcessesLoad: others,
    loadAverage: os.loadavg().map(round2),
  };
  const partial = PARTS.some((p) => !only.has(p));
  const file = path.join(repoRoot, "bench", "results.json");
  if (!partial) writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);

  const rows: string[][] = [["Benchmark", "Result", "Target", ""]];
  const run = (label: string, f: RunFigures) =>
    rows.push([
      `Fan-out, ${label} (${f.members} members)`,
      `${f.perSecond} prompts/s = ${f.ratio} of ${CAP_PER_SECOND}/s; ${f.throttled429} × 429; lost ${f.lost}, duplicated ${f.duplicated}`,
      `≥ ${TARGETS.fanoutRatio} of cap, 0 lost, 0 dup`,
      verdict(f.ratio >= TARGETS.fanoutRatio && f.lost === 0 && f.duplicated === 0),
    ]);
  if (fanout) {
    run("board's first round: 1:1 opened with the prompt", fanout.cold);
    run("later rounds: 1:1 known, send", fanout.warm);
    rows.push([
      `Fan-out, SIGKILL half-way + restart (${fanout.resume.members})`,
      `lost ${fanout.resume.lost}, duplicated ${fanout.resume.duplicated} (killed at ${fanout.resume.promptsAtKill} prompts; ${fanout.resume.ledgerAtKill.sending ?? 0} "sending" in the ledger)`,
      "0 lost, 0 duplicated",
      verdict(fanout.resume.lost === 0 && fanout.resume.duplicated === 0),
    ]);
  }
  if (ingest) {
    rows.push([
      `Card submissions, closed loop (${ingest.clients} clients)`,
      `${ingest.botPerSecond}/s vs bare bot ${ingest.echoPerSecond}/s = ${ingest.ratio}`,
      `≥ ${TARGETS.ingestRatio}`,
      verdict(ingest.ratio >= TARGETS.ingestRatio),
    ]);
    rows.push([
      `Card submissions, open loop ${ingest.offeredPerSecond}/s`,
      `p50 ${ingest.p50ms} ms, p99 ${ingest.p99ms} ms (bare bot p50 ${ingest.echoP50ms}, p99 ${ingest.echoP99ms}); ${ingest.errors} errors`,
      `p99 < ${TARGETS.p99ms} ms`,
      verdict(ingest.p99ms < TARGETS.p99ms && ingest.errors === 0),
    ]);
  }
  if (durable) {
    const d = durable.durable;
    const n = durable.notDurable;
    rows.push([
      `Card saves, embedded store on disk, closed loop (${d.clients} clients)`,
      `${d.botPerSecond}/s durable (journal, group commit) vs ${n.botPerSecond}/s without (5 s autosave); bare bot ${d.echoPerSecond}/s; files ${d.storeMB} MB`,
      "",
      "",
    ]);
    rows.push([
      `Card saves, embedded store, open loop ${d.offeredPerSecond}/s`,
      `durable p50 ${d.p50ms} ms, p99 ${d.p99ms} ms; without p50 ${n.p50ms} ms, p99 ${n.p99ms} ms; ${d.errors} errors`,
      `p99 < ${TARGETS.p99ms} ms (durable)`,
      verdict(d.p99ms < TARGETS.p99ms && d.errors === 0),
    ]);
  }
  if (summary) {
    const [small, large] = summary.runs as [SummaryResults["runs"][number], SummaryResults["runs"][number]];
    const median = summary.runs[0]!.repeats.length > 1 ? ` (median of ${summary.runs[0]!.repeats.length})` : "";
    rows.push([`Summary, ${small.members} responses × 5 themes`, `${small.ms} ms${median} (${small.cpuMs} ms CPU), peak RSS ${small.rssMB} MB`, "", ""]);
    rows.push([
      `Summary, ${large.members} responses × 5 themes`,
      `${large.ms} ms${median} (${large.cpuMs} ms CPU), peak RSS ${large.rssMB} MB`,
      large.members === 10_000 ? `≤ ${TARGETS.ms10k} ms, ≤ ${TARGETS.rssMB} MB` : "(quick sizes)",
      large.members === 10_000 ? verdict(large.ms <= TARGETS.ms10k && large.rssMB <= TARGETS.rssMB) : "",
    ]);
    rows.push([
      `Summary scaling ${large.members / 1000}k / ${small.members / 1000}k`,
      `${summary.scaling}`,
      large.members === 10_000 && small.members === 1000 ? `≤ ${TARGETS.scaling}` : "",
      large.members === 10_000 && small.members === 1000 ? verdict(summary.scaling <= TARGETS.scaling) : "",
    ]);
  }
  if (quality) {
    const q = quality.semantic;
    rows.push([
      `Summary grouping, dev set (${quality.sentences} sentences), semantic`,
      `P ${q.precision} R ${q.recall} F1 ${q.f1}; ${q.pointsFound} points for ${q.pointsLabelled}; mixed views P ${q.mixed.precision} R ${q.mixed.recall}; ${q.ms} ms`,
      `F1 ≥ ${TARGETS.devF1}`,
      verdict(q.f1 >= TARGETS.devF1),
    ]);
    const w = quality.words;
    rows.push([`Summary grouping, dev set, words only`, `P ${w.precision} R ${w.recall} F1 ${w.f1}; ${w.pointsFound} points; ${w.ms} ms`, "", ""]);
  }
  if (live) {
    rows.push([
      `Live workshop: stage behind a vote (${live.participants} voting at ${live.votesPerSecond}/s, ${live.pollers} pages polling every ${live.pollIntervalMs / 1000} s)`,
      `p50 ${live.stageLagP50ms} ms, p95 ${live.stageLagP95ms} ms (max ${live.stageLagMaxMs}); results route p50 ${live.resultsP50ms} ms, p95 ${live.resultsP95ms} ms; save p95 ${live.saveP95ms} ms; ${live.errors} errors; tally ${live.tallyRight ? "right" : "WRONG"}`,
      `p95 ≤ ${TARGETS.stageLagMs} ms`,
      verdict(live.stageLagP95ms <= TARGETS.stageLagMs && live.errors === 0 && live.tallyRight),
    ]);
  }
  process.stdout.write(`\n${table(rows)}\n\n`);
  process.stdout.write(`Machine: ${results.machine}\n`);
  const pct = (x: number | null) => (x === null ? "n/a" : `${Math.round(x * 100)}%`);
  process.stdout.write(
    `Run: ${results.mode}, ${seconds} s. Other processes used ${pct(others.whole)} of the machine during the run` +
      ` (fan-out ${pct(others.fanout)}, submissions ${pct(others.ingest)}, embedded saves ${pct(others.durable)}, summary ${pct(others.summary)}, quality ${pct(others.quality)}, live ${pct(others.live)}); busy ${pct(busyBefore)} just before.\n`,
  );
  process.stdout.write(partial ? "Partial run (--only): bench/results.json left as it was.\n" : `Wrote ${path.relative(repoRoot, file)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
