import { expect } from "chai";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONFIG_KEYS, ConfigError, loadConfig, loadConfigForTool, productionRequirements } from "../../services/config/config.ts";
import { loadManifestConfig, loadManifestConfigForTool, MANIFEST_CONFIG_KEYS } from "../../services/config/manifest-config.ts";

const APP_ID = "11111111-2222-3333-4444-555555555555";
const TENANT = "99999999-8888-4777-8666-555555555555";
const SECRET = "0123456789abcdef0123456789abcdef";

/** A deployment as infra/main.bicep configures it: a user-assigned managed identity for the bot and for Table storage. */
const PRODUCTION_MSI: Record<string, string> = {
  NODE_ENV: "production",
  HOST: "0.0.0.0",
  MicrosoftAppId: APP_ID,
  MicrosoftAppType: "UserAssignedMSI",
  MicrosoftAppTenantId: TENANT,
  TABLES_ACCOUNT_URL: "https://soundingboard01.table.core.windows.net/",
  BOT_DOMAIN: "soundingboard.example.org",
  REPORT_LINK_SECRET: SECRET,
};

const without = (env: Record<string, string>, key: string) => Object.fromEntries(Object.entries(env).filter(([k]) => k !== key));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("loadConfig", () => {
  it("runs locally with no settings at all: loopback, embedded storage, auth off, London time", () => {
    const config = loadConfig({});
    expect(config.host).to.equal("127.0.0.1");
    expect(config.port).to.equal(3978);
    expect(config.authEnabled).to.equal(false);
    expect(config.storage).to.deep.equal({ kind: "embedded", dataDir: ".data", tablePrefix: "" });
    expect(config.timeZone).to.equal("Europe/London");
  });

  it("treats empty values like unset ones, as a copied .env.example has them", () => {
    expect(loadConfig({ MicrosoftAppId: "", PORT: "", TABLES_CONNECTION_STRING: " " }).storage.kind).to.equal("embedded");
  });

  it("turns auth on with an app ID and password, and uses a given connection string", () => {
    const config = loadConfig({
      MicrosoftAppId: APP_ID, MicrosoftAppPassword: "secret", HOST: "0.0.0.0",
      TABLES_CONNECTION_STRING: "UseDevelopmentStorage=true", OFFICER_AAD_IDS: "AAAAAAAA-0000-4000-8000-000000000001, aaaaaaaa-0000-4000-8000-000000000002",
    });
    expect(config.authEnabled).to.equal(true);
    expect(config.credentials.appId).to.equal(APP_ID);
    expect(config.storage).to.deep.equal({ kind: "connectionString", connectionString: "UseDevelopmentStorage=true", tablePrefix: "" });
    expect(config.roles.officerAadIds).to.deep.equal(["aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002"]);
  });

  it("names every bad key at once", () => {
    const problems = problemsOf({ PORT: "eighty", TIME_ZONE: "Mars/Olympus", MicrosoftAppId: "not-a-guid", CHAIR_AAD_IDS: "bob", LOG_LEVEL: "loud" });
    const keys = problems.map((p) => p.split(":")[0]);
    expect(keys).to.include.members(["PORT", "TIME_ZONE", "MicrosoftAppId", "CHAIR_AAD_IDS", "LOG_LEVEL"]);
    expect(problems.find((p) => p.startsWith("CHAIR_AAD_IDS"))).to.contain('"bob"');
  });

  it("requires a password with an app ID, and a tenant for SingleTenant", () => {
    expect(problemsOf({ MicrosoftAppId: APP_ID })).to.deep.equal(["MicrosoftAppPassword: is required when MicrosoftAppId is set"]);
    expect(problemsOf({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: "s", MicrosoftAppType: "SingleTenant" })[0]).to.match(/^MicrosoftAppTenantId:/);
  });

  it("refuses to listen beyond loopback while authentication is off", () => {
    expect(problemsOf({ HOST: "0.0.0.0" })[0]).to.match(/^HOST: must be a loopback address/);
    expect(problemsOf({ HOST: "::1" })).to.deep.equal([]);
  });

  it("rejects out-of-range ports and table prefixes Table storage would refuse", () => {
    expect(problemsOf({ PORT: "70000" })[0]).to.match(/^PORT:/);
    expect(problemsOf({ TABLES_PREFIX: "1bad-prefix" })[0]).to.match(/^TABLES_PREFIX:/);
  });

  it("takes the summary's reader threads from SUMMARY_READER_THREADS (0–8), else none", () => {
    expect(problemsOf({ SUMMARY_READER_THREADS: "-1" })[0]).to.match(/^SUMMARY_READER_THREADS: must be at least 0/);
    expect(problemsOf({ SUMMARY_READER_THREADS: "1.5" })[0]).to.match(/^SUMMARY_READER_THREADS: must be a whole number/);
    expect(loadConfig({ SUMMARY_READER_THREADS: "2" }).summaryReaderThreads).to.equal(2);
    expect(loadConfig({}).summaryReaderThreads).to.equal(0);
  });

  it(".env.example documents exactly the settings the bot reads, each with a comment", () => {
    const lines = readFileSync(new URL("../../.env.example", import.meta.url), "utf8").split("\n");
    const documented: string[] = [];
    lines.forEach((line, i) => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(line);
      if (!m) return;
      documented.push(m[1]!);
      expect(lines[i - 1] ?? "", `comment above ${m[1]}`).to.match(/^#/);
    });
    expect([...documented].sort()).to.deep.equal([...CONFIG_KEYS].sort());
  });
});

