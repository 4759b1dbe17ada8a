/**
 * Renders the PDF board report of the dev-set round (cards/preview/dev-round.ts) with a sample
 * action tracker, and a picture of its first pages for the README. For docs only: tests and CI
 * never run it (the pictures need Debian's poppler-utils: `apt-get install -y poppler-utils`).
 *
 *   npx tsx services/reports/preview-pdf.ts [out.pdf]     # default /tmp/board-report.pdf
 *     → writes out.pdf, and docs/images/board-report-pdf.png: page 1 and the page where the vote
 *       and commitment tables start, side by side
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DateTime } from "luxon";
import { PNG } from "pngjs";
import { devRoundSummary } from "../../cards/preview/dev-round.ts";
import type { BoardAction } from "../domain/action.ts";
import { renderBoardReportPdf } from "./board-report.pdf.ts";

const NOW = DateTime.fromISO("2026-12-01T17:00:00Z", { zone: "utc" });
const PICTURE = resolve("docs/images/board-report-pdf.png");

/** A board's tracker a few months in: something late, something done, something nobody has reported on. */
export function sampleActions(boardId = "19:board@thread.tacv2"): BoardAction[] {
  const base = { boardId, createdBy: "officer", createdAt: "2026-09-01T09:00:00Z", updatedAt: "2026-11-20T09:00:00Z" };
  const source = { roundId: "rnd-2026-11-year-one", roundTitle: "Year 1 programme review: 1:1 feedback", kind: "recommendation" as const, ref: "t1r1" };
  return [
    { ...base, id: "a1", title: "Agree a shared outcomes framework for the Board", ownerOrganisation: "Lancashire County Council", leadName: "Habib Patel", dueDate: "2026-11-13", state: "open", status: "at_risk", statusAt: "2026-11-02T10:00:00Z", source },
    { ...base, id: "a2", title: "Publish one dashboard of the Board’s measures", ownerOrganisation: "NHS Lancashire and South Cumbria ICB", dueDate: "2027-03-31", state: "open", status: "on_track", statusAt: "2026-11-24T15:30:00Z", intervention: "Population health data hub" },
    { ...base, id: "a3", title: "Run a joint induction for new Board members", ownerOrganisation: "Healthwatch Lancashire", leadName: "Sarah O’Neill", dueDate: "2026-10-30", state: "closed", status: "done", statusAt: "2026-10-28T12:00:00Z", closedAt: "2026-10-29T09:00:00Z" },
    { ...base, id: "a4", title: "Map the funding each partner puts into prevention – £ and staff time", ownerOrganisation: "Blackpool Council", dueDate: "2027-01-29", state: "open" },
  ];
}

/** Pages side by side on a grey ground, as a reader sees a spread. */
function sideBySide(pages: PNG[]): PNG {
  const gap = 16;
  const width = pages.reduce((n, p) => n + p.width, 0) + gap * (pages.length + 1);
  const height = Math.max(...pages.map((p) => p.height)) + 2 * gap;
  const out = new PNG({ width, height });
  out.data.fill(0xd0);
  for (let i = 3; i < out.data.length; i += 4) out.data[i] = 0xff;
  let x = gap;
  for (const page of pages) {
    PNG.bitblt(page, out, 0, 0, page.width, page.height, x, gap);
    x += page.width + gap;
  }
  return out;
}

/** The first page after page 1 whose text has `heading` (poppler's pdftotext), or page 2. */
function pageWith(pdf: string, heading: string): number {
  const pages = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).split("\f");
  const found = pages.findIndex((text, i) => i > 0 && text.split("\n").some((line) => line.trim() === heading));
  return found > 0 ? found + 1 : 2;
}

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? join(tmpdir(), "board-report.pdf"));
  const pdf = await renderBoardReportPdf({ summary: await devRoundSummary(), actions: sampleActions(), timeZone: "Europe/London", now: NOW });
  writeFileSync(out, pdf);
  console.log(`wrote ${out} (${pdf.length} bytes)`);
  const dir = mkdtempSync(join(tmpdir(), "board-report-"));
  try {
    // Page 1 (the title block and the first theme) and the page where the tables start (the vote and the commitment matrix).
    const tables = pageWith(out, "Priority vote");
    for (const page of [1, tables]) execFileSync("pdftoppm", ["-png", "-r", "80", "-f", String(page), "-l", String(page), out, join(dir, "page")]);
    // pdftoppm pads the page number to the width of the page count (page-01.png for a 12-page file), which still sorts.
    const pages = readdirSync(dir).sort().map((f) => PNG.sync.read(readFileSync(join(dir, f))));
    writeFileSync(PICTURE, PNG.sync.write(sideBySide(pages)));
    console.log(`wrote ${PICTURE}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
