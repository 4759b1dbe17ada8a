import { expect } from "chai";
import { build } from "esbuild";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIG_KEYS, productionRequirements } from "../../services/config/config.ts";
import { MANIFEST_CONFIG_KEYS } from "../../services/config/manifest-config.ts";

/**
 * The deployment as code (infra/*.bicep, the Dockerfile, m365agents.yml) against the config parser:
 * every setting they hand the app is a key services/config/config.ts reads, and every key it requires
 * in production is handed over. Both lists come from the config module, never from this file.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

interface PassedSetting {
  file: string;
  name: string;
  /** The value when it is a plain string literal in the template. */
  literal?: string;
  /** Passed by reference to a secret (secretRef), not as a value. */
  secret: boolean;
}

/** The text between `open` at `start` and its matching close, skipping '…' strings (Bicep's only quotes) and // comments. */
function balanced(text: string, start: number, open: string, close: string): string {
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === "'") {
      i += 1;
      while (i < text.length && text[i] !== "'") i += text[i] === "\\" ? 2 : 1;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i += 1;
    } else if (c === open) {
      depth += 1;
    } else if (c === close) {
      depth -= 1;
      if (depth === 0) return text.slice(start + 1, i);
    }
  }
  throw new Error(`unbalanced ${open}${close} from offset ${start}`);
}

/** Every `env: [ { name: '…', value: … | secretRef: '…' } … ]` in a Bicep file: the environment of a container. */
function bicepEnvSettings(file: string): PassedSetting[] {
  const text = read(file);
  const settings: PassedSetting[] = [];
  for (const match of text.matchAll(/\benv:\s*\[/g)) {
    const body = balanced(text, match.index + match[0].length - 1, "[", "]");
    let at = 0;
    while ((at = body.indexOf("{", at)) !== -1) {
      const entry = balanced(body, at, "{", "}");
      at += entry.length + 2;
      const name = /\bname:\s*'([^']+)'/.exec(entry)?.[1];
      if (!name) throw new Error(`${file}: an env entry without a literal name: {${entry}}`);
      const literal = /\bvalue:\s*'([^'$]*)'\s*(?:$|\n|})/.exec(entry)?.[1];
      settings.push({ file, name, secret: /\bsecretRef:/.test(entry), ...(literal !== undefined ? { literal } : {}) });
    }
  }
  return settings;
}

/** `ENV KEY=value …` instructions (continuation lines joined). */
function dockerfileEnv(file: string): PassedSetting[] {
  const lines = read(file).replace(/\\\r?\n/g, " ").split(/\r?\n/);
  return lines
    .filter((line) => /^ENV\s/i.test(line))
    .flatMap((line) => [...line.slice(3).matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)])
    .map((m) => ({ file, name: m[1]!, literal: m[2]!.replace(/^"|"$/g, ""), secret: false }));
}

/** The keys under each action's `env:` in m365agents.yml (what the toolkit puts in a command's environment). */
function toolkitActionEnv(file: string): PassedSetting[] {
  const lines = read(file).split(/\r?\n/);
  const settings: PassedSetting[] = [];
  lines.forEach((line, i) => {
    const env = /^(\s*)env:\s*$/.exec(line);
    if (!env) return;
    const indent = env[1]!.length;
    for (let j = i + 1; j < lines.length; j += 1) {
      const entry = /^(\s*)([A-Za-z_][A-Za-z0-9_]*):\s*(.*)$/.exec(lines[j]!);
      if (!entry || entry[1]!.length <= indent) break;
      settings.push({ file, name: entry[2]!, literal: entry[3]!, secret: false });
    }
  });
  return settings;
}

const bicepFiles = readdirSync(path.join(ROOT, "infra")).filter((f) => f.endsWith(".bicep")).map((f) => path.join("infra", f));
const bicep = bicepFiles.flatMap(bicepEnvSettings);
const docker = dockerfileEnv("Dockerfile");
const toolkit = toolkitActionEnv("m365agents.yml");

