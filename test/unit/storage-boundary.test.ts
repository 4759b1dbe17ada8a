import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sources(rel);
    return /\.(ts|cjs|mjs|js)$/.test(entry.name) ? [rel] : [];
  });
}

describe("storage boundary: only services/storage/ talks to Azure Storage and Azure AD", () => {
  it("no file outside services/storage/ imports @azure/data-tables or @azure/identity", () => {
    const offenders = ["bot", "cards", "services", "tab", "manifest", "bench"]
      .flatMap(sources)
      .filter((file) => !file.startsWith(path.join("services", "storage") + path.sep))
      .filter((file) => /(?:from\s+|import\(\s*|require\(\s*)["']@azure\/(?:data-tables|identity)["']/.test(readFileSync(path.join(ROOT, file), "utf8")));
    expect(offenders).to.deep.equal([]);
  });
});
