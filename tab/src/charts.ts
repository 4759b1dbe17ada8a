import type { CommitmentMatrixDto, ProgressDto, ResponseRateDto, VotesDto } from "../../services/dashboard/dashboard.types.ts";
import { h, s, uid } from "./dom.ts";

/**
 * Hand-made charts. Each one shows its numbers as text next to the shapes, and each is (or has) a
 * real table, so a screen reader, a high-contrast theme or a printout loses nothing.
 */

const pct = (n: number) => `${Math.max(0, Math.min(100, n))}%`;

/** A small horizontal meter with its value written beside it: used for response rates in the list. */
export function rateMeter(rate: ResponseRateDto): HTMLElement {
  return h(
    "div",
    { class: "meter-row" },
    h(
      "div",
      { class: "meter", role: "img", "aria-label": rate.text },
      h("div", { class: "meter-fill", "data-percent": rate.percent, style: { width: pct(rate.percent) } }),
    ),
    h("span", { class: "meter-text", "data-field": "response" }, `${rate.answered} of ${rate.invited} (${rate.percent}%)`),
  );
}

interface Segment {
  key: string;
  label: string;
  value: number;
}

/** Response progress: one stacked bar (SVG) of invited members, with a legend that carries the numbers. */
export function progressChart(progress: ProgressDto): HTMLElement {
  const segments: Segment[] = [
    { key: "answered", label: "Answered", value: progress.answered },
    { key: "waiting", label: "Not answered yet", value: progress.waiting },
    { key: "pending", label: "Prompt not sent yet", value: progress.pending },
    { key: "unreached", label: "Couldn't reach", value: progress.unreachable + progress.failed },
  ];
  const total = Math.max(1, progress.invited);
  const titleId = uid("progress-title");
  const width = 1000;
  const height = 28;
  let x = 0;
  const rects = segments
    .filter((seg) => seg.value > 0)
    .map((seg) => {
      const w = (seg.value / total) * width;
      const rect = s(
        "rect",
        { class: `seg seg-${seg.key}`, x: x.toFixed(1), y: 0, width: w.toFixed(1), height, "data-segment": seg.key, "data-value": seg.value },
        s("title", null, `${seg.label}: ${seg.value}`),
      );
      x += w;
      return rect;
    });
  const svg = s(
    "svg",
    { class: "progress-bar", viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img", "aria-labelledby": titleId, focusable: "false" },
    s("title", { id: titleId }, progress.response.text),
    s("rect", { class: "seg-track", x: 0, y: 0, width, height }),
    rects,
  );
  const legend = h(
    "table",
    { class: "legend-table" },
    h("caption", { class: "visually-hidden" }, "Response progress"),
    h(
      "tbody",
      null,
      segments.map((seg) =>
        h(
          "tr",
          { "data-segment": seg.key },
          h("th", { scope: "row" }, h("span", { class: `swatch seg-${seg.key}`, "aria-hidden": "true" }), seg.label),
          h("td", { class: "num" }, seg.value),
        ),
      ),
      h("tr", { class: "total" }, h("th", { scope: "row" }, "Invited"), h("td", { class: "num" }, progress.invited)),
    ),
  );
  return h(
    "div",
    { class: "progress-chart" },
    h(
      "p",
      { class: "big-number" },
      h("span", { class: "big", "data-field": "response-percent" }, `${progress.response.percent}%`),
      h("span", { class: "big-label", "data-field": "response-text" }, progress.response.text),
    ),
    svg,
    legend,
  );
}

/** The vote ranking as a bar chart that is also a table: rank, option, bar, "5 votes from 4 members". */
export function voteChart(votes: VotesDto): HTMLElement {
  if (votes.withheld) return h("p", { class: "note withheld" }, votes.withheldText ?? "Withheld.");
  if (votes.bars.length === 0) return h("p", { class: "note" }, "No votes were cast.");
  return h(
    "table",
    { class: "bar-chart", "data-testid": "vote-chart" },
    h("caption", null, `Priority vote — ${votes.totalVotes} ${votes.totalVotes === 1 ? "vote" : "votes"} in all`),
    h(
      "thead",
      null,
      h("tr", null, h("th", { scope: "col" }, "Rank"), h("th", { scope: "col" }, "Option"), h("th", { scope: "col" }, "Votes")),
    ),
    h(
      "tbody",
      null,
      votes.bars.map((bar) =>
        h(
          "tr",
          { "data-option-id": bar.optionId, "data-votes": bar.votes, class: bar.rank === 1 ? "top" : undefined },
          h("td", { class: "rank" }, bar.rankText),
          h("th", { scope: "row", class: "vote-label" }, bar.label),
          h(
            "td",
            { class: "vote-cell" },
            h(
              "div",
              { class: "vote-line" },
              h(
                "div",
                { class: "bar", "aria-hidden": "true" },
                h("div", { class: "bar-fill", "data-percent": bar.barPercent, style: { width: pct(bar.barPercent) } }),
              ),
              h("span", { class: "vote-count" }, `${bar.votes} ${bar.votes === 1 ? "vote" : "votes"}`),
              h("span", { class: "vote-detail" }, `from ${bar.voters} ${bar.voters === 1 ? "member" : "members"} · ${bar.percentOfVotes}%`),
            ),
          ),
        ),
      ),
    ),
  );
}

const LEVEL_SHORT: Record<string, string> = { lead: "Lead", contribute: "Contribute", support: "Support", consult: "Consult", unable: "Unable" };

/** The commitment matrix as a heat-map table: intervention × organisation, strongest commitment darkest, each cell labelled. */
export function commitmentMatrix(matrix: CommitmentMatrixDto): HTMLElement {
  if (matrix.rows.length === 0) return h("p", { class: "note" }, "No interventions in this round.");
  const table = h(
    "table",
    { class: "heatmap", "data-testid": "commitment-matrix" },
    h("caption", null, "Commitments by organisation (strongest commitment any of its members gave)"),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        h("th", { scope: "col" }, "Intervention"),
        matrix.organisations.map((org) => h("th", { scope: "col", class: "org" }, org)),
        h("th", { scope: "col" }, "Lead?"),
      ),
    ),
    h(
      "tbody",
      null,
      matrix.rows.map((row) =>
        h(
          "tr",
          { "data-intervention-id": row.interventionId },
          h("th", { scope: "row" }, row.label),
          row.withheld
            ? h("td", { class: "withheld", colspan: Math.max(1, matrix.organisations.length) }, row.withheldText ?? "Withheld")
            : row.cells.map((cell) =>
                h(
                  "td",
                  { class: `cell lvl-${cell.level ?? "none"}`, "data-org": cell.organisation, "data-level": cell.level ?? "", title: cell.title ? `${cell.organisation}: ${cell.title}` : undefined },
                  cell.level ? LEVEL_SHORT[cell.level] : h("span", { class: "visually-hidden" }, "No answer"),
                ),
              ),
          h("td", { class: row.hasLead ? "lead-yes" : "lead-no" }, row.withheld ? "—" : row.hasLead ? "Yes" : "No lead yet"),
        ),
      ),
    ),
  );
  const legend = h(
    "ul",
    { class: "heat-legend", "aria-label": "Commitment levels" },
    matrix.levels.map((l) =>
      h("li", null, h("span", { class: `swatch-cell lvl-${l.level}` }, LEVEL_SHORT[l.level] ?? l.title), ` ${l.title}: ${l.meaning}`),
    ),
  );
  return h("div", { class: "heatmap-wrap" }, h("div", { class: "scroll-x", tabindex: 0, role: "region", "aria-label": "Commitment matrix" }, table), legend);
}

/** How many of a theme's respondents made a point, as a thin meter. */
export function supportMeter(supporters: number, respondents: number): HTMLElement {
  const percent = respondents > 0 ? Math.round((supporters / respondents) * 100) : 0;
  return h("span", { class: "support-meter", "aria-hidden": "true" }, h("span", { class: "support-fill", style: { width: pct(percent) } }));
}
