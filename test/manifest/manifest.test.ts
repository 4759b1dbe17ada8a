import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AdmZip from "adm-zip";
import { PNG } from "pngjs";
import { loadManifestConfig } from "../../services/config/manifest-config.ts";
import { runTool } from "../helpers/bot-process.ts";
import {
  buildPackage,
  bundledSchemaPath,
  LOCAL_PLACEHOLDER_BOT_ID,
  MANIFEST_DIR,
  PACKAGE_FILE_NAME,
  renderManifest,
  runPackageCli,
  TEMPLATE_PATH,
  validateManifest,
  type SoundingBoardManifest,
} from "../../manifest/build-package.ts";

const APP_ID = "11111111-2222-3333-4444-555555555555";
const DOMAIN = "soundingboard-test.example.org";

const localConfig = () => loadManifestConfig({});
const cloudConfig = () => loadManifestConfig({ MicrosoftAppId: APP_ID, BOT_DOMAIN: DOMAIN });

const clone = (m: SoundingBoardManifest): SoundingBoardManifest => JSON.parse(JSON.stringify(m)) as SoundingBoardManifest;

function readPng(file: string): PNG {
  return PNG.sync.read(readFileSync(join(MANIFEST_DIR, file)));
}

describe("Teams app manifest", () => {
  const realFetch = globalThis.fetch;

  // The package falls back to fetch() when it is not handed a schema. Make any such attempt
  // fail loudly so these tests prove validation is offline.
  beforeEach(() => {
    globalThis.fetch = (async (input: unknown) => {
      throw new Error(`network access attempted during manifest validation: ${String(input)}`);
    }) as typeof fetch;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  describe("schema validation (bundled official schema)", () => {
    it("validates the rendered manifest with zero errors (local mode)", async () => {
      const manifest = renderManifest(localConfig());
      expect(await validateManifest(manifest)).to.deep.equal([]);
      expect(manifest.id).to.equal(LOCAL_PLACEHOLDER_BOT_ID);
      expect(manifest.bots?.[0]?.botId).to.equal(LOCAL_PLACEHOLDER_BOT_ID);
      expect(manifest.validDomains).to.deep.equal(["localhost"]);
    });

    it("validates the rendered manifest with zero errors (with an app id)", async () => {
      const manifest = renderManifest(cloudConfig());
      expect(await validateManifest(manifest)).to.deep.equal([]);
    });

    it("leaves no ${{TOKEN}} placeholders in the rendered manifest", () => {
      const template = readFileSync(TEMPLATE_PATH, "utf8");
      expect(template).to.include("${{BOT_ID}}").and.to.include("${{BOT_DOMAIN}}");
      expect(JSON.stringify(renderManifest(cloudConfig()))).not.to.match(/\$\{\{/);
    });

    it("rejects a bot with no scopes", async () => {
      const manifest = clone(renderManifest(cloudConfig()));
      delete (manifest.bots![0] as { scopes?: unknown }).scopes;
      const errors = await validateManifest(manifest);
      expect(errors.join("\n")).to.match(/scopes/);
    });

    it("rejects an id that is not a GUID", async () => {
      const manifest = { ...clone(renderManifest(cloudConfig())), id: "sounding-board" };
      const errors = await validateManifest(manifest);
      expect(errors.join("\n")).to.match(/\/id .*pattern/);
    });

    it("rejects an unknown bot scope and a non-https developer URL", async () => {
      const manifest = clone(renderManifest(cloudConfig()));
      manifest.bots![0]!.scopes = ["personal", "everyone" as "team"];
      manifest.developer.privacyUrl = "ftp://soundingboard.example.org/privacy";
      const errors = (await validateManifest(manifest)).join("\n");
      expect(errors).to.match(/\/bots\/0\/scopes\/1/);
      expect(errors).to.match(/\/developer\/privacyUrl/);
    });

    it("rejects a command title longer than Teams allows (32 characters)", async () => {
      const manifest = clone(renderManifest(cloudConfig()));
      manifest.bots![0]!.commandLists![0]!.commands[0]!.title = "x".repeat(33);
      expect((await validateManifest(manifest)).join("\n")).to.match(/title is longer than 32/);
    });

    it("rejects a tab page that isn't HTTPS on one of the validDomains", async () => {
      const manifest = clone(renderManifest(cloudConfig()));
      manifest.staticTabs![1]!.contentUrl = "https://elsewhere.example.net/tab/";
      manifest.configurableTabs![0]!.configurationUrl = `http://${DOMAIN}/tab/config`;
      const errors = (await validateManifest(manifest)).join("\n");
      expect(errors).to.match(/\/staticTabs\/1\/contentUrl: elsewhere\.example\.net is not in validDomains/);
      expect(errors).to.match(/\/configurableTabs\/0\/configurationUrl must be an https:\/\/ URL/);
    });

    it("rejects a $schema URL that does not match the manifest version", async () => {
      const manifest = clone(renderManifest(cloudConfig()));
      manifest.$schema = "https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.schema.json";
      expect((await validateManifest(manifest)).join("\n")).to.match(/\$schema must be/);
    });
  });

  describe("content", () => {
    const manifest = () => renderManifest(cloudConfig());

    it("uses a released manifest schema version >= 1.17 that is bundled offline", () => {
      const m = manifest();
      const [major, minor] = m.manifestVersion.split(".").map(Number);
      expect(major).to.equal(1);
      expect(minor).to.be.at.least(17);
      expect(m.$schema).to.equal(
        `https://developer.microsoft.com/json-schemas/teams/v${m.manifestVersion}/MicrosoftTeams.schema.json`,
      );
      expect(existsSync(bundledSchemaPath(m.manifestVersion))).to.equal(true);
    });

    it("has one conversational bot in personal, team and groupChat scopes with a command list per scope", () => {
      const m = manifest();
      expect(m.bots).to.have.length(1);
      const bot = m.bots![0]!;
      expect(bot.botId).to.equal(APP_ID);
      expect(m.id).to.equal(APP_ID);
      expect([...bot.scopes].sort()).to.deep.equal(["groupChat", "personal", "team"]);
      expect(bot.supportsFiles).to.equal(false);
      expect(bot.isNotificationOnly).to.equal(false);
      const lists = bot.commandLists ?? [];
      for (const scope of ["personal", "team", "groupChat"] as const) {
        const forScope = lists.filter((l) => l.scopes.includes(scope));
        expect(forScope, `command list for ${scope}`).to.have.length(1);
        // export sends signed links, so it is offered only in the 1:1 chat.
        const expected = scope === "personal" ? ["help", "status", "launch", "summary", "export"] : ["help", "status", "launch", "summary"];
        expect(forScope[0]!.commands.map((c) => c.title)).to.deep.equal(expected);
        for (const c of forScope[0]!.commands) {
          expect(c.title.length).to.be.at.most(32);
          expect((c.description ?? "").length).to.be.within(1, 128);
        }
      }
      expect(m.permissions).to.deep.equal(["identity", "messageTeamMembers"]);
      expect(m.name.short).to.equal("Sounding Board");
    });

    it("puts the bot domain (without port) into validDomains, and keeps the port in the tab URLs", async () => {
      const m = renderManifest(
        loadManifestConfig({ MicrosoftAppId: APP_ID, BOT_DOMAIN: "bot.example.org:8443" }),
      );
      expect(m.validDomains).to.deep.equal(["bot.example.org"]);
      expect(m.staticTabs?.[1]?.contentUrl).to.equal("https://bot.example.org:8443/tab/");
      expect(m.configurableTabs?.[0]?.configurationUrl).to.equal("https://bot.example.org:8443/tab/config");
      expect(await validateManifest(m)).to.deep.equal([]);
    });

    it("has the dashboard as a personal tab (after the bot's chat) and as a channel / group chat tab, served by the bot under /tab", () => {
      const m = manifest();
      expect(m.staticTabs).to.deep.equal([
        { entityId: "conversations", scopes: ["personal"] },
        { entityId: "dashboard", name: "Dashboard", contentUrl: `https://${DOMAIN}/tab/`, websiteUrl: `https://${DOMAIN}/tab/`, scopes: ["personal"] },
      ]);
      expect(m.configurableTabs).to.have.length(1);
      const tab = m.configurableTabs![0]!;
      expect(tab.configurationUrl).to.equal(`https://${DOMAIN}/tab/config`);
      expect([...tab.scopes].sort()).to.deep.equal(["groupChat", "team"]);
      expect(tab.context).to.deep.equal(["channelTab", "privateChatTab", "meetingChatTab", "meetingDetailsTab", "meetingSidePanel", "meetingStage"]);
    });

    it("is a meeting app: the side panel, the stage and the meeting chat tab, with the permission to share to the stage", () => {
      const m = manifest() as unknown as { configurableTabs: Array<{ context: string[] }>; authorization?: { permissions?: { resourceSpecific?: Array<{ name: string; type: string }> } } };
      expect(m.configurableTabs[0]!.context).to.include.members(["meetingSidePanel", "meetingStage", "meetingChatTab"]);
      // meeting.shareAppContentToStage needs this resource-specific consent in the manifest.
      expect(m.authorization?.permissions?.resourceSpecific).to.deep.include({ name: "MeetingStage.Write.Chat", type: "Delegated" });
    });

    it("declares the app for Teams SSO (webApplicationInfo): the app ID and the tab's Application ID URI", () => {
      expect(manifest().webApplicationInfo).to.deep.equal({ id: APP_ID, resource: `api://${DOMAIN}/${APP_ID}` });
      const custom = renderManifest(
        loadManifestConfig({ MicrosoftAppId: APP_ID, BOT_DOMAIN: DOMAIN, TAB_SSO_AUDIENCE: `api://${DOMAIN}/botid-${APP_ID}` }),
      );
      expect(custom.webApplicationInfo?.resource).to.equal(`api://${DOMAIN}/botid-${APP_ID}`);
    });
  });

  describe("icons", () => {
    it("color.png is 192x192 and opaque in the middle", () => {
      const png = readPng("color.png");
      expect([png.width, png.height]).to.deep.equal([192, 192]);
      const mid = (96 * 192 + 96) * 4;
      expect(png.data[mid + 3]).to.equal(255);
    });

    it("outline.png is 32x32, has transparent pixels, and every visible pixel is white", () => {
      const png = readPng("outline.png");
      expect([png.width, png.height]).to.deep.equal([32, 32]);
      let transparent = 0;
      let visible = 0;
      const offenders: string[] = [];
      for (let i = 0; i < png.data.length; i += 4) {
        if (png.data[i + 3] === 0) {
          transparent++;
          continue;
        }
        visible++;
        if (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255) {
          offenders.push(`pixel ${i / 4}: rgb(${png.data[i]},${png.data[i + 1]},${png.data[i + 2]})`);
        }
      }
      expect(transparent, "transparent pixels").to.be.greaterThan(0);
      expect(visible, "visible pixels").to.be.greaterThan(0);
      expect(offenders.slice(0, 5)).to.deep.equal([]);
    });
  });

  describe("buildPackage", () => {
    let outDir: string;
    beforeEach(() => {
      outDir = mkdtempSync(join(tmpdir(), "sounding-board-manifest-"));
    });
    afterEach(() => {
      rmSync(outDir, { recursive: true, force: true });
    });

    it("writes a zip with exactly manifest.json, color.png and outline.png at the root", async () => {
      const { zipPath } = await buildPackage(cloudConfig(), outDir);
      expect(zipPath).to.equal(join(outDir, PACKAGE_FILE_NAME));
      const zip = new AdmZip(zipPath);
      const names = zip.getEntries().map((e) => e.entryName).sort();
      expect(names).to.deep.equal(["color.png", "manifest.json", "outline.png"]);

      const manifest = JSON.parse(zip.readAsText("manifest.json")) as SoundingBoardManifest;
      expect(manifest.id).to.equal(APP_ID);
      expect(manifest.bots?.[0]?.botId).to.equal(APP_ID);
      expect(manifest.validDomains).to.deep.equal([DOMAIN]);
      expect(await validateManifest(manifest)).to.deep.equal([]);

      expect(zip.readFile("color.png")!.equals(readFileSync(join(MANIFEST_DIR, "color.png")))).to.equal(true);
      expect(zip.readFile("outline.png")!.equals(readFileSync(join(MANIFEST_DIR, "outline.png")))).to.equal(true);
      // The same files unzipped beside it, for tools that take a manifest folder.
      expect(readFileSync(join(outDir, "manifest.json"), "utf8")).to.equal(zip.readAsText("manifest.json"));
      expect(readFileSync(join(outDir, "color.png")).equals(zip.readFile("color.png")!)).to.equal(true);
    });
  });

  describe("npm run package with only what the manifest needs", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "sounding-board-package-"));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    const quiet = () => {
      const lines: string[] = [];
      const say = (...args: unknown[]) => { lines.push(args.map(String).join(" ")); };
      return { out: { log: say, warn: say, error: say }, lines };
    };

    it("writes a package valid against the official schema with MicrosoftAppId alone (no password, no storage)", async () => {
      const { out, lines } = quiet();
      const code = await runPackageCli({ envFile: join(dir, "no.env"), env: { MicrosoftAppId: APP_ID }, outDir: dir, out });
      expect(code, lines.join("\n")).to.equal(0);
      const manifest = JSON.parse(new AdmZip(join(dir, PACKAGE_FILE_NAME)).readAsText("manifest.json")) as SoundingBoardManifest;
      expect(manifest.id).to.equal(APP_ID);
      expect(manifest.bots?.[0]?.botId).to.equal(APP_ID);
      expect(await validateManifest(manifest)).to.deep.equal([]);
      expect(lines.join("\n")).not.to.match(/MicrosoftAppPassword/);
    });

    it("ignores the bot's own settings, even bad ones: they are not the package's business", async () => {
      const { out } = quiet();
      const env = { MicrosoftAppId: APP_ID, BOT_DOMAIN: DOMAIN, PORT: "eighty", TABLES_ACCOUNT_URL: "not a url", NODE_ENV: "production" };
      expect(await runPackageCli({ envFile: join(dir, "no.env"), env, outDir: dir, out })).to.equal(0);
      const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as SoundingBoardManifest;
      expect(manifest.validDomains).to.deep.equal([DOMAIN]);
    });

    it("still refuses a bad value of its own settings, naming the key", async () => {
      const { out, lines } = quiet();
      expect(await runPackageCli({ envFile: join(dir, "no.env"), env: { MicrosoftAppId: "not-a-guid" }, outDir: dir, out })).to.equal(1);
      expect(lines.join("\n")).to.match(/MicrosoftAppId: must be/);
      expect(existsSync(join(dir, PACKAGE_FILE_NAME))).to.equal(false);
    });
  });
});

describe("npm run package as a process", function () {
  this.timeout(60_000);

  it("with only MicrosoftAppId in the environment (and no .env) writes manifest/build/sounding-board.zip, schema-valid", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sounding-board-package-cli-"));
    const zipPath = join(MANIFEST_DIR, "build", PACKAGE_FILE_NAME);
    const before = existsSync(zipPath) ? readFileSync(zipPath) : undefined;
    try {
      // The tool reads the repository's .env if there is one; in a checkout without one, the environment is all it has.
      const { code, stdout, stderr } = await runTool(dir, "manifest/build-package.ts", [], { MicrosoftAppId: APP_ID });
      expect(code, stderr).to.equal(0);
      expect(stderr).not.to.match(/MicrosoftAppPassword/);
      expect(stdout).to.contain(zipPath);
      const manifest = JSON.parse(new AdmZip(zipPath).readAsText("manifest.json")) as SoundingBoardManifest;
      expect(manifest.bots?.[0]?.botId).to.equal(APP_ID);
      expect(await validateManifest(manifest)).to.deep.equal([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      if (before) writeFileSync(zipPath, before);
    }
  });
});
