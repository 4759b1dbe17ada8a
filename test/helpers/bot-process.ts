import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const MAIN_TS = path.join(repoRoot, "bot", "main.ts");
// The child runs in a scratch folder, so name the TypeScript loader by absolute URL.
const tsxLoader = import.meta.resolve("tsx");

export interface BotProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
}

/** `npm start` as a real process (node + tsx, as the npm script runs it), in a scratch folder with no .env; resolves once it listens. */
export function startBotProcess(cwd: string, env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, ["--import", tsxLoader, MAIN_TS], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === "Sounding Board is listening" && entry.url) resolve({ child, url: entry.url, exited, stderr: () => stderr });
      } catch { /* not a log line */ }
    });
    void exited.then((code) => reject(new Error(`bot exited (${code}) before listening:\n${stderr}`)));
  });
}

/** Run the bot until it exits by itself (bad configuration, unreadable storage). */
export function runBotToExit(cwd: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["--import", tsxLoader, MAIN_TS], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stderr })));
}

/** Run one of the project's command-line tools (a .ts file under the repository) as `npm run` would, to exit. */
export function runTool(cwd: string, script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", tsxLoader, path.join(repoRoot, script), ...args], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}