describe("Table storage by account URL (TABLES_ACCOUNT_URL)", () => {
  it("uses a storage account's Table endpoint with DefaultAzureCredential, no key", () => {
    const config = loadConfig({ TABLES_ACCOUNT_URL: "https://soundingboard01.table.core.windows.net/" });
    expect(config.storage).to.deep.equal({
      kind: "accountUrl",
      accountUrl: "https://soundingboard01.table.core.windows.net",
      tablePrefix: "",
      credential: { kind: "azureIdentity" },
    });
  });

  it("with MicrosoftAppType=UserAssignedMSI, reaches storage as the bot's own managed identity", () => {
    const config = loadConfig(PRODUCTION_MSI);
    expect(config.storage).to.deep.include({ kind: "accountUrl", credential: { kind: "azureIdentity", managedIdentityClientId: APP_ID } });
  });

  it("takes a loopback Azurite with its published development account", () => {
    for (const url of ["http://127.0.0.1:10002/devstoreaccount1", "http://localhost:10002/devstoreaccount1/", "http://[::1]:10002/devstoreaccount1"]) {
      const storage = loadConfig({ TABLES_ACCOUNT_URL: url }).storage;
      expect(storage, url).to.deep.include({ kind: "accountUrl", credential: { kind: "azuriteDevelopmentAccount" } });
      expect(storage.kind === "accountUrl" && storage.accountUrl, url).to.match(/^http:\/\/.*\/devstoreaccount1$/);
    }
  });

  it("refuses anything else with a message showing both accepted forms", () => {
    for (const url of [
      "soundingboard01.table.core.windows.net",
      "http://soundingboard01.table.core.windows.net/",
      "https://soundingboard01.blob.core.windows.net/",
      "https://Sounding_Board.table.core.windows.net/",
      "https://soundingboard01.table.core.windows.net/rounds",
      "https://soundingboard01.table.core.windows.net/?sv=2024-01-01&sig=abc",
      "https://soundingboard01.table.core.windows.net.evil.example/",
      "http://10.0.0.4:10002/devstoreaccount1",
    ]) {
      const problems = problemsOf({ TABLES_ACCOUNT_URL: url });
      expect(problems, url).to.have.length(1);
      expect(problems[0], url).to.match(/^TABLES_ACCOUNT_URL: must be/);
    }
    expect(problemsOf({ TABLES_ACCOUNT_URL: "https://acct01.table.core.windows.net/?sig=x" })[0]).to.contain("managed identity");
    expect(problemsOf({ TABLES_ACCOUNT_URL: "ftp://x" })[0]).to.contain("https://<account>.table.core.windows.net/");
  });

  it("refuses a connection string and an account URL together", () => {
    expect(problemsOf({ TABLES_ACCOUNT_URL: "https://acct01.table.core.windows.net", TABLES_CONNECTION_STRING: "UseDevelopmentStorage=true" })).to.deep.equal([
      "TABLES_ACCOUNT_URL: set TABLES_ACCOUNT_URL (managed identity) or TABLES_CONNECTION_STRING, not both",
    ]);
  });
});

