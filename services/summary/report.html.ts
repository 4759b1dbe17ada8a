import { COMMITMENT_LEVELS, COMMITMENT_LEVEL_TITLES, type CommitmentLevel, COMMITMENT_LEVEL_MEANINGS } from "../domain/response.ts";
import {
  countNote,
  pointLead,
  pointStatement,
  recommendationStatement,
  quantifierPhrase,
  rankText,
  groupingText,
  responseLine,
  supportersText,
  withheldCommitmentText,
  withheldThemeText,
  withheldVoteText,
} from "./phrasing.ts";
import type { CommitmentRowSummary, Point, Summary, ThemeSummary } from "./summary.types.ts";

/**
 * The printable report of a published summary, in the shape of seed 002's "Feedback &
 * Recommendations from 1:1s": per theme the feedback points (with how many members made them and
 * their own words) then the recommendations; the priority vote; the commitment matrix; collaboration
 * opportunities; interventions nobody leads.
 *
 * One standalone HTML5 page: inline CSS only (no scripts, fonts, images or links to load — it is
 * served with `default-src 'none'`), readable on screen and printed on A4. Everything that came from
 * members or officers is escaped. Names never appear (the summary holds none).
 */

export interface ReportMeta {
  /** e.g. "Closed Friday 4 December 2026 at 5:00pm (UK time)". */
  closedText: string;
  /** e.g. "Published Tuesday 8 December 2026 at 9:12am by Habib Patel". */
  publishedByText?: string;
  /** e.g. "Generated Tuesday 8 December 2026 at 9:12am (UK time)". */
  generatedText: string;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and (double- or single-quoted) attribute values. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const e = escapeHtml;
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const KNOWN_LEVELS: ReadonlySet<string> = new Set(COMMITMENT_LEVELS);



function evidenceBlock(evidence: string[]): string {
  const quotes = evidence.filter((q) => q.trim() !== "");
  if (quotes.length === 0) return "";
  const list = quotes.map((q) => `<blockquote>“${e(q.trim())}”</blockquote>`).join("");
  const label = quotes.length === 1 ? "In a member’s own words" : `In members’ own words (${quotes.length})`;
  // On screen the quotes fold away; printed, a closed <details> would hide them, so they are printed from a copy.
  return `<details class="evidence screen-only"><summary>${label}</summary>${list}</details><div class="evidence print-only">${list}</div>`;
}

/** Point count badge where the lead doesn't already say it ("Board members agreed", "One member", mixed views). */
function supportBadge(point: Point, respondents: number): string {
  const note = countNote(point, respondents);
  return note ? ` <span class="count">${e(note)}</span>` : "";
}

function pointItem(point: Point, respondents: number): string {
  const lead = `<strong class="lead">${e(pointLead(point, respondents))}</strong>`;
  return `<li class="point${point.source === "officer" ? " officer" : ""}"><p>${lead} ${e(pointStatement(point))}${supportBadge(point, respondents)}</p>${evidenceBlock(point.evidence)}</li>`;
}

function recommendationItem(point: Point, respondents: number): string {
  const who =
    point.source === "officer"
      ? "Added by officers"
      : point.quantifier === "all"
        ? `All members (${supportersText(point.supporters, respondents)})`
        : point.quantifier === "mixed"
          ? `Members had mixed views (${supportersText(point.supporters, respondents)})`
          : quantifierPhrase(point.quantifier, point.supporters, respondents);
  return `<li class="recommendation${point.source === "officer" ? " officer" : ""}"><p>${e(recommendationStatement(point))}</p><p class="who">${e(who)}</p>${evidenceBlock(point.evidence)}</li>`;
}

function themeSection(theme: ThemeSummary, minRespondents: number): string {
  const name = e(theme.theme);
  const parts = [`<section class="theme">`, `<h2>${name} <span class="kind">— Feedback</span></h2>`];
  // A withheld theme shows none of its members' words; officers' own recommendations are the board's.
  const recommendations = theme.withheld ? theme.recommendations.filter((r) => r.source === "officer") : theme.recommendations;
  if (theme.withheld) {
    parts.push(`<p class="withheld">${e(withheldThemeText(minRespondents))}</p>`);
  } else {
    parts.push(`<p class="answered">${e(plural(theme.respondents, "member", "members"))} answered this theme.</p>`);
    if (theme.points.length > 0) parts.push(`<ul class="points">${theme.points.map((p) => pointItem(p, theme.respondents)).join("\n")}</ul>`);
    else parts.push(`<p class="empty">No points were made on this theme.</p>`);
  }
  if (recommendations.length > 0) {
    parts.push(`<h3>${name} <span class="kind">— Recommendations</span></h3>`);
    parts.push(`<ol class="recommendations">${recommendations.map((r) => recommendationItem(r, theme.respondents)).join("\n")}</ol>`);
  }
  parts.push(`</section>`);
  return parts.join("\n");
}

function prioritiesSection(summary: Summary): string {
  if (!summary.votesWithheld && summary.votes.length === 0) return "";
  const body = summary.votesWithheld
    ? `<p class="withheld">${e(withheldVoteText(summary.minRespondents))}</p>`
    : `<table class="priorities">
<thead><tr><th scope="col" class="num">Rank</th><th scope="col">Priority</th><th scope="col" class="num">Votes</th><th scope="col" class="num">Members voting</th></tr></thead>
<tbody>
${summary.votes
  .map(
    (v) =>
      `<tr${v.rank === 1 ? ` class="top"` : ""}><td class="num rank">${e(rankText(v.rank, v.tied))}</td><th scope="row">${e(v.label)}</th><td class="num">${v.votes}</td><td class="num">${v.voters}</td></tr>`,
  )
  .join("\n")}
</tbody>
</table>
${summary.votes.some((v) => v.tied) ? `<p class="note">“=” marks a tie: the same number of votes from the same number of members.</p>` : ""}`;
  return `<section class="major priorities-section">
<h2>Priorities</h2>
<p class="intro">How members placed their votes on the priority outcomes.</p>
${body}
</section>`;
}

function matrixRow(row: CommitmentRowSummary, organisations: string[], minRespondents: number): string {
  const label = `<th scope="row">${e(row.label)}</th>`;
  if (row.withheld) return `<tr class="withheld-row">${label}<td colspan="${organisations.length}" class="withheld">${e(withheldCommitmentText(minRespondents))}</td></tr>`;
  const cells = organisations.map((org) => {
    const level = row.cells[org];
    // Only the five known levels become a class name and a title; anything else reads as no answer.
    if (level === undefined || !KNOWN_LEVELS.has(level)) return `<td class="none" title="No answer">—</td>`;
    return `<td class="lvl lvl-${level}">${e(COMMITMENT_LEVEL_TITLES[level])}</td>`;
  });
  return `<tr${row.hasLead ? "" : ` class="unled-row"`}>${label}${cells.join("")}</tr>`;
}

function commitmentsSection(summary: Summary): string {
  if (summary.commitments.length === 0) return "";
  const orgs = summary.commitmentOrganisations;
  const legend = COMMITMENT_LEVELS.map(
    (level) => `<li><span class="swatch lvl lvl-${level}" aria-hidden="true"></span><strong>${e(COMMITMENT_LEVEL_TITLES[level])}</strong> — ${e(COMMITMENT_LEVEL_MEANINGS[level])}</li>`,
  ).join("");
  const table =
    orgs.length === 0
      ? `<p class="empty">No organisation has answered yet.</p>`
      : `<div class="matrix-wrap"><table class="matrix">
<thead><tr><th scope="col" class="corner">Intervention</th>${orgs.map((o) => `<th scope="col">${e(o)}</th>`).join("")}</tr></thead>
<tbody>
${summary.commitments.map((row) => matrixRow(row, orgs, summary.minRespondents)).join("\n")}
</tbody>
</table></div>`;
  return `<section class="major commitments-section${orgs.length > 5 ? " wide" : ""}">
<h2>Commitments to interventions</h2>
<p class="intro">What each organisation said it would commit to each intervention. Where two members of one organisation differed, the stronger commitment is shown.</p>
${table}
<ul class="legend">${legend}<li><span class="swatch none" aria-hidden="true">—</span>no answer</li></ul>
</section>`;
}

function opportunitiesSection(summary: Summary): string {
  if (summary.opportunities.length === 0) return "";
  const items = summary.opportunities.map(
    (o) =>
      `<li><p><strong>${e(o.label)}</strong> <span class="tag">${o.kind === "priority" ? "Priority" : "Intervention"}</span></p><p class="detail">${e(o.detail.trim() || o.organisations.join(", "))}</p></li>`,
  );
  return `<section class="opportunities-section">
<h2>Collaboration opportunities</h2>
<p class="intro">Interventions two or more organisations committed to, and priorities two or more organisations voted for.</p>
<ul class="opportunities">${items.join("\n")}</ul>
</section>`;
}

function unledSection(summary: Summary): string {
  if (summary.unled.length === 0) return "";
  const items = summary.unled.map(
    (u) =>
      `<li><strong>${e(u.label)}</strong><span class="committed">${u.committed.length > 0 ? `Committed: ${e(u.committed.join(", "))}` : "Nobody has committed to it yet"}</span></li>`,
  );
  return `<section class="unled-section">
<h2>Interventions nobody leads</h2>
<p class="intro">No organisation offered to lead these yet.</p>
<ul class="unled">${items.join("\n")}</ul>
</section>`;
}

const CSS = `
:root { --ink: #1f2933; --muted: #52606d; --line: #d9dee4; --accent: #1d4e89; --accent-soft: #e8f0fa; --warn: #8a4b00; --warn-soft: #fff4e0; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #f4f6f8; color: var(--ink); font: 16px/1.55 "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 860px; margin: 24px auto; background: #fff; padding: 40px 48px 32px; border: 1px solid var(--line); border-radius: 6px; }
h1, h2, h3 { line-height: 1.25; color: var(--ink); }
h1 { font-size: 30px; margin: 4px 0 2px; }
h2 { font-size: 22px; margin: 40px 0 6px; padding-bottom: 6px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 17px; margin: 22px 0 6px; color: var(--accent); }
h2 .kind, h3 .kind { font-weight: 400; color: var(--muted); }
p { margin: 0 0 8px; }
.cover { border-bottom: 1px solid var(--line); padding-bottom: 18px; }
.eyebrow { text-transform: uppercase; letter-spacing: .06em; font-size: 13px; font-weight: 600; color: var(--accent); margin: 0; }
.subtitle { font-size: 20px; color: var(--muted); margin: 0 0 16px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0 0 14px; }
.facts dt { color: var(--muted); font-weight: 600; }
.facts dd { margin: 0; }
.how { font-size: 14px; color: var(--muted); background: #f7f9fb; border-left: 3px solid var(--line); padding: 8px 12px; margin: 0; }
.intro, .answered, .note { color: var(--muted); font-size: 14px; }
.theme { break-inside: auto; }
ul.points, ol.recommendations { margin: 8px 0 0; padding-left: 22px; }
li.point, li.recommendation { margin: 0 0 10px; padding-left: 2px; }
li.point::marker { color: var(--accent); }
ol.recommendations li::marker { color: var(--accent); font-weight: 600; }
.lead { font-weight: 600; }
.count { display: inline-block; margin-left: 6px; padding: 0 7px; border-radius: 10px; background: var(--accent-soft); color: var(--accent); font-size: 12.5px; font-weight: 600; white-space: nowrap; }
.who { color: var(--muted); font-size: 13.5px; margin-top: -4px; }
li.officer .who { font-style: italic; }
details.evidence { margin: -2px 0 6px; }
details.evidence summary { cursor: pointer; color: var(--accent); font-size: 13.5px; width: max-content; }
blockquote { margin: 6px 0 6px 2px; padding: 2px 0 2px 12px; border-left: 3px solid var(--accent-soft); color: #3e4c59; font-style: italic; font-size: 14.5px; }
.print-only { display: none; }
.withheld { background: var(--warn-soft); color: var(--warn); padding: 10px 14px; border-radius: 4px; }
.empty { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: 10px 0; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
thead th { background: #f0f3f6; font-weight: 600; }
tbody th { font-weight: 500; }
.num { text-align: right; white-space: nowrap; width: 1%; }
table.priorities tr.top th, table.priorities tr.top td { background: var(--accent-soft); font-weight: 600; }
.rank { font-weight: 700; color: var(--accent); }
.matrix-wrap { overflow-x: auto; }
table.matrix { font-size: 12.5px; table-layout: fixed; min-width: 560px; }
table.matrix th, table.matrix td { padding: 5px; overflow-wrap: break-word; }
table.matrix thead th { vertical-align: bottom; font-size: 11.5px; }
table.matrix thead th.corner { width: 22%; }
table.matrix td { text-align: center; vertical-align: middle; }
table.matrix tr.withheld-row td.withheld { text-align: left; font-style: italic; border-radius: 0; }
table.matrix tr.unled-row th::after { content: " · no lead"; color: var(--warn); font-size: 11.5px; font-weight: 600; white-space: nowrap; }
.lvl { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.lvl-lead { background: #1d6b3a; color: #fff; font-weight: 600; }
.lvl-contribute { background: #7cc08f; color: #0d2c17; }
.lvl-support { background: #d5efdc; color: #163b21; }
.lvl-consult { background: #fff0c2; color: #5c4300; }
.lvl-unable { background: #eceff2; color: #52606d; }
td.none { color: #9aa5b1; }
ul.legend { list-style: none; padding: 0; margin: 8px 0 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 4px 16px; font-size: 13px; color: var(--muted); }
ul.legend strong { color: var(--ink); font-weight: 600; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; vertical-align: -2px; margin-right: 6px; border: 1px solid rgba(0,0,0,.12); text-align: center; line-height: 12px; font-size: 11px; }
ul.opportunities, ul.unled { padding-left: 0; list-style: none; margin: 8px 0 0; }
ul.opportunities li { border: 1px solid var(--line); border-radius: 4px; padding: 10px 14px; margin: 0 0 8px; }
ul.opportunities p { margin: 0; }
ul.opportunities .detail { color: var(--muted); font-size: 14px; margin-top: 2px; }
.tag { display: inline-block; font-size: 11.5px; font-weight: 600; letter-spacing: .03em; text-transform: uppercase; color: var(--accent); border: 1px solid var(--accent-soft); background: var(--accent-soft); border-radius: 3px; padding: 0 6px; margin-left: 6px; vertical-align: 2px; }
ul.unled li { padding: 8px 12px; border-left: 3px solid var(--warn); background: var(--warn-soft); margin: 0 0 6px; }
ul.unled .committed { display: block; color: var(--muted); font-size: 14px; }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
footer p { margin: 0 0 2px; }
@media (max-width: 640px) {
  main { margin: 0; padding: 20px 16px; border: 0; border-radius: 0; }
  h1 { font-size: 24px; }
  .facts { grid-template-columns: 1fr; }
  table.matrix { display: block; overflow-x: auto; }
}
@page { size: A4; margin: 18mm 16mm 20mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; color: #52606d; } }
@page wide { size: A4 landscape; margin: 12mm 14mm 14mm; }
@media print {
  body { background: #fff; font-size: 10.5pt; line-height: 1.45; }
  main { max-width: none; margin: 0; padding: 0; border: 0; }
  h1 { font-size: 22pt; }
  h2 { font-size: 15pt; margin-top: 18pt; }
  h3 { font-size: 12pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .major { break-before: page; page-break-before: always; }
  .commitments-section.wide { page: wide; }
  .theme + .theme { margin-top: 6pt; }
  li.point, li.recommendation, tr, blockquote, ul.opportunities li, ul.unled li { break-inside: avoid; page-break-inside: avoid; }
  .screen-only { display: none !important; }
  .print-only { display: block; }
  blockquote { font-size: 9.5pt; margin: 2pt 0 2pt 2pt; }
  thead { display: table-header-group; }
  table { font-size: 9.5pt; }
  table.matrix { font-size: 8.5pt; line-height: 1.25; }
  table.matrix th, table.matrix td { padding: 3pt 4pt; }
  table.matrix thead th { font-size: 8.5pt; }
  .matrix-wrap { overflow: visible; }
  .wide h2 { margin-top: 0; }
  .wide .intro { margin-bottom: 4pt; }
  ul.legend { display: flex; flex-wrap: wrap; gap: 2pt 14pt; font-size: 8.5pt; }
  .count, .tag, .withheld, ul.unled li, thead th, tr.top th, tr.top td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  footer { break-inside: avoid; }
}
`;

/** The complete standalone report page. */
export function renderReportHtml(summary: Summary, meta: ReportMeta): string {
  const title = e(summary.title);
  const anonymity = summary.anonymous
    ? `Anonymous round: no names were kept. Anything fewer than ${summary.minRespondents} members answered is withheld.`
    : "Named round: officers could see who said what, but no names appear in this report.";
  const facts = [
    ["Responses", responseLine(summary)],
    ["Round", meta.closedText],
    ["Answers", anonymity],
    ...(groupingText(summary) ? [["Points", groupingText(summary)]] : []),
    ...(meta.publishedByText ? [["Published", meta.publishedByText]] : []),
  ]
    .map(([dt, dd]) => `<dt>${e(dt!)}</dt><dd>${e(dd!)}</dd>`)
    .join("");
  const themes = summary.themes.map((t) => themeSection(t, summary.minRespondents)).join("\n");
  const feedback =
    summary.themes.length > 0
      ? `<section class="feedback">
${themes}
</section>`
      : "";
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} — Feedback &amp; Recommendations</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="cover">
<p class="eyebrow">${e(summary.boardName)}</p>
<h1>${title}</h1>
<p class="subtitle">Feedback &amp; Recommendations</p>
<dl class="facts">${facts}</dl>
<p class="how">How to read this report: “Board members agreed” means every member who answered a theme made the point; “most” means more than half of them; the figures are members who made the point out of members who answered the theme. Quotes are members’ own words.</p>
</header>
${feedback}
${prioritiesSection(summary)}
${commitmentsSection(summary)}
${opportunitiesSection(summary)}
${unledSection(summary)}
<footer>
<p>${e(meta.generatedText)}</p>
<p>Produced by Sounding Board from members’ 1:1 answers.</p>
</footer>
</main>
</body>
</html>
`;
}
