import type { DateTime } from "luxon";
import type { BoardAction } from "../domain/action.ts";
import { COMMITMENT_LEVELS, COMMITMENT_LEVEL_MEANINGS, COMMITMENT_LEVEL_TITLES, type CommitmentLevel } from "../domain/response.ts";
import { ZONE_LABEL } from "../rounds/time.ts";
import {
  countNote,
  pointLead,
  pointStatement,
  quantifierPhrase,
  rankText,
  recommendationStatement,
  groupingText,
  responseLine,
  supportersText,
  withheldCommitmentText,
  withheldThemeText,
  withheldVoteText,
} from "../summary/phrasing.ts";
import type { Point, Summary, ThemeSummary } from "../summary/summary.types.ts";
import { trackerRows, trackerSummaryText } from "./action-tracker.ts";
import { COLOURS, PdfWriter, type Cell } from "./pdf-layout.ts";

/**
 * The board report as a real PDF, for attaching to board papers: the round's themed summary (the
 * same words as the printable HTML report — leads and statements come from phrasing.ts), the
 * priority vote, the commitment matrix, collaboration opportunities, interventions nobody leads,
 * and the board's action tracker. A4 portrait, "Page N of M" on every page, built on the server
 * with PDFKit so nobody has to print from a browser. Names never appear except the leads the board
 * itself named on its actions (the summary holds none).
 */

export interface BoardReportInput {
  summary: Summary;
  actions: BoardAction[];
  /** The zone people read times in (Europe/London). */
  timeZone: string;
  now: DateTime;
}

/** Matrix cells in the same colours as the HTML report, always with the level's words in them. */
const LEVEL_STYLE: Record<CommitmentLevel, { fill: string; color: string }> = {
  lead: { fill: "#1d6b3a", color: "#ffffff" },
  contribute: { fill: "#7cc08f", color: "#0d2c17" },
  support: { fill: "#d5efdc", color: "#163b21" },
  consult: { fill: "#fff0c2", color: "#5c4300" },
  unable: { fill: "#eceff2", color: "#52606d" },
};
const KNOWN_LEVELS: ReadonlySet<string> = new Set(COMMITMENT_LEVELS);
/** More organisations than this and the matrix is split into several tables, so cells stay readable in portrait. */
const MATRIX_ORGS_PER_TABLE = 6;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "Generated 1 December 2026, 17:00 (UK time)". */
export function generatedText(now: DateTime, timeZone: string): string {
  const label = timeZone === "Europe/London" ? ZONE_LABEL : timeZone;
  return `Generated ${now.setZone(timeZone).setLocale("en-GB").toFormat("d MMMM yyyy, HH:mm")} (${label})`;
}

const QUOTE = { font: "italic", color: COLOURS.muted, size: 9, gap: 2 } as const;

/** Members' own words, verbatim, in curly quotes under the point they support. */
function evidence(w: PdfWriter, quotes: string[], indent: number): void {
  for (const quote of quotes.map((q) => q.trim()).filter(Boolean)) w.paragraph(`“${quote}”`, { ...QUOTE, indent: indent + 10 });
  w.space(3);
}

/** How much room a point's first quote needs, so the point never ends a page without it. */
function firstQuoteHeight(w: PdfWriter, quotes: string[], indent: number): number {
  const first = quotes.map((q) => q.trim()).find(Boolean);
  return first ? w.measure(`“${first}”`, QUOTE.font, QUOTE.size, w.width - indent - 10) + QUOTE.gap : 0;
}

function pointItem(w: PdfWriter, point: Point, respondents: number): void {
  const note = countNote(point, respondents);
  w.rich(
    [
      { text: `${pointLead(point, respondents)} `, font: "bold" },
      { text: pointStatement(point) },
      ...(note ? [{ text: ` (${note})`, color: COLOURS.muted }] : []),
    ],
    { indent: 14, marker: "•", gap: 2, keepWith: firstQuoteHeight(w, point.evidence, 14) },
  );
  evidence(w, point.evidence, 14);
}

