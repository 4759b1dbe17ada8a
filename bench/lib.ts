/** Small shared pieces of the benchmarks: child processes, HTTP with keep-alive, statistics. */
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../", import.meta.url));
/** tsx's loader by absolute URL, so children run TypeScript as `npm start` does. */
export const tsxLoader = import.meta.resolve("tsx");

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export interface BotProcess {
  child: ChildProcess;
  url: string;
  echoUrl?: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Last lines of its stderr (logs), for error messages. */
  tail(): string;
  /** Counts of log messages by `msg` (warn and above at the default level). */
  logCounts: Map<string, number>;
}

/**
 * Start bench/bot-process.ts with `env` (added to a minimal environment: no .env, no inherited
 * settings). Extra node flags (e.g. --cpu-prof) come from BENCH_BOT_NODE_ARGS.
 */
export function startBot(env: Record<string, string>, timeoutMs = 30_000): Promise<BotProcess> {
  const nodeArgs = (process.env.BENCH_BOT_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", tsxLoader, path.join(repoRoot, "bench", "bot-process.ts")], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...(process.env.BENCH_PROFILE_DIR ? { BENCH_PROFILE_DIR: process.env.BENCH_PROFILE_DIR } : {}), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const lines: string[] = [];
  const logCounts = new Map<string, number>();
  createInterface({ input: child.stderr! }).on("line", (line) => {
    lines.push(line);
    if (lines.length > 40) lines.shift();
    try {
      const entry = JSON.parse(line) as { msg?: string };
      if (entry.msg) logCounts.set(entry.msg, (logCounts.get(entry.msg) ?? 0) + 1);
    } catch {
      /* not a log line */
    }
  });
  const tail = () => lines.join("\n");
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`bot did not start within ${timeoutMs} ms:\n${tail()}`));
    }, timeoutMs);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      // BENCH_BOT_STDOUT=<file>: keep what the bot prints (e.g. with BENCH_BOT_NODE_ARGS=--trace-gc).
      if (process.env.BENCH_BOT_STDOUT) appendFileSync(process.env.BENCH_BOT_STDOUT, `${child.pid} ${line}\n`);
      try {
        const ready = JSON.parse(line) as { ready?: boolean; url?: string; echoUrl?: string };
        if (ready.ready && ready.url) {
          clearTimeout(timer);
          resolve({ child, url: ready.url, echoUrl: ready.echoUrl, exited, tail, logCounts });
        }
      } catch {
        /* not the ready line */
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`bot exited (${code ?? signal}) before it was ready:\n${tail()}`));
    });
  });
}

/** SIGTERM, then wait (SIGKILL after `graceMs`). */
export async function stopBot(bot: BotProcess, graceMs = 20_000): Promise<void> {
  if (bot.child.exitCode !== null || bot.child.signalCode !== null) return;
  bot.child.kill("SIGTERM");
  const timer = setTimeout(() => bot.child.kill("SIGKILL"), graceMs);
  await bot.exited;
  clearTimeout(timer);
}

export interface HttpResult {
  status: number;
  text: string;
}

/** POST JSON over a keep-alive agent (node:http, so nothing of fetch's own pooling is measured); fails after `timeoutMs` of silence. */
export function postJson(agent: http.Agent, url: string, body: string, timeoutMs = 30_000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, timeout: timeoutMs, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const round1 = (x: number) => Math.round(x * 10) / 10;
export const round2 = (x: number) => Math.round(x * 100) / 100;
export const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * CPU accounting for "was anything else running?": jiffies the whole machine was busy, and jiffies
 * this benchmark's own process tree used (this process, live descendants, reaped children), from
 * /proc. The difference between two snapshots is what other processes used. Linux only; elsewhere
 * the snapshot is undefined.
 */
export interface CpuSnapshot {
  busy: number;
  total: number;
  ours: number;
}

function procStat(pid: number | "self"): { ppid: number; cpu: number } | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const f = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    // f[1] = ppid; f[11..14] = utime, stime, cutime, cstime (fields 14–17 of proc(5)).
    return { ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}

export function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    const busy = total - cpu[3]! - (cpu[4] ?? 0);
    const stats = new Map<number, { ppid: number; cpu: number }>();
    for (const name of readdirSync("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      const s = procStat(Number(name));
      if (s) stats.set(Number(name), s);
    }
    const mine = new Set<number>([process.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, s] of stats) if (!mine.has(pid) && mine.has(s.ppid)) (mine.add(pid), (grew = true));
    }
    let ours = 0;
    for (const pid of mine) ours += stats.get(pid)?.cpu ?? 0;
    return { busy, total, ours };
  } catch {
    return undefined;
  }
}

/** Share of the machine (0–1, all cores) that other processes used between two snapshots. */
export function otherLoad(a: CpuSnapshot | undefined, b: CpuSnapshot | undefined): number | null {
  if (!a || !b || b.total <= a.total) return null;
  return round2(Math.max(0, (b.busy - a.busy - (b.ours - a.ours)) / (b.total - a.total)));
}
