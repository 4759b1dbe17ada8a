import { expect } from "chai";
import { DateTime } from "luxon";
import { PDFParse } from "pdf-parse";
import { summaryAnonymousSample, summarySample } from "../../cards/preview/samples.ts";
import type { BoardAction } from "../../services/domain/action.ts";
import { COMMITMENT_LEVELS, COMMITMENT_LEVEL_MEANINGS, COMMITMENT_LEVEL_TITLES } from "../../services/domain/response.ts";
import { trackerRows } from "../../services/reports/action-tracker.ts";
import { generatedText, renderBoardReportPdf } from "../../services/reports/board-report.pdf.ts";
import { toWinAnsi } from "../../services/reports/pdf-text.ts";
import { pointLead, pointStatement, recommendationStatement, withheldCommitmentText, withheldThemeText, withheldVoteText } from "../../services/summary/phrasing.ts";
import type { Summary } from "../../services/summary/summary.types.ts";

/**
 * The PDF board report, read back with a PDF parser (pdf-parse, on pdf.js): what a reader of the
 * board papers would find in it, page by page — not just that it renders.
 */

const ZONE = "Europe/London";
const NOW = DateTime.fromISO("2026-12-01T17:00:00Z", { zone: "utc" });

function action(id: string, over: Partial<BoardAction>): BoardAction {
  return {
    boardId: "19:board@thread.tacv2", id, title: `Action ${id}`, ownerOrganisation: "Lancashire County Council", dueDate: "2027-03-31", state: "open",
    createdBy: "officer", createdAt: "2026-09-01T09:00:00Z", updatedAt: "2026-11-01T09:00:00Z", ...over,
  };
}

const ACTIONS: BoardAction[] = [
  action("a1", { title: "Agree a shared outcomes framework", dueDate: "2026-11-13", status: "at_risk", statusAt: "2026-11-02T10:00:00Z", leadName: "Habib Patel" }),
  action("a2", { title: "Run a joint induction for new members", ownerOrganisation: "Healthwatch Lancashire", dueDate: "2026-10-30", state: "closed", status: "done", statusAt: "2026-10-28T12:00:00Z" }),
  action("a3", { title: "Map what each partner spends on prevention", ownerOrganisation: "Blackpool Council", dueDate: "2027-01-29" }),
  action("a4", { title: "Publish one dashboard of measures", dueDate: "2027-03-31", status: "on_track", statusAt: "2026-11-24T15:30:00Z", intervention: "Population health data hub" }),
];

interface ReadBack {
  pages: string[];
  /** All the text, whitespace collapsed: a sentence that wraps over lines reads as one. */
  flat: string;
  sizes: Array<{ width: number; height: number }>;
  info: Record<string, unknown>;
  bytes: Buffer;
}

async function readBack(bytes: Buffer): Promise<ReadBack> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo({ parsePageInfo: true });
    const pages = text.pages.map((p) => p.text);
    return { pages, flat: flat(pages.join("\n")), sizes: (info.pages ?? []).map((p) => ({ width: p.width, height: p.height })), info: info.info as Record<string, unknown>, bytes };
  } finally {
    await parser.destroy();
  }
}

const flat = (text: string) => text.replace(/\s+/g, " ").trim();
const lines = (page: string) => page.split("\n").map((l) => l.trim());

async function render(summary: Summary, actions: BoardAction[] = ACTIONS, now = NOW): Promise<ReadBack> {
  return readBack(await renderBoardReportPdf({ summary, actions, timeZone: ZONE, now }));
}