describe("deployment as code passes the app exactly the settings it reads (infra/, Dockerfile, m365agents.yml)", () => {
  it("finds the container's settings in the Bicep, the Dockerfile's ENV and the toolkit's command env", () => {
    expect(bicepFiles).to.include(path.join("infra", "main.bicep"));
    expect(bicep.map((s) => s.name)).to.include.members(["NODE_ENV", "MicrosoftAppId", "TABLES_ACCOUNT_URL"]);
    expect(docker.map((s) => s.name)).to.include("NODE_ENV");
    expect(toolkit.map((s) => s.name)).to.include("MicrosoftAppId");
  });

  it("every setting the Bicep and the Dockerfile pass to the app is a key the config parser reads, each passed once", () => {
    for (const setting of [...bicep, ...docker]) expect(CONFIG_KEYS, `${setting.file}: ${setting.name}`).to.include(setting.name);
    for (const list of [bicep, docker]) {
      const names = list.map((s) => s.name);
      expect(names.filter((n, i) => names.indexOf(n) !== i), "passed twice").to.deep.equal([]);
    }
  });

  it("every key the bot requires in production is passed by the Bicep (exactly one of each set of alternatives)", () => {
    const passed = new Map(bicep.map((s) => [s.name, s]));
    expect(passed.get("NODE_ENV")?.literal).to.equal("production");
    const appType = passed.get("MicrosoftAppType")?.literal;
    expect(appType, "the bot's identity is the user-assigned managed identity").to.equal("UserAssignedMSI");
    for (const requirement of productionRequirements({ MicrosoftAppType: appType })) {
      const given = requirement.anyOf.filter((key) => passed.has(key));
      expect(given, `one of ${requirement.anyOf.join(", ")} (${requirement.because})`).to.have.length(1);
    }
    // The storage is reached by identity: no connection string (i.e. no account key) anywhere in the templates.
    expect(passed.has("TABLES_CONNECTION_STRING")).to.equal(false);
    expect(passed.has("MicrosoftAppPassword")).to.equal(false);
  });

  it("secrets go in as secret references from @secure() parameters, never as values in the template", () => {
    for (const setting of bicep.filter((s) => /SECRET|PASSWORD|CONNECTION_STRING/i.test(s.name))) {
      expect(setting.secret, `${setting.name} by secretRef`).to.equal(true);
    }
    expect(read("infra/main.bicep")).to.match(/@secure\(\)\s*(?:@\w+\([^)]*\)\s*)*param reportLinkSecret string/);
  });

  it("the Dockerfile runs in production mode, on all interfaces, on the port the ingress targets", () => {
    const env = new Map(docker.map((s) => [s.name, s.literal]));
    expect(env.get("NODE_ENV")).to.equal("production");
    expect(env.get("HOST")).to.equal("0.0.0.0");
    const bicepPort = /var port = (\d+)/.exec(read("infra/main.bicep"))?.[1];
    expect(env.get("PORT")).to.equal(bicepPort);
  });

  it("m365agents.yml gives `npm run package` only the manifest's own settings, and its parameters file names real parameters", () => {
    for (const setting of toolkit) expect(MANIFEST_CONFIG_KEYS, setting.name).to.include(setting.name);
    const params = Object.keys((JSON.parse(read("infra/main.parameters.json")) as { parameters: object }).parameters);
    const declared = [...read("infra/main.bicep").matchAll(/^param (\w+)/gm)].map((m) => m[1]);
    for (const param of params) expect(declared, param).to.include(param);
    expect(read("m365agents.yml")).to.contain("./infra/main.parameters.json");
  });

  it("the probes the platform is given are the server's /healthz and /readyz", () => {
    const server = read("bot/server.ts");
    const probePaths = [...read("infra/main.bicep").matchAll(/httpGet: \{ path: '([^']+)'/g)].map((m) => m[1]!);
    expect([...new Set(probePaths)].sort()).to.deep.equal(["/healthz", "/readyz"]);
    for (const probe of probePaths) expect(server).to.contain(`server.get("${probe}"`);
    expect(read("Dockerfile")).to.match(/HEALTHCHECK[\s\S]*\/healthz/);
  });
});

describe("the Dockerfile's image has what `npm start` needs", () => {
  const dockerfile = read("Dockerfile");
  const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string>; devDependencies: Record<string, string> };

  it("is multi-stage, installs production dependencies with npm ci --omit=dev, and runs as a non-root user", () => {
    expect(dockerfile.match(/^FROM /gm)?.length).to.be.at.least(2);
    expect(dockerfile).to.match(/npm ci --omit=dev/);
    const users = [...dockerfile.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).to.be.a("string").and.not.equal("root");
    expect(dockerfile).to.match(/^HEALTHCHECK /m);
  });

  it("runs what `npm start` runs (tsx bot/main.ts)", () => {
    expect(pkg.scripts.start).to.equal("tsx bot/main.ts");
    expect(dockerfile).to.match(/^CMD \["node", "--import", "tsx", "bot\/main\.ts"\]/m);
  });

  it("adds exactly the devDependencies the bot and the dashboard tab import at run time, plus tsx", async function () {
    this.timeout(60_000);
    const listed = /^ARG RUNTIME_DEV_PACKAGES="([^"]*)"/m.exec(dockerfile)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
    const external = new Set<string>();
    const graphs = [
      { entryPoints: [path.join(ROOT, "bot/main.ts")], platform: "node" as const },
      { entryPoints: [path.join(ROOT, "services/storage/azurite-worker.cjs")], platform: "node" as const },
      // The tab's scripts are bundled by the running bot (tab/build.ts), from these entry points.
      { entryPoints: [path.join(ROOT, "tab/src/main.ts"), path.join(ROOT, "tab/src/config.ts")], platform: "browser" as const },
    ];
    for (const graph of graphs) {
      const result = await build({ ...graph, bundle: true, write: false, format: "esm", outdir: "/nowhere", packages: "external", metafile: true, logLevel: "silent" });
      for (const input of Object.values(result.metafile.inputs)) {
        for (const imp of input.imports) {
          if (!imp.external || imp.path.startsWith("node:")) continue;
          const parts = imp.path.split("/");
          external.add(imp.path.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
        }
      }
    }
    const devAtRunTime = [...external].filter((name) => name in pkg.devDependencies);
    expect([...listed].sort()).to.deep.equal([...new Set([...devAtRunTime, "tsx"])].sort());
  });
});