/** Who made a recommendation, worded as the HTML report words it. */
function recommendationWho(point: Point, respondents: number): string {
  if (point.source === "officer") return "Added by officers";
  if (point.quantifier === "all") return `All members (${supportersText(point.supporters, respondents)})`;
  if (point.quantifier === "mixed") return `Members had mixed views (${supportersText(point.supporters, respondents)})`;
  return quantifierPhrase(point.quantifier, point.supporters, respondents);
}

function themeSection(w: PdfWriter, theme: ThemeSummary, summary: Summary, outline: PDFKit.PDFOutline | undefined): void {
  w.heading(theme.theme, 2, outline);
  // A withheld theme shows none of its members' words; officers' own recommendations are the board's.
  const recommendations = theme.withheld ? theme.recommendations.filter((r) => r.source === "officer") : theme.recommendations;
  if (theme.withheld) {
    w.note(withheldThemeText(summary.minRespondents), { fill: COLOURS.warnSoft, ink: COLOURS.warn });
  } else {
    w.paragraph(`${plural(theme.respondents, "member", "members")} answered this theme.`, { color: COLOURS.muted, size: 9 });
    if (theme.points.length === 0) w.paragraph("No points were made on this theme.", { font: "italic", color: COLOURS.muted });
    for (const point of theme.points) pointItem(w, point, theme.respondents);
  }
  if (recommendations.length === 0) return;
  w.heading("Recommendations", 3);
  recommendations.forEach((r, i) => {
    w.rich([{ text: recommendationStatement(r) }], { indent: 14, marker: `${i + 1}.`, gap: 1, keepWith: 12 + firstQuoteHeight(w, r.evidence, 14) });
    w.paragraph(recommendationWho(r, theme.respondents), { color: COLOURS.muted, size: 8.5, indent: 14, gap: 2 });
    evidence(w, r.evidence, 14);
  });
}

function votesSection(w: PdfWriter, summary: Summary, outline: PDFKit.PDFOutline | undefined): void {
  w.heading("Priority vote", 1, outline);
  if (summary.votesWithheld) return w.note(withheldVoteText(summary.minRespondents), { fill: COLOURS.warnSoft, ink: COLOURS.warn });
  if (summary.votes.length === 0) return w.paragraph("This round had no priority vote.", { font: "italic", color: COLOURS.muted });
  w.paragraph("How members placed their votes on the priority outcomes.", { color: COLOURS.muted, size: 9 });
  w.table({
    columns: [
      { header: "Rank", width: 8, align: "right" },
      { header: "Priority", width: 62 },
      { header: "Votes", width: 12, align: "right" },
      { header: "Members voting", width: 18, align: "right" },
    ],
    rows: summary.votes.map((v) => ({
      ...(v.rank === 1 ? { fill: COLOURS.accentSoft } : {}),
      cells: [
        { text: rankText(v.rank, v.tied), font: "bold", color: COLOURS.accent, align: "right" },
        { text: v.label, ...(v.rank === 1 ? { font: "bold" as const } : {}) },
        { text: String(v.votes), align: "right" },
        { text: String(v.voters), align: "right" },
      ],
    })),
    continued: "Priority vote (continued)",
  });
  if (summary.votes.some((v) => v.tied)) w.paragraph("“=” marks a tie: the same number of votes from the same number of members.", { color: COLOURS.muted, size: 8.5 });
}

/** Splits n organisations into tables of at most MATRIX_ORGS_PER_TABLE, as evenly as possible (9 → 5 + 4, not 6 + 3). */
function orgGroups(orgs: string[]): string[][] {
  const tables = Math.max(1, Math.ceil(orgs.length / MATRIX_ORGS_PER_TABLE));
  const size = Math.ceil(orgs.length / tables);
  return Array.from({ length: tables }, (_, i) => orgs.slice(i * size, (i + 1) * size));
}

