import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { personalInstall, personalMessage } from "../helpers/activities.ts";
import { FakeConnector } from "../helpers/fake-connector.ts";
import { runBotToExit, startBotProcess } from "../helpers/bot-process.ts";

const startProcess = startBotProcess;
const runToExit = runBotToExit;

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