describe("the bot's identity (MicrosoftAppType)", () => {
  it("UserAssignedMSI: the managed identity's client ID and tenant, and no password (botbuilder refuses one)", () => {
    const config = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: "UserAssignedMSI", MicrosoftAppTenantId: TENANT, HOST: "0.0.0.0" });
    expect(config.credentials).to.deep.equal({ appId: APP_ID, appPassword: "", appType: "UserAssignedMSI", tenantId: TENANT });
    expect(config.authEnabled).to.equal(true);
    expect(problemsOf({ MicrosoftAppId: APP_ID, MicrosoftAppType: "UserAssignedMSI" })).to.deep.equal([
      "MicrosoftAppTenantId: is required when MicrosoftAppType is UserAssignedMSI",
    ]);
    expect(problemsOf({ MicrosoftAppId: APP_ID, MicrosoftAppType: "UserAssignedMSI", MicrosoftAppTenantId: TENANT, MicrosoftAppPassword: "s" })[0]).to.match(
      /^MicrosoftAppPassword: must be empty when MicrosoftAppType is UserAssignedMSI/,
    );
    expect(problemsOf({ MicrosoftAppType: "UserAssignedMSI" })[0]).to.match(/^MicrosoftAppId: is required when MicrosoftAppType is UserAssignedMSI/);
  });
});

