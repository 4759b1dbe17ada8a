import { AxeBuilder } from "@axe-core/playwright";
import { expect } from "chai";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";

/** What the browser tests check on every page they open, and how they keep the README's pictures fresh. */

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** `WRITE_SCREENSHOTS=1`: the browser tests write docs/images/*.png as they go. */
const WRITE_SCREENSHOTS = process.env.WRITE_SCREENSHOTS === "1";

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: what councils and NHS bodies must meet. */
export const WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/** axe-core's WCAG A and AA rules on the page as it is now: no violations. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).analyze();
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(violations, `axe on ${what}`).to.deep.equal([]);
  expect(results.passes.length, `axe checked ${what}`).to.be.greaterThan(0);
}

/** The page as docs/images/<name>, when WRITE_SCREENSHOTS=1. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!WRITE_SCREENSHOTS) return;
  const file = join(REPO, "docs", "images", name);
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
}

export interface IsolatedOptions {
  viewport?: { width: number; height: number };
  colorScheme?: "light" | "dark";
  /** Console errors the test provokes on purpose (e.g. a refused request it asserts on). */
  expectedConsole?: RegExp;
}

/** A fresh browser context that may only talk to `allowed` origins: anything else is aborted and recorded, as are page errors. */
export async function isolatedContext(browser: Browser, allowed: string[], options: IsolatedOptions = {}) {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1200, height: 900 }, colorScheme: options.colorScheme ?? "light" });
  const external: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (allowed.some((origin) => url.startsWith(origin))) return route.continue();
    external.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !options.expectedConsole?.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  return { context, page, external, problems };
}