describe("PDF board report", function () {
  this.timeout(60_000);
  let named: ReadBack;
  before(async () => {
    named = await render(summarySample);
  });

  it("is A4 on every page, with 'Page N of M' in each page's footer", () => {
    expect(named.pages.length).to.be.greaterThanOrEqual(2);
    expect(named.sizes).to.have.length(named.pages.length);
    for (const size of named.sizes) expect(size).to.deep.equal({ width: 595.28, height: 841.89 });
    // The page dictionaries themselves say A4 (PDFKit writes them uncompressed).
    expect(named.bytes.toString("latin1").match(/\/MediaBox \[0 0 595\.28 841\.89\]/g)).to.have.length(named.pages.length);
    named.pages.forEach((page, i) => {
      expect(lines(page).at(-1), `page ${i + 1}'s footer`).to.match(new RegExp(`Page ${i + 1} of ${named.pages.length}$`));
      expect(page.match(/Page \d+ of \d+/g), `one footer on page ${i + 1}`).to.have.length(1);
    });
  });

  it("carries the title and author in its metadata, and a title block with the board, responses and the UK time it was made", () => {
    expect(named.info.Title).to.equal(summarySample.title);
    expect(named.info.Author).to.equal("Sounding Board");
    expect(named.info.CreationDate).to.equal("D:20261201170000Z");
    const first = lines(named.pages[0]!);
    expect(first[0]).to.equal(summarySample.boardName);
    expect(flat(first.slice(1, 4).join(" "))).to.contain(summarySample.title);
    expect(named.flat).to.contain(`Responses ${summarySample.responded} of ${summarySample.invited} members responded (79%)`);
    expect(first).to.include("Generated 1 December 2026, 17:00 (UK time)");
    // In summer the UK is an hour ahead of UTC.
    expect(generatedText(DateTime.fromISO("2026-07-01T16:00:00Z", { zone: "utc" }), ZONE)).to.equal("Generated 1 July 2026, 17:00 (UK time)");
  });

  it("has a heading for each section and each theme, in order", () => {
    const all = named.pages.flatMap(lines);
    const order = ["Themes", ...summarySample.themes.map((t) => t.theme), "Priority vote", "Commitments", "Collaboration opportunities", "Action tracker"];
    let from = 0;
    for (const heading of order) {
      const at = all.indexOf(heading, from);
      expect(at, `heading "${heading}" after line ${from}`).to.be.greaterThan(-1);
      from = at + 1;
    }
    expect(all.filter((l) => l === "Recommendations")).to.have.length(summarySample.themes.filter((t) => t.recommendations.length > 0).length);
  });

  it("says every point exactly as pointLead + pointStatement do, with the members' words verbatim", () => {
    for (const theme of summarySample.themes) {
      for (const point of theme.points) {
        expect(named.flat).to.contain(flat(`${pointLead(point, theme.respondents)} ${pointStatement(point)}`));
        for (const quote of point.evidence) expect(named.flat).to.contain(flat(`“${quote.trim()}”`));
      }
      for (const r of theme.recommendations) expect(named.flat).to.contain(flat(recommendationStatement(r)));
    }
  });

  it("lists the vote with its counts, and the commitment levels by name", () => {
    const rows = named.pages.flatMap(lines);
    for (const v of summarySample.votes) expect(rows, v.label).to.include(`${v.tied ? "=" : ""}${v.rank} ${v.label} ${v.votes} ${v.voters}`);
    for (const level of COMMITMENT_LEVELS) expect(rows).to.include(`${COMMITMENT_LEVEL_TITLES[level]} — ${COMMITMENT_LEVEL_MEANINGS[level]}`);
    expect(named.flat).to.contain("Lead");
    for (const o of summarySample.opportunities) expect(named.flat).to.contain(flat(o.label));
    for (const u of summarySample.unled) expect(named.flat).to.contain(flat(u.label));
  });

  it("tracks actions in words: overdue, closed, no update yet, each row's owner and due date", () => {
    const tracker = named.flat.slice(named.flat.lastIndexOf("Action tracker"));
    expect(tracker).to.contain("4 actions: 3 open (1 overdue), 1 closed.");
    expect(tracker).to.contain("Action Owner Due Status");
    // Each row runs from its title to the next row's title (open soonest first, then closed).
    const order = ["a1", "a3", "a4", "a2"].map((id) => ACTIONS.find((a) => a.id === id)!);
    const row = (i: number) => tracker.slice(tracker.indexOf(order[i]!.title), i + 1 < order.length ? tracker.indexOf(order[i + 1]!.title) : undefined);
    order.forEach((a, i) => expect(tracker.indexOf(a.title), a.title).to.be.greaterThan(i === 0 ? 0 : tracker.indexOf(order[i - 1]!.title)));
    expect(row(0)).to.contain("Overdue").and.contain("13 Nov 2026").and.contain("At risk").and.contain("Lead: Habib Patel").and.contain("Lancashire County Council");
    expect(row(1)).to.contain("No update yet").and.contain("29 Jan 2027").and.contain("Blackpool Council").and.not.contain("Overdue");
    expect(row(2)).to.contain("On track").and.contain("31 Mar 2027").and.contain("For: Population health data hub").and.not.contain("Overdue");
    expect(row(3)).to.contain("Closed").and.contain("Done").and.contain("30 Oct 2026").and.not.contain("Overdue");
  });

  it("decides overdue by the day in London, and never for done, dropped or closed actions", () => {
    // 00:30 on 2 July in London is still 1 July in UTC: an action due on 1 July is now late.
    const now = DateTime.fromISO("2026-07-01T23:30:00Z", { zone: "utc" });
    const rows = trackerRows([
      action("late", { dueDate: "2026-07-01" }),
      action("today", { dueDate: "2026-07-02" }),
      action("done", { dueDate: "2026-06-01", status: "done" }),
      action("dropped", { dueDate: "2026-06-01", status: "dropped" }),
      action("closed", { dueDate: "2026-06-01", state: "closed" }),
    ], now, ZONE);
    expect(Object.fromEntries(rows.map((r) => [r.title, r.overdue]))).to.deep.equal({ "Action late": true, "Action today": false, "Action done": false, "Action dropped": false, "Action closed": false });
    expect(rows.find((r) => r.title === "Action late")).to.include({ state: "Overdue", detail: "No update yet", due: "1 Jul 2026" });
  });

  it("says what is withheld in an anonymous round, and names nobody", async () => {
    const anon = await render(summaryAnonymousSample, []);
    const all = anon.pages.flatMap(lines);
    const at = all.indexOf("Integration");
    expect(at).to.be.greaterThan(-1);
    expect(flat(all.slice(at + 1, at + 4).join(" "))).to.contain(withheldThemeText(summaryAnonymousSample.minRespondents));
    expect(anon.flat).to.contain(withheldVoteText(summaryAnonymousSample.minRespondents));
    expect(anon.flat).to.contain(withheldCommitmentText(summaryAnonymousSample.minRespondents));
    expect(anon.flat).to.contain("Anonymous round: no names were kept.");
    expect(anon.flat.slice(anon.flat.lastIndexOf("Action tracker"))).to.match(/^Action tracker No actions yet\./);
  });

  it("flows a long tracker over pages, repeating the header row on each, never splitting a row", async () => {
    const many = Array.from({ length: 80 }, (_, i) =>
      action(`m${String(i).padStart(2, "0")}`, { title: `Tracker item ${String(i + 1).padStart(2, "0")} for the partnership`, leadName: `Person ${i + 1}x`, dueDate: i % 4 === 0 ? "2026-10-01" : "2027-02-01", ...(i % 3 === 0 ? { status: "on_track" as const } : {}) }),
    );
    const long = await render(summarySample, many);
    expect(long.pages.length).to.be.greaterThan(named.pages.length);
    const first = long.pages.findIndex((p) => lines(p).includes("Action tracker"));
    const trackerPages = long.pages.slice(first);
    expect(trackerPages.length).to.be.greaterThanOrEqual(3);
    trackerPages.forEach((page, i) => {
      const ls = lines(page);
      expect(ls, `tracker page ${i + 1} has the header row`).to.include("Action Owner Due Status");
      if (i > 0) expect(ls[0], `tracker page ${i + 1} says it continues`).to.equal("Action tracker (continued)");
    });
    for (let i = 1; i <= 80; i++) {
      const title = `Tracker item ${String(i).padStart(2, "0")} for the partnership`;
      // Every row whole on one page: its title and the lead's name written under the owner together.
      const pages = trackerPages.filter((p) => flat(p).includes(title));
      expect(pages, title).to.have.length(1);
      expect(flat(pages[0]!), title).to.contain(`Lead: Person ${i}x`);
    }
    expect(long.flat.match(/Overdue/g)).to.have.length(20);
    expect(long.flat).to.contain("80 actions: 80 open (20 overdue), 0 closed.");
  });

  it("writes curly quotes, dashes, ellipses and £ as they are, and replaces what the built-in font can't draw", async () => {
    const statement = "they said “£250k” isn’t enough – not now — maybe later… → next year, Ārd 中 😀 done";
    const themes = [{ ...summarySample.themes[0]!, points: [{ ...summarySample.themes[0]!.points[0]!, statement, verb: "said" as const, evidence: ["It’s “£250k” – that’s all…"] }] }];
    const odd = await render({ ...summarySample, title: "Winter round – “priorities” £", themes }, []);
    expect(odd.flat).to.contain("they said “£250k” isn’t enough – not now — maybe later… -> next year, Ard ? done.");
    expect(odd.flat).to.contain("“It’s “£250k” – that’s all…”");
    expect(odd.flat).to.not.match(/[\uFFFD\u{1F600}\u4E2D]/u);
    expect(odd.info.Title).to.equal("Winter round – “priorities” £");
    expect(toWinAnsi("a\u200bb\u00adc\u2009d ﬁ Œuvre € ✓")).to.equal("abc d fi Œuvre € (yes)");
    expect(toWinAnsi("line one\r\nline two\tend")).to.equal("line one\nline two end");
  });

  it("splits a matrix of many organisations into tables that fit portrait A4, each with the intervention column", async () => {
    const orgs = Array.from({ length: 9 }, (_, i) => `Organisation ${String.fromCharCode(65 + i)}`);
    const row = summarySample.commitments[0]!;
    const commitments = [{ ...row, cells: Object.fromEntries(orgs.map((o, i) => [o, COMMITMENT_LEVELS[i % 5]!])) }];
    const wide = await render({ ...summarySample, commitmentOrganisations: orgs, commitments }, []);
    const all = wide.pages.flatMap(lines);
    expect(all).to.include("Commitments (organisations 1–5 of 9)").and.include("Commitments (organisations 6–9 of 9)");
    const part = (from: string, to: string) => flat(wide.flat.slice(wide.flat.indexOf(from), wide.flat.indexOf(to)));
    const first = part("Commitments (organisations 1–5 of 9)", "Commitments (organisations 6–9 of 9)");
    expect(first).to.contain(flat(row.label)).and.contain("Organisation A").and.contain("Organisation E").and.not.contain("Organisation F");
    const second = part("Commitments (organisations 6–9 of 9)", `${COMMITMENT_LEVEL_TITLES.lead} — `);
    expect(second).to.contain(flat(row.label)).and.contain("Organisation F").and.contain("Organisation I").and.not.contain("Organisation E");
  });

  it("gives the same bytes for the same input (a fixed creation date, no random IDs)", async () => {
    const a = await renderBoardReportPdf({ summary: summarySample, actions: ACTIONS, timeZone: ZONE, now: NOW });
    const b = await renderBoardReportPdf({ summary: summarySample, actions: ACTIONS, timeZone: ZONE, now: NOW });
    expect(a.equals(b)).to.equal(true);
    expect(a.subarray(0, 5).toString("latin1")).to.equal("%PDF-");
  });
});
