import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestApp } from "../helpers/app.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { startBotProcess } from "../helpers/bot-process.ts";

async function probe(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe("e2e: the platform's probes, /healthz (liveness) and /readyz (readiness)", function () {
  this.timeout(60_000);

  it("/readyz is 503 until the scheduler runs, 200 while it runs and storage answers, 503 once storage stops; /healthz follows storage alone", async () => {
    const azurite = await TestAzurite.start();
    // The test app does not start the scheduler by itself (tests tick it by hand): the state a bot is in before it has.
    const app = await startTestApp(azurite);
    try {
      expect(await probe(`${app.url}/healthz`)).to.deep.equal({ status: 200, body: { status: "ok", storage: "ok" } });
      expect(await probe(`${app.url}/readyz`)).to.deep.equal({
        status: 503,
        body: { status: "not ready", storage: "ok", scheduler: "not started" },
      });

      app.scheduler.start(3_600_000);
      expect(await probe(`${app.url}/readyz`)).to.deep.equal({ status: 200, body: { status: "ready", storage: "ok", scheduler: "running" } });

      await azurite.stop();
      expect(await probe(`${app.url}/readyz`)).to.deep.equal({
        status: 503,
        body: { status: "not ready", storage: "unreachable", scheduler: "running" },
      });
      expect((await probe(`${app.url}/healthz`)).status).to.equal(503);
    } finally {
      await app.stop();
      await azurite.stop().catch(() => undefined);
    }
  });

  it("/readyz comes back to 200 when storage does", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sb-probes-"));
    const azurite = await TestAzurite.startPersistent(dir);
    const app = await startTestApp(azurite);
    try {
      app.scheduler.start(3_600_000);
      await azurite.stop();
      expect((await probe(`${app.url}/readyz`)).status).to.equal(503);
      await azurite.restart();
      expect(await probe(`${app.url}/readyz`)).to.deep.equal({ status: 200, body: { status: "ready", storage: "ok", scheduler: "running" } });
    } finally {
      await app.stop();
      await azurite.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("in production mode, with a managed identity and a storage account URL as infra/main.bicep passes them, the process starts and is ready", async () => {
    const azurite = await TestAzurite.start();
    const dir = mkdtempSync(path.join(tmpdir(), "sb-probes-production-"));
    const tableEndpoint = /TableEndpoint=([^;]+)/.exec(azurite.connectionString)![1]!;
    try {
      const bot = await startBotProcess(dir, {
        NODE_ENV: "production",
        PORT: "0",
        MicrosoftAppType: "UserAssignedMSI",
        MicrosoftAppId: "11111111-2222-3333-4444-555555555555",
        MicrosoftAppTenantId: "99999999-8888-4777-8666-555555555555",
        // A loopback Azurite stands in for https://<account>.table.core.windows.net (which would be reached with the identity's token).
        TABLES_ACCOUNT_URL: tableEndpoint,
        BOT_DOMAIN: "soundingboard.example.org",
        REPORT_LINK_SECRET: "0123456789abcdef0123456789abcdef",
        LOG_LEVEL: "info",
      });
      try {
        expect(await probe(`${bot.url}/readyz`)).to.deep.equal({ status: 200, body: { status: "ready", storage: "ok", scheduler: "running" } });
        // Authentication is on: an unsigned activity is refused.
        const res = await fetch(`${bot.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
        expect(res.status).to.equal(401);
      } finally {
        bot.child.kill("SIGTERM");
        expect(await bot.exited).to.equal(0);
      }
    } finally {
      await azurite.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("`npm start` as a process is ready once it listens: its scheduler starts with it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sb-probes-process-"));
    const bot = await startBotProcess(dir, { PORT: "0", DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "info" });
    try {
      expect(await probe(`${bot.url}/readyz`)).to.deep.equal({ status: 200, body: { status: "ready", storage: "ok", scheduler: "running" } });
      expect((await probe(`${bot.url}/healthz`)).status).to.equal(200);
    } finally {
      bot.child.kill("SIGTERM");
      expect(await bot.exited).to.equal(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
