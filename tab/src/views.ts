import type {
  BoardRoundsDto,
  BoardsDto,
  OpportunityDto,
  PointDto,
  RoundDetailDto,
  RoundListItemDto,
  SummaryDto,
  ThemeDto,
} from "../../services/dashboard/dashboard.types.ts";
import { commitmentMatrix, progressChart, rateMeter, supportMeter, voteChart } from "./charts.ts";
import { h, type Child } from "./dom.ts";
import { routes } from "./routes.ts";
import { roundActionsSection } from "./tracker.ts";

export { parseRoute, routes, type Route, type TrackerQuery } from "./routes.ts";

function section(title: string, testId: string, ...children: Child[]): HTMLElement {
  return h("section", { class: "card", "data-testid": testId, "aria-label": title }, h("h2", null, title), ...children);
}

function statusPill(round: RoundListItemDto): HTMLElement {
  return h("span", { class: `pill status-${round.status}`, "data-field": "status" }, round.statusText);
}

export function boardsView(dto: BoardsDto): HTMLElement {
  if (dto.boards.length === 0) {
    return h(
      "div",
      { class: "card" },
      h("h1", null, "Your boards"),
      h("p", null, "You haven't been invited to any board's rounds yet. Rounds appear here once an officer launches one for your board."),
    );
  }
  return h(
    "div",
    { class: "card" },
    h("h1", null, "Your boards"),
    h("ul", { class: "board-list" }, dto.boards.map((b) => h("li", null, h("a", { href: routes.board(b.id) }, b.name)))),
  );
}

export function boardView(dto: BoardRoundsDto, options: { showBoardsLink: boolean }): HTMLElement {
  const header = h(
    "header",
    { class: "page-head" },
    options.showBoardsLink ? h("a", { class: "back", href: routes.boards() }, "← All boards") : null,
    h("h1", null, dto.board.name),
    h("p", { class: "subtle" }, dto.isOfficer ? "Every round of the board, as an officer sees it." : "The board's rounds and their published results."),
    h("p", { class: "page-links" }, h("a", { href: routes.tracker(dto.board.id), "data-testid": "tracker-link" }, "Action tracker")),
  );
  if (dto.rounds.length === 0) {
    return h("div", null, header, h("div", { class: "card" }, h("p", null, "No rounds yet. Officers start one by typing launch to Sounding Board.")));
  }
  const rows = dto.rounds.map((r) =>
    h(
      "tr",
      { "data-round-id": r.id, class: `round-row status-${r.status}` },
      h(
        "th",
        { scope: "row", class: "round-title" },
        h("a", { href: routes.round(dto.board.id, r.id) }, r.title),
        h("span", { class: "subtle small" }, `${r.kindsText} · ${r.anonymous ? "anonymous" : "named"}`),
        r.you ? h("span", { class: `you ${r.you.answered ? "you-done" : "you-todo"}` }, r.you.answered ? "You answered" : r.status === "open" ? "You haven't answered yet" : "You didn't answer") : null,
      ),
      h("td", null, statusPill(r), resultsBadge(r)),
      h(
        "td",
        { class: "round-deadline" },
        h("span", { "data-field": "deadline" }, r.deadlineText),
        h("span", { class: "subtle small" }, r.status === "open" ? `${r.zoneLabel} · ${r.timeLeftText}` : r.zoneLabel),
      ),
      h("td", { class: "round-response" }, rateMeter(r.response)),
    ),
  );
  return h(
    "div",
    null,
    header,
    h(
      "div",
      { class: "card" },
      h(
        "table",
        { class: "rounds", "data-testid": "rounds" },
        h("caption", { class: "visually-hidden" }, `Rounds of ${dto.board.name}`),
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", { scope: "col" }, "Round"),
            h("th", { scope: "col" }, "Status"),
            h("th", { scope: "col" }, "Deadline (UK time)"),
            h("th", { scope: "col" }, "Responses"),
          ),
        ),
        h("tbody", null, rows),
      ),
    ),
  );
}

function resultsBadge(r: RoundListItemDto): HTMLElement | null {
  const text = { published: "Summary published", draft: "Draft summary", live: "Live results", none: "" }[r.results];
  return text ? h("span", { class: `pill results-${r.results}` }, text) : null;
}

function pointItem(point: PointDto, respondents: number): HTMLElement {
  return h(
    "li",
    { class: `point q-${point.quantifier}`, "data-point-id": point.id },
    h(
      "div",
      { class: "point-head" },
      h("span", { class: `pill quant q-${point.quantifier}`, "data-field": "quantifier" }, point.quantifierLabel),
      point.source === "members" ? h("span", { class: "subtle small supporters" }, supportMeter(point.supporters, respondents), point.supportersText) : null,
    ),
    h("p", { class: "statement" }, h("strong", null, point.lead), " ", point.statement),
    point.evidence.length > 0
      ? h(
          "details",
          { class: "evidence" },
          h("summary", null, point.evidence.length === 1 ? "In a member’s own words" : `In members’ own words (${point.evidence.length})`),
          point.evidence.map((e) => h("blockquote", null, `“${e}”`)),
        )
      : null,
  );
}

