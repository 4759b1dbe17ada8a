import { stringify } from "csv-stringify/sync";
import { COMMITMENT_LEVEL_TITLES } from "../domain/response.ts";
import {
  asSentence,
  recommendationStatement,
  pointSentence,
  rankText,
  groupingText,
  responseLine,
  withheldCommitmentText,
  withheldThemeText,
  withheldVoteText,
} from "./phrasing.ts";
import type { Point, Summary, ThemeSummary } from "./summary.types.ts";

/**
 * A summary as a Markdown report and as CSV, for the offline summariser (`npm run summarize`) and
 * the bot's exports. Markdown follows seed 002: a section per theme with who said what and their
 * own words as quoted sub-bullets, then the recommendations; then the vote, the commitment matrix
 * and the opportunities to work together. Names never appear (organisations do, in the commitment
 * matrix, because commitments are made for an organisation).
 */

/** Text safe inside Markdown (inline and table cells): no stray emphasis, links, HTML or cell breaks. */
function md(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replace(/([\\`*_[\]<>|#])/g, "\\$1")
    .trim();
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function evidenceLines(point: Point): string[] {
  return point.evidence.map((e) => `  - “${md(e)}”`);
}

function themeSection(theme: ThemeSummary, minRespondents: number): string[] {
  const lines = [`## ${md(theme.theme)} — feedback`, ""];
  if (theme.withheld) {
    lines.push(`_${md(withheldThemeText(minRespondents))}_`, "");
    return lines;
  }
  lines.push(`_${plural(theme.respondents, "member", "members")} answered this theme._`, "");
  if (theme.points.length === 0) lines.push("No points were made.", "");
  for (const point of theme.points) lines.push(`- ${md(pointSentence(point, theme.respondents))}`, ...evidenceLines(point));
  if (theme.points.length > 0) lines.push("");
  if (theme.recommendations.length > 0) {
    lines.push("### Recommendations", "");
    // Recommendations read as seed 002 lists them: the recommendation itself, then how many made it.
    for (const r of theme.recommendations) {
      const who = r.source === "officer" ? "added by officers" : plural(r.supporters, "member", "members");
      lines.push(`- ${md(recommendationStatement(r))} _(${who})_`, ...evidenceLines(r));
    }
    lines.push("");
  }
  return lines;
}

/** A readable Markdown report of a summary. */
export function summaryToMarkdown(summary: Summary): string {
  const lines: string[] = [`# ${md(summary.title)}`, ""];
  const about = [summary.boardName ? `**${md(summary.boardName)}**` : "", `${responseLine(summary)}.`].filter(Boolean).join(" — ");
  lines.push(about, "");
  if (summary.anonymous) {
    lines.push(`_Anonymous round: no names are shown, and any part fewer than ${summary.minRespondents} members answered is withheld._`, "");
  }
  if (groupingText(summary)) lines.push(`_${groupingText(summary)}_`, "");
  lines.push(`_Generated ${summary.generatedAt.replace("T", " ").replace(/\.\d+Z$|Z$/, "")} UTC._`, "");

  for (const theme of summary.themes) lines.push(...themeSection(theme, summary.minRespondents));

  if (summary.votesWithheld || summary.votes.length > 0) {
    lines.push("## Priority vote", "");
    if (summary.votesWithheld) lines.push(`_${md(withheldVoteText(summary.minRespondents))}_`, "");
    else {
      lines.push("| Rank | Priority | Votes | Voters |", "|---:|---|---:|---:|");
      for (const v of summary.votes) lines.push(`| ${rankText(v.rank, v.tied)} | ${md(v.label)} | ${v.votes} | ${v.voters} |`);
      lines.push("");
    }
  }

  if (summary.commitments.length > 0) {
    const orgs = summary.commitmentOrganisations;
    lines.push("## Commitments to interventions", "");
    lines.push(`| Intervention | ${orgs.map(md).join(" | ")}${orgs.length ? " | " : ""}Lead |`, `|---|${orgs.map(() => "---|").join("")}---|`);
    for (const row of summary.commitments) {
      const cells = row.withheld
        ? [md(withheldCommitmentText(summary.minRespondents)), ...orgs.slice(1).map(() => "")]
        : orgs.map((o) => (row.cells[o] ? COMMITMENT_LEVEL_TITLES[row.cells[o]] : ""));
      const lead = row.withheld ? "" : row.hasLead ? md(row.leads.join(", ")) : "**none**";
      lines.push(`| ${md(row.label)} | ${cells.join(" | ")}${orgs.length ? " | " : ""}${lead} |`);
    }
    lines.push("");
    if (summary.unled.length > 0) {
      lines.push("**Interventions nobody leads yet:**", "");
      for (const u of summary.unled) {
        lines.push(`- ${md(u.label)}${u.committed.length ? ` — committed: ${md(u.committed.join(", "))}` : " — no commitments"}`);
      }
      lines.push("");
    }
  }

  if (summary.opportunities.length > 0) {
    lines.push("## Opportunities to work together", "");
    for (const o of summary.opportunities) {
      const what = o.kind === "intervention" ? "intervention" : "priority";
      lines.push(`- **${md(o.label)}** (${what}): ${md(o.organisations.join(", "))} — ${md(o.detail)}`);
    }
    lines.push("");
  }
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

/** Excel runs a cell starting with =, +, -, @ (or a tab/CR) as a formula: neutralise it (CSV injection). */
const safeCell = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/**
 * One row per point: theme, type (point | recommendation), statement, quantifier, supporters and the
 * evidence joined with " | ". UTF-8 with a BOM and CRLF line ends, so Excel opens it cleanly.
 * Withheld themes have no rows.
 */
export function summaryToCsv(summary: Summary): string {
  const rows: string[][] = [["Theme", "Type", "Statement", "Quantifier", "Supporters", "Evidence"]];
  for (const theme of summary.themes) {
    const add = (type: "point" | "recommendation", p: Point) => rows.push([theme.theme, type, p.statement, p.quantifier, String(p.supporters), p.evidence.join(" | ")].map(safeCell));
    for (const p of theme.points) add("point", p);
    for (const r of theme.recommendations) add("recommendation", r);
  }
  return `\uFEFF${stringify(rows, { record_delimiter: "\r\n" })}`;
}
