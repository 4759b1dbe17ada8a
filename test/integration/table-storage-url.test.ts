import { expect } from "chai";
import { loadConfig } from "../../services/config/config.ts";
import { silentLogger } from "../../services/logging/logger.ts";
import { StorageAccessError, TableStorage } from "../../services/storage/table-storage.ts";
import { startTestApp } from "../helpers/app.ts";
import { TestAzurite, uniquePrefix } from "../helpers/azurite.ts";

/** Azurite's Table endpoint, from its connection string: http://127.0.0.1:<port>/devstoreaccount1. */
function accountUrlOf(azurite: TestAzurite): string {
  const endpoint = /TableEndpoint=([^;]+)/.exec(azurite.connectionString)?.[1];
  if (!endpoint) throw new Error(`no TableEndpoint in ${azurite.connectionString}`);
  return endpoint;
}

describe("integration: Table storage by account URL (TABLES_ACCOUNT_URL), no connection string", function () {
  this.timeout(60_000);
  let azurite: TestAzurite;

  before(async () => {
    azurite = await TestAzurite.start();
  });
  after(async () => {
    await azurite.stop();
  });

  it("creates the tables and reads and writes through TableClient(url, table, credential)", async () => {
    const config = loadConfig({ TABLES_ACCOUNT_URL: accountUrlOf(azurite), TABLES_PREFIX: uniquePrefix() });
    expect(config.storage.kind).to.equal("accountUrl");
    const storage = await TableStorage.open(config.storage, silentLogger());
    try {
      expect(await storage.ping()).to.equal(true);
      const rounds = storage.client("rounds");
      await rounds.createEntity({ partitionKey: "board", rowKey: "r1", title: "Autumn 1:1s" });
      expect((await rounds.getEntity<{ title: string }>("board", "r1")).title).to.equal("Autumn 1:1s");
    } finally {
      await storage.close();
    }
  });

  it("runs the whole bot on it: /readyz answers 200 once the scheduler runs", async () => {
    const app = await startTestApp(azurite, { TABLES_CONNECTION_STRING: "", TABLES_ACCOUNT_URL: accountUrlOf(azurite) });
    try {
      app.scheduler.start(3_600_000);
      const res = await fetch(`${app.url}/readyz`);
      expect(res.status).to.equal(200);
    } finally {
      await app.stop();
    }
  });

  it("a credential that gives no token stops the start with a message saying what to check", async () => {
    const config = loadConfig({
      TABLES_ACCOUNT_URL: "https://soundingboard01.table.core.windows.net/",
      MicrosoftAppId: "11111111-2222-3333-4444-555555555555",
      MicrosoftAppType: "UserAssignedMSI",
      MicrosoftAppTenantId: "99999999-8888-4777-8666-555555555555",
    });
    // No token means no request: nothing leaves this machine.
    const noToken = {
      getToken: async () => {
        const err = new Error("ManagedIdentityCredential: no managed identity endpoint found.\nmore detail");
        err.name = "CredentialUnavailableError";
        throw err;
      },
    };
    let failure: unknown;
    try {
      await TableStorage.open(config.storage, silentLogger(), { credential: noToken });
    } catch (err) {
      failure = err;
    }
    expect(failure).to.be.instanceOf(StorageAccessError);
    const message = (failure as Error).message;
    expect(message).to.contain("https://soundingboard01.table.core.windows.net");
    expect(message).to.contain("the managed identity 11111111-2222-3333-4444-555555555555");
    expect(message).to.contain("no managed identity endpoint found");
    expect(message).not.to.contain("more detail");
  });
});
