/**
 * Renders the printable report of a round built from the dev set (cards/preview/dev-round.ts) and saves a full-page screenshot, as a browser shows it.
 *
 *   npx tsx services/summary/preview-report.ts [out.png] [--html out.html] [--pdf out.pdf]
 *     # default docs/images/report.png
 *
 * Also checks the page the way a browser sees it: it must parse into the expected sections with no
 * script, no request for anything outside the page and no errors. Needs no network: every request the
 * page might make is refused (and counted as a failure).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { devRoundSummary } from "../../cards/preview/dev-round.ts";
import { launchChromium } from "../../test/helpers/browser.ts";
import { renderReportHtml } from "./report.html.ts";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !(all[i - 1] ?? "").startsWith("--"));
  const out = resolve(positional[0] ?? "docs/images/report.png");
  const summarySample = await devRoundSummary();
  const html = renderReportHtml(summarySample, {
    closedText: "Closed Friday 4 December 2026 at 5:00pm (UK time)",
    publishedByText: "Published Tuesday 8 December 2026 at 9:12am by Habib Patel",
    generatedText: "Generated Tuesday 8 December 2026 at 9:12am (UK time)",
  });
  const htmlOut = option("--html");
  if (htmlOut) writeFileSync(resolve(htmlOut), html);

  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 }, deviceScaleFactor: 1, colorScheme: "light", locale: "en-GB" });
    const requests: string[] = [];
    await page.route("**/*", (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    await page.setContent(html, { waitUntil: "load" });

    const shape = await page.evaluate(() => ({
      scripts: document.scripts.length,
      title: document.title,
      h1: [...document.querySelectorAll("h1")].map((h) => h.textContent ?? ""),
      themes: [...document.querySelectorAll("section.theme > h2")].map((h) => h.textContent ?? ""),
      sections: [...document.querySelectorAll("main > section > h2")].map((h) => h.textContent ?? ""),
      points: document.querySelectorAll("li.point").length,
      matrixRows: document.querySelectorAll("table.matrix tbody tr").length,
      printOnly: document.querySelectorAll(".print-only").length,
      details: document.querySelectorAll("details").length,
      // The parser closes unclosed elements itself: a stray </li> or a missing </ul> would leave lists
      // with non-<li> children or empty sections, so check a few structural rules.
      badLists: [...document.querySelectorAll("ul, ol")].filter((l) => [...l.children].some((c) => c.tagName !== "LI")).length,
      emptySections: [...document.querySelectorAll("section")].filter((s) => (s.textContent ?? "").trim() === "").length,
    }));
    const expectedThemes = summarySample.themes.map((t) => `${t.theme} — Feedback`);
    const failures = [
      shape.scripts !== 0 && `the page has ${shape.scripts} script elements`,
      shape.h1.length !== 1 && `expected one h1, got ${shape.h1.length}`,
      JSON.stringify(shape.themes) !== JSON.stringify(expectedThemes) && `theme headings ${JSON.stringify(shape.themes)}`,
      shape.points !== summarySample.themes.reduce((n, t) => n + t.points.length, 0) && `${shape.points} points in the page`,
      shape.matrixRows !== summarySample.commitments.length && `${shape.matrixRows} matrix rows`,
      shape.badLists > 0 && `${shape.badLists} lists with children that are not <li>`,
      shape.emptySections > 0 && `${shape.emptySections} empty sections`,
      requests.length > 0 && `the page asked for ${requests.join(", ")}`,
      problems.length > 0 && `errors in the page: ${problems.join("; ")}`,
    ].filter(Boolean);
    if (failures.length > 0) throw new Error(`report page problems:\n- ${failures.join("\n- ")}`);
    console.log(`parsed: "${shape.title}"; ${shape.themes.length} themes, ${shape.points} points, ${shape.matrixRows} matrix rows, sections: ${shape.sections.join(" | ")}`);

    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: true, animations: "disabled" });
    console.log(`wrote ${out}`);

    const pdfOut = option("--pdf");
    if (pdfOut) {
      await page.emulateMedia({ media: "print" });
      await page.pdf({ path: resolve(pdfOut), preferCSSPageSize: true, printBackground: true });
      console.log(`wrote ${resolve(pdfOut)}`);
    }
  } finally {
    await browser?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
