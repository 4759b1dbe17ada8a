import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runBotToExit } from "../helpers/bot-process.ts";

describe("e2e: `npm start` with NODE_ENV=production and nothing else", function () {
  this.timeout(60_000);

  it("exits 1 before touching anything, naming every setting a deployment must give it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sb-production-"));
    try {
      const { code, stderr } = await runBotToExit(dir, { NODE_ENV: "production" });
      expect(code).to.equal(1);
      for (const key of ["MicrosoftAppId", "MicrosoftAppPassword", "TABLES_ACCOUNT_URL", "BOT_DOMAIN", "REPORT_LINK_SECRET"]) {
        expect(stderr, key).to.contain(`${key}:`);
      }
      expect(stderr).to.contain("NODE_ENV=production");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
