/** Summary benchmark driver: one fresh child process per size (bench/summary-child.ts), so peak RSS is per size. */
import { spawn } from "node:child_process";
import path from "node:path";
import { log, repoRoot, round2, tsxLoader } from "./lib.ts";

export interface SummaryRun {
  members: number;
  answers: number;
  chars: number;
  /** On the summary thread, as a running bot builds it (its threads started). */
  ms: number;
  /** The first summary of a fresh process: the summary and reader threads starting. */
  firstMs: number;
  /** The same summary on one thread (the design before services/summary/threads/). */
  inThreadMs: number;
  cpuMs: number;
  rssMB: number;
  rssBeforeMB: number;
  points: number;
}

export interface SummaryResults {
  sizes: [number, number];
  ms1k: number | null;
  ms10k: number | null;
  /** Time of the larger size ÷ time of the smaller (10k ÷ 1k in the full run). */
  scaling: number;
  /** Peak RSS of the larger size's process (the highest of its repeats). */
  rssMB: number;
  /** Per size: the median run by time (peak RSS: the highest seen), and every repeat. */
  runs: Array<SummaryRun & { repeats: Array<Pick<SummaryRun, "ms" | "cpuMs" | "rssMB">> }>;
}

function runChild(members: number, nodeArgs: string[]): Promise<SummaryRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, "--import", tsxLoader, path.join(repoRoot, "bench", "summary-child.ts"), String(members)], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`summary child (${members}) exited ${code}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").at(-1)!) as SummaryRun);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

export async function runSummary(sizes: [number, number], repeats = 1): Promise<SummaryResults> {
  const nodeArgs = (process.env.BENCH_SUMMARY_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const runs: SummaryResults["runs"] = [];
  for (const members of sizes) {
    const all: SummaryRun[] = [];
    for (let k = 0; k < repeats; k += 1) all.push(await runChild(members, nodeArgs));
    const median = [...all].sort((a, b) => a.ms - b.ms)[Math.floor(all.length / 2)]!;
    const rssMB = Math.max(...all.map((r) => r.rssMB));
    log(
      `summary: ${members} responses (${median.answers} answers): ${all.map((r) => `${r.ms} ms`).join(", ")}` +
        ` (median ${median.ms} ms, ${median.cpuMs} ms CPU; the first in a fresh process ${median.firstMs} ms; on one thread ${median.inThreadMs} ms), peak RSS ${rssMB} MB`,
    );
    runs.push({ ...median, rssMB, repeats: all.map(({ ms, cpuMs, rssMB: rss }) => ({ ms, cpuMs, rssMB: rss })) });
  }
  const small = runs[0]!;
  const large = runs[1]!;
  return {
    sizes,
    ms1k: sizes[0] === 1000 ? small.ms : null,
    ms10k: sizes[1] === 10_000 ? large.ms : null,
    scaling: round2(large.ms / small.ms),
    rssMB: large.rssMB,
    runs,
  };
}