describe("production (NODE_ENV=production)", () => {
  it("parses a deployment with a managed identity: auth on, storage account, no secret but the link key", () => {
    const config = loadConfig(PRODUCTION_MSI);
    expect(config.production).to.equal(true);
    expect(config.authEnabled).to.equal(true);
    expect(config.publicBaseUrl).to.equal("https://soundingboard.example.org");
    expect(loadConfig({}).production).to.equal(false);
  });

  it("names each missing requirement: without any one of them the bot refuses to start", () => {
    for (const req of productionRequirements(PRODUCTION_MSI)) {
      if (req.anyOf[0] === "NODE_ENV") continue;
      let env = PRODUCTION_MSI;
      for (const key of req.anyOf) env = without(env, key);
      const problems = problemsOf(env);
      expect(problems.some((p) => p.startsWith(`${req.anyOf[0]}:`)), `${req.anyOf.join("/")}: ${problems.join("; ")}`).to.equal(true);
    }
  });

  it("names what production lacks together with any bad value, and a default (BOT_DOMAIN=localhost) doesn't count as given", () => {
    const keys = problemsOf({ NODE_ENV: "production", PORT: "eighty" }).map((p) => p.split(":")[0]);
    expect(keys).to.include.members(["PORT", "MicrosoftAppId", "MicrosoftAppPassword", "TABLES_ACCOUNT_URL", "BOT_DOMAIN", "REPORT_LINK_SECRET"]);
    expect(problemsOf(without(PRODUCTION_MSI, "BOT_DOMAIN"))[0]).to.match(/^BOT_DOMAIN: is required in production/);
  });

  it("refuses the embedded store, saying what to set instead", () => {
    expect(problemsOf(without(PRODUCTION_MSI, "TABLES_ACCOUNT_URL"))).to.deep.equal([
      "TABLES_ACCOUNT_URL: or TABLES_CONNECTION_STRING is required in production (NODE_ENV=production): the embedded store is one process's local disk; a deployment uses a storage account",
    ]);
    // A connection string is the other way.
    expect(problemsOf({ ...without(PRODUCTION_MSI, "TABLES_ACCOUNT_URL"), TABLES_CONNECTION_STRING: "UseDevelopmentStorage=true" })).to.deep.equal([]);
  });

  it("a client secret bot needs its password; a loopback BOT_DOMAIN is refused", () => {
    const secretBot = { ...without(PRODUCTION_MSI, "MicrosoftAppType"), MicrosoftAppPassword: "s" };
    expect(problemsOf(secretBot)).to.deep.equal([]);
    expect(problemsOf(without(secretBot, "MicrosoftAppPassword"))).to.deep.equal(["MicrosoftAppPassword: is required when MicrosoftAppId is set"]);
    expect(problemsOf({ ...PRODUCTION_MSI, BOT_DOMAIN: "localhost:3978" })[0]).to.match(/^BOT_DOMAIN: must be the bot's public host name in production/);
    expect(problemsOf({ ...PRODUCTION_MSI, NODE_ENV: "staging" })[0]).to.match(/^NODE_ENV: must be production, development or test/);
  });

  it("requirements depend on the app type the way botbuilder's do", () => {
    const keys = (appType?: string) => productionRequirements(appType ? { MicrosoftAppType: appType } : {}).flatMap((r) => r.anyOf);
    expect(keys("UserAssignedMSI")).to.include("MicrosoftAppTenantId").and.not.include("MicrosoftAppPassword");
    expect(keys("SingleTenant")).to.include.members(["MicrosoftAppTenantId", "MicrosoftAppPassword"]);
    expect(keys()).to.include("MicrosoftAppPassword").and.not.include("MicrosoftAppTenantId");
    for (const key of keys("SingleTenant")) expect(CONFIG_KEYS, key).to.include(key);
  });
});

describe("the Teams package's settings (loadManifestConfig)", () => {
  it("reads only MicrosoftAppId, BOT_DOMAIN and TAB_SSO_AUDIENCE — no password, storage or anything else", () => {
    expect([...MANIFEST_CONFIG_KEYS].sort()).to.deep.equal(["BOT_DOMAIN", "MicrosoftAppId", "TAB_SSO_AUDIENCE"]);
    expect(loadManifestConfig({ MicrosoftAppId: APP_ID, PORT: "eighty", NODE_ENV: "production" })).to.deep.equal({
      appId: APP_ID,
      botDomain: "localhost",
      tabSsoAudience: `api://localhost/${APP_ID}`,
    });
  });

  it("reads those keys exactly as the bot does", () => {
    const env = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: "s", BOT_DOMAIN: "bot.example.org:8443" };
    const bot = loadConfig(env);
    expect(loadManifestConfig(env)).to.deep.equal({ appId: bot.credentials.appId, botDomain: bot.botDomain, tabSsoAudience: bot.tabSso.audience });
    for (const key of MANIFEST_CONFIG_KEYS) expect(CONFIG_KEYS).to.include(key);
    expect(() => loadManifestConfig({ BOT_DOMAIN: "https://bot.example.org" })).to.throw(ConfigError, /BOT_DOMAIN: must be a host name/);
    expect(loadManifestConfigForTool("/no/such/.env", { MicrosoftAppId: "x" })).to.have.property("error").that.contains("MicrosoftAppId");
  });
});

describe("loadConfigForTool (the playground and the package builder)", () => {
  const dir = mkdtempSync(join(tmpdir(), "sb-config-"));

  it("gives a Config when there is no .env file and the environment is good", () => {
    const loaded = loadConfigForTool(join(dir, "no-such.env"), { PORT: "3978" });
    expect("config" in loaded && loaded.config.port).to.equal(3978);
  });

  it("gives the message to print for a bad key or an unreadable .env, instead of throwing", () => {
    expect(loadConfigForTool(join(dir, "no-such.env"), { PORT: "eighty" })).to.have.property("error").that.contains("PORT");
    // A directory where the file should be cannot be read.
    expect(loadConfigForTool(dir, {})).to.have.property("error").that.contains("Could not read .env");
  });
});