function commitmentsSection(w: PdfWriter, summary: Summary, outline: PDFKit.PDFOutline | undefined): void {
  w.heading("Commitments", 1, outline);
  if (summary.commitments.length === 0) return w.paragraph("This round asked for no commitments.", { font: "italic", color: COLOURS.muted });
  const orgs = summary.commitmentOrganisations;
  w.paragraph("What each organisation said it would commit to each intervention. Where two members of one organisation differed, the stronger commitment is shown.", { color: COLOURS.muted, size: 9 });
  if (orgs.length === 0) w.paragraph("No organisation has answered yet.", { font: "italic", color: COLOURS.muted });
  const groups = orgs.length === 0 ? [] : orgGroups(orgs);
  for (const group of groups) {
    const first = orgs.indexOf(group[0]!) + 1;
    const part = groups.length > 1 ? ` (organisations ${first}–${first + group.length - 1} of ${orgs.length})` : "";
    if (part) w.paragraph(`Commitments${part}`, { font: "bold", size: 9.5, gap: 3 });
    w.table({
      columns: [{ header: "Intervention", width: 30 }, ...group.map((o) => ({ header: o, width: 70 / Math.max(group.length, 3), align: "center" as const }))],
      rows: summary.commitments.map((row) => {
        const label: Cell = { text: row.label, ...(!row.withheld && !row.hasLead ? { sub: "No lead", subColor: COLOURS.warn } : {}) };
        if (row.withheld) return { cells: [label, { text: withheldCommitmentText(summary.minRespondents), font: "italic", color: COLOURS.warn, fill: COLOURS.warnSoft, span: group.length }] };
        const cells = group.map((org): Cell => {
          const level = row.cells[org];
          // Only the five known levels get a colour and a title; anything else reads as no answer.
          if (level === undefined || !KNOWN_LEVELS.has(level)) return { text: "—", color: "#9aa5b1", align: "center" };
          return { text: COMMITMENT_LEVEL_TITLES[level], ...LEVEL_STYLE[level], ...(level === "lead" ? { font: "bold" as const } : {}), align: "center" };
        });
        return { cells: [label, ...cells] };
      }),
      continued: `Commitments${part} (continued)`,
      fontSize: group.length > 4 ? 7.5 : 8.5,
    });
  }
  for (const level of COMMITMENT_LEVELS) {
    w.rich([{ text: COMMITMENT_LEVEL_TITLES[level], font: "bold" }, { text: ` — ${COMMITMENT_LEVEL_MEANINGS[level]}`, color: COLOURS.muted }], { size: 8.5, gap: 1 });
  }
  w.rich([{ text: "—", font: "bold" }, { text: " no answer", color: COLOURS.muted }], { size: 8.5, gap: 6 });
  if (summary.unled.length === 0) return;
  w.heading("Interventions nobody leads", 3);
  w.paragraph("No organisation offered to lead these yet.", { color: COLOURS.muted, size: 9 });
  for (const u of summary.unled) {
    const committed = u.committed.length > 0 ? `Committed: ${u.committed.join(", ")}` : "Nobody has committed to it yet";
    w.rich([{ text: u.label, font: "bold" }], { indent: 14, marker: "•", gap: 1, keepWith: w.measure(committed, "regular", 9, w.width - 14) });
    w.paragraph(committed, { color: COLOURS.muted, size: 9, indent: 14 });
  }
}

function opportunitiesSection(w: PdfWriter, summary: Summary, outline: PDFKit.PDFOutline | undefined): void {
  w.heading("Collaboration opportunities", 1, outline);
  if (summary.opportunities.length === 0) {
    return w.paragraph("None yet: no intervention or priority has two or more organisations behind it.", { font: "italic", color: COLOURS.muted });
  }
  w.paragraph("Interventions two or more organisations committed to, and priorities two or more organisations voted for.", { color: COLOURS.muted, size: 9 });
  for (const o of summary.opportunities) {
    const detail = o.detail.trim() || o.organisations.join(", ");
    const tag = { text: `  ${o.kind === "priority" ? "Priority" : "Intervention"}`, color: COLOURS.accent };
    w.rich([{ text: o.label, font: "bold" }, tag], { indent: 14, marker: "•", gap: 1, keepWith: w.measure(detail, "regular", 9, w.width - 14) });
    w.paragraph(detail, { color: COLOURS.muted, size: 9, indent: 14 });
  }
}

