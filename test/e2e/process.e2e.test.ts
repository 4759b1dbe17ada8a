import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { personalInstall, personalMessage } from "../helpers/activities.ts";
import { FakeConnector } from "../helpers/fake-connector.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const mainTs = path.join(repoRoot, "bot", "main.ts");
// The child runs in a scratch folder, so name the TypeScript loader by absolute URL.
const tsxLoader = import.meta.resolve("tsx");

interface Started {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** `npm start` as a real process (node + tsx, as the npm script runs it), in a scratch folder with no .env. */
function startProcess(cwd: string, env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ["--import", tsxLoader, mainTs], {
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
        if (entry.msg === "Sounding Board is listening" && entry.url) resolve({ child, url: entry.url, exited });
      } catch { /* not a log line */ }
    });
    void exited.then((code) => reject(new Error(`bot exited (${code}) before listening:\n${stderr}`)));
  });
}

function runToExit(cwd: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["--import", tsxLoader, mainTs], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stderr })));
}

async function post(url: string, activity: object): Promise<number> {
  const res = await fetch(`${url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
  return res.status;
}

describe("e2e: npm start as a process, with embedded storage on disk", function () {
  this.timeout(60_000);
  let dir: string;
  let connector: FakeConnector;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "sounding-board-"));
    connector = await FakeConnector.start();
  });
  after(async () => {
    await connector.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts with storage ready, stops cleanly on SIGTERM, and remembers everything after a restart", async () => {
    const env = { PORT: "0", DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "info" };

    const first = await startProcess(dir, env);
    expect((await fetch(`${first.url}/healthz`)).status).to.equal(200);
    expect(await post(first.url, personalInstall({ serviceUrl: connector.url }))).to.equal(200);
    expect(connector.sentActivities).to.have.length(1); // the welcome
    first.child.kill("SIGTERM");
    expect(await first.exited).to.equal(0);

    const second = await startProcess(dir, env);
    try {
      // The stored reference and its welcome survived: installing again does not welcome twice.
      expect(await post(second.url, personalInstall({ serviceUrl: connector.url }))).to.equal(200);
      expect(connector.sentActivities).to.have.length(1);
      expect(await post(second.url, personalMessage({ serviceUrl: connector.url, text: "help" }))).to.equal(200);
      expect(connector.sentActivities).to.have.length(2);
    } finally {
      second.child.kill("SIGINT");
      expect(await second.exited).to.equal(0);
    }
  });

  it("exits non-zero and names the bad key when configuration is wrong", async () => {
    const { code, stderr } = await runToExit(dir, { PORT: "eighty", TIME_ZONE: "Nowhere/Special" });
    expect(code).to.equal(1);
    expect(stderr).to.contain("PORT");
    expect(stderr).to.contain("TIME_ZONE");
    expect(stderr).to.contain(".env.example");
  });
});
