import type { LiveBarDto, LiveClusterDto, LiveResultsDto } from "../../../services/live/live.types.ts";
import { h } from "../dom.ts";

/**
 * The live aggregates, drawn the same way in the side panel (small) and on the meeting stage (large):
 * stickers as a bar chart that is a real table (every count and percentage written out, so nothing
 * depends on colour or on seeing the bars), and what was said as clusters, largest first, with how
 * many people are behind each and up to three of its cards. The DTO has no names, and nothing here
 * adds any.
 */

const pct = (n: number) => `${Math.max(0, Math.min(100, n))}%`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "5 taking part (1 guest)": guests are counted, never named. */
export function participantsText(dto: Pick<LiveResultsDto, "participants" | "guests">): string {
  const base = `${dto.participants} taking part`;
  return dto.guests > 0 ? `${base} (${plural(dto.guests, "guest", "guests")})` : base;
}

function barsTable(dto: LiveResultsDto): HTMLElement {
  // Bars are drawn against the largest count, so the leader fills the track and small differences show.
  const most = Math.max(1, ...dto.bars.map((b) => b.stickers));
  const row = (bar: LiveBarDto) =>
    h(
      "tr",
      { "data-option-id": bar.optionId, "data-stickers": bar.stickers, class: bar.rank === "1" || bar.rank === "=1" ? "top" : undefined },
      h("td", { class: "rank" }, bar.stickers > 0 ? bar.rank : "–"),
      h("th", { scope: "row", class: "live-option" }, bar.label),
      h(
        "td",
        { class: "live-bar-cell" },
        h(
          "div",
          { class: "live-bar-line" },
          h("div", { class: "bar", "aria-hidden": "true" }, h("div", { class: "bar-fill", style: { width: pct((bar.stickers / most) * 100) } })),
          h("span", { class: "live-count", "data-field": "count" }, plural(bar.stickers, "sticker", "stickers")),
          h("span", { class: "live-percent", "data-field": "percent" }, `${bar.percent}%`),
        ),
      ),
    );
  return h(
    "table",
    { class: "bar-chart live-bars", "data-testid": "live-bars" },
    h("caption", null, `${plural(dto.stickersPlaced, "sticker", "stickers")} placed`),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, "Rank"), h("th", { scope: "col" }, "Option"), h("th", { scope: "col" }, "Stickers and share"))),
    h("tbody", null, dto.bars.map(row)),
  );
}

function clusterItem(cluster: LiveClusterDto): HTMLElement {
  return h(
    "li",
    { class: "cluster", "data-people": cluster.people, "data-cards": cluster.cards },
    h("p", { class: "cluster-label", "data-field": "label" }, cluster.label),
    h(
      "p",
      { class: "cluster-count", "data-field": "count" },
      h("span", { class: "cluster-people" }, plural(cluster.people, "person", "people")),
      ` · ${plural(cluster.cards, "card", "cards")}`,
    ),
    cluster.examples.length > 0
      ? h("ul", { class: "cluster-examples", "aria-label": "Examples" }, cluster.examples.slice(0, 3).map((text) => h("li", null, h("blockquote", null, text))))
      : null,
  );
}

function clusterList(dto: LiveResultsDto): HTMLElement {
  if (dto.clusters.length === 0) {
    return h("p", { class: "note", "data-testid": "live-clusters-empty" }, dto.kind === "wall" ? "No cards on the wall yet." : "No answers yet.");
  }
  const sorted = [...dto.clusters].sort((a, b) => b.people - a.people || b.cards - a.cards);
  return h(
    "div",
    null,
    h("p", { class: "subtle", "data-field": "contributions" }, `${plural(dto.contributions, dto.kind === "wall" ? "card" : "answer", dto.kind === "wall" ? "cards" : "answers")} in ${plural(sorted.length, "group", "groups")}`),
    h("ol", { class: "clusters", "data-testid": "live-clusters" }, sorted.map(clusterItem)),
  );
}

/** The chart or the clusters, with the count of people and when it was last updated. */
export function resultsBody(dto: LiveResultsDto): HTMLElement {
  return h(
    "div",
    { class: "live-results", "data-testid": "live-results", "data-status": dto.status },
    h("p", { class: "live-participants", "data-field": "participants" }, participantsText(dto)),
    dto.kind === "vote" ? barsTable(dto) : clusterList(dto),
    h("p", { class: "subtle small live-updated", "data-field": "updated" }, dto.status === "ended" ? `Final results · ${dto.updatedText}` : dto.updatedText),
  );
}
