import { expect } from "chai";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONFIG_KEYS, ConfigError, loadConfig, loadConfigForTool } from "../../services/config/config.ts";

const APP_ID = "11111111-2222-3333-4444-555555555555";

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