function themeBlock(theme: ThemeDto): HTMLElement {
  return h(
    "article",
    { class: "theme", "data-theme-name": theme.theme },
    h("h3", null, theme.theme, h("span", { class: "subtle small" }, ` · ${theme.respondents} ${theme.respondents === 1 ? "member" : "members"} answered`)),
    theme.withheld
      ? h("p", { class: "note withheld" }, theme.withheldText ?? "Withheld.")
      : [
          theme.points.length > 0 ? h("ul", { class: "points" }, theme.points.map((p) => pointItem(p, theme.respondents))) : h("p", { class: "subtle" }, "No points."),
          theme.recommendations.length > 0
            ? [h("h4", null, "Recommendations"), h("ul", { class: "points recs" }, theme.recommendations.map((p) => pointItem(p, theme.respondents)))]
            : null,
        ],
  );
}

function opportunityItem(o: OpportunityDto): HTMLElement {
  return h(
    "li",
    { class: "opportunity" },
    h("strong", null, o.label),
    h("span", { class: "pill kind" }, o.kind === "intervention" ? "Intervention" : "Priority"),
    h("div", { class: "orgs" }, o.organisations.map((org) => h("span", { class: "chip" }, org))),
    h("p", { class: "subtle small" }, o.detail),
  );
}

function summarySections(summary: SummaryDto): HTMLElement[] {
  const out: HTMLElement[] = [];
  out.push(h("p", { class: `stage stage-${summary.stage}`, role: "note", "data-field": "stage" }, summary.stageText));
  if (summary.votes) out.push(section("Priority vote", "votes", voteChart(summary.votes)));
  if (summary.commitments) out.push(section("Commitments", "commitments", commitmentMatrix(summary.commitments)));
  if (summary.commitments || summary.opportunities.length > 0) {
    out.push(
      section(
        "Collaboration opportunities",
        "opportunities",
        summary.opportunities.length > 0
          ? h("ul", { class: "opportunities" }, summary.opportunities.map(opportunityItem))
          : h("p", { class: "subtle" }, "No intervention or priority has two or more named organisations behind it yet."),
        summary.unled.length > 0
          ? [
              h("h3", null, "Interventions nobody leads"),
              h("ul", { class: "unled" }, summary.unled.map((u) => h("li", null, u.label, u.committed.length > 0 ? h("span", { class: "subtle small" }, ` — committed: ${u.committed.join(", ")}`) : null))),
            ]
          : null,
      ),
    );
  }
  if (summary.themes.length > 0) out.push(section("What members said", "themes", summary.themes.map(themeBlock)));
  return out;
}

export function roundView(dto: RoundDetailDto): HTMLElement {
  const r = dto.round;
  const header = h(
    "header",
    { class: "page-head" },
    h("a", { class: "back", href: routes.board(dto.board.id) }, `← ${dto.board.name}`),
    h("h1", null, r.title),
    h(
      "p",
      { class: "meta" },
      statusPill(r),
      h("span", null, `${r.kindsText} · ${r.anonymous ? `anonymous (results shown when at least ${r.minRespondents} answered)` : "named"}`),
    ),
    h(
      "p",
      { class: "subtle" },
      r.status === "open" ? `Deadline ${r.deadlineText} (${r.zoneLabel}) · ${r.timeLeftText}` : `${r.closedText ?? r.statusText} (${r.zoneLabel}) · deadline was ${r.deadlineText}`,
    ),
    r.you ? h("p", { class: `you ${r.you.answered ? "you-done" : "you-todo"}` }, r.you.answered ? "You answered this round." : r.status === "open" ? "You haven't answered yet — find the round card in your chat with Sounding Board." : "You didn't answer this round.") : null,
  );

  const progress = section(
    "Response progress",
    "progress",
    progressChart(dto.progress),
    dto.progress.unreachableNames && dto.progress.unreachableNames.length > 0
      ? h("p", { class: "warn" }, `Couldn't reach: ${dto.progress.unreachableNames.join(", ")}. They get the round as soon as they open a chat with Sounding Board.`)
      : null,
  );

  const downloads = dto.downloads.length > 0
    ? section(
        "Downloads",
        "downloads",
        h(
          "div",
          { class: "buttons" },
          dto.downloads.map((d) => h("a", { class: "button", href: d.url, target: "_blank", rel: "noopener noreferrer", "data-kind": d.kind }, d.label)),
        ),
        h("p", { class: "subtle small" }, "Links work for an hour. Anyone with a link can open it, so share the file rather than the link."),
      )
    : null;

  const results = dto.summary ? summarySections(dto.summary) : [h("p", { class: "note", "data-field": "summary-note", role: "note" }, dto.summaryNote ?? "No results yet.")];
  return h("div", null, header, h("div", { class: "grid" }, progress, downloads), roundActionsSection(dto), results);
}

export function messageView(title: string, text: string, kind: "info" | "error" = "info"): HTMLElement {
  return h("div", { class: `card message ${kind}`, role: kind === "error" ? "alert" : "status" }, h("h1", null, title), h("p", null, text));
}