function trackerSection(w: PdfWriter, input: BoardReportInput, outline: PDFKit.PDFOutline | undefined): void {
  w.heading("Action tracker", 1, outline);
  const rows = trackerRows(input.actions, input.now, input.timeZone);
  if (rows.length === 0) return w.paragraph("No actions yet.", { font: "italic", color: COLOURS.muted });
  w.paragraph(`What the board agreed to do, who answers for it and how it is going. ${trackerSummaryText(rows)}`, { color: COLOURS.muted, size: 9 });
  w.table({
    columns: [
      { header: "Action", width: 42 },
      { header: "Owner", width: 24 },
      { header: "Due", width: 13 },
      { header: "Status", width: 21 },
    ],
    rows: rows.map((r) => ({
      ...(r.overdue ? { fill: COLOURS.warnSoft } : {}),
      cells: [
        { text: r.title, font: "bold", ...(r.about ? { sub: r.about } : {}) },
        { text: r.organisation, ...(r.leadName ? { sub: `Lead: ${r.leadName}` } : {}) },
        { text: r.due },
        { text: r.state, font: r.overdue || r.closed ? "bold" : "regular", ...(r.overdue ? { color: COLOURS.warn } : {}), ...(r.detail ? { sub: r.detail } : {}) },
      ],
    })),
    continued: "Action tracker (continued)",
  });
}

function titleBlock(w: PdfWriter, input: BoardReportInput): void {
  const { summary } = input;
  w.paragraph(summary.boardName, { font: "bold", color: COLOURS.accent, size: 10.5, gap: 2 });
  w.paragraph(summary.title, { font: "bold", size: 22, gap: 2 });
  w.paragraph("Board report: feedback, priorities, commitments and actions", { color: COLOURS.muted, size: 13, gap: 10 });
  const anonymity = summary.anonymous
    ? `Anonymous round: no names were kept. Anything fewer than ${summary.minRespondents} members answered is withheld.`
    : "Named round: officers could see who said what, but no names appear in this report.";
  w.rich([{ text: "Responses  ", font: "bold" }, { text: responseLine(summary) }], { gap: 2 });
  w.rich([{ text: "Answers  ", font: "bold" }, { text: anonymity }], { gap: 2 });
  if (groupingText(summary)) w.rich([{ text: "Points  ", font: "bold" }, { text: groupingText(summary) }], { gap: 2 });
  w.paragraph(generatedText(input.now, input.timeZone), { color: COLOURS.muted, gap: 8 });
  w.note(
    "How to read this report: “Board members agreed” means every member who answered a theme made the point; “most” means more than half of them; the figures are members who made the point out of members who answered the theme. Quotes are members’ own words.",
    { fill: "#f7f9fb", ink: COLOURS.muted },
    9,
  );
}

/** The board report of a published summary and the board's actions, as the bytes of an A4 PDF. */
export async function renderBoardReportPdf(input: BoardReportInput): Promise<Buffer> {
  const { summary } = input;
  const w = new PdfWriter({
    title: summary.title,
    subject: `Board report for ${summary.boardName}`,
    creationDate: input.now.toJSDate(),
  });
  const outline = w.doc.outline;
  titleBlock(w, input);
  const themes = w.heading("Themes", 1, outline);
  if (summary.themes.length === 0) w.paragraph("This round asked no questions for feedback.", { font: "italic", color: COLOURS.muted });
  for (const theme of summary.themes) themeSection(w, theme, summary, themes);
  votesSection(w, summary, outline);
  commitmentsSection(w, summary, outline);
  opportunitiesSection(w, summary, outline);
  trackerSection(w, input, outline);
  return w.finish(`${summary.boardName} · ${summary.title}`);
}
