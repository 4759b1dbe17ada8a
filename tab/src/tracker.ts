import type {
  ActionBadgeDto,
  ActionBadgeKey,
  ActionHistoryEntryDto,
  BoardActionsDto,
  RoundDetailDto,
  TrackerActionDto,
} from "../../services/dashboard/dashboard.types.ts";
import { h, uid } from "./dom.ts";
import { routes, type TrackerQuery } from "./routes.ts";

/**
 * The board's action tracker: a table of its actions with a status badge that always says its words
 * (the colour only repeats them), filters by organisation, intervention, status and source round
 * (client-side: a board has a few hundred actions at most), and each action's history behind a
 * button. The filters live in the address, so a link can open the tracker filtered — the round page
 * links its own actions that way.
 */

/** Badge order in the status filter: what needs attention first. */
const BADGE_ORDER: ActionBadgeKey[] = ["overdue", "off_track", "at_risk", "on_track", "none", "done", "dropped", "closed"];

export function badge(b: ActionBadgeDto, field = "status"): HTMLElement {
  return h("span", { class: `badge badge-${b.key}`, "data-field": field, "data-badge": b.key }, b.text);
}

function isHttp(href: string | undefined): href is string {
  if (!href) return false;
  try {
    const url = new URL(href);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function historyItem(e: ActionHistoryEntryDto): HTMLElement {
  return h(
    "li",
    { class: `history-entry kind-${e.kind}`, "data-kind": e.kind, "data-entry-id": e.id },
    h(
      "p",
      { class: "history-head" },
      h("time", { datetime: e.at, "data-field": "at" }, e.atText),
      h("strong", { "data-field": "kind" }, e.kindText),
      h("span", { "data-field": "who" }, e.whoText),
      e.status && e.statusText ? h("span", { class: `badge badge-${e.status}`, "data-field": "entry-status" }, e.statusText) : null,
    ),
    e.change ? h("p", { class: "history-change", "data-field": "change" }, e.change) : null,
    e.text ? h("p", { class: "history-text", "data-field": "text" }, e.text) : null,
    e.link
      ? h(
          "p",
          { class: "history-link" },
          "Link: ",
          // Only http(s) is ever a link (the server says so too): anything else is just text.
          isHttp(e.link.href)
            ? h("a", { href: e.link.href, target: "_blank", rel: "noopener noreferrer", "data-field": "link" }, e.link.text)
            : h("span", { class: "not-a-link", "data-field": "link" }, e.link.text),
        )
      : null,
  );
}

function actionBody(boardId: string, a: TrackerActionDto): HTMLTableSectionElement {
  const titleId = uid("action-title");
  const historyId = uid("action-history");
  const toggle = h(
    "button",
    { type: "button", class: "history-toggle", "aria-expanded": "false", "aria-controls": historyId, "data-field": "history-toggle" },
    `History (${a.history.length})`,
    h("span", { class: "visually-hidden" }, ` of ${a.title}`),
  );
  const historyRow = h(
    "tr",
    { class: "history-row", id: historyId, hidden: true },
    h(
      "td",
      { colspan: 5 },
      a.history.length > 0
        ? h("ol", { class: "history", "aria-label": `History of ${a.title}, newest first` }, a.history.map(historyItem))
        : h("p", { class: "subtle" }, "No history recorded."),
    ),
  );
  toggle.addEventListener("click", () => setExpanded(toggle, historyRow, toggle.getAttribute("aria-expanded") !== "true"));
  // Shown only on a narrow screen, where the table is blocks and its column headings are hidden.
  const cellLabel = (text: string) => h("span", { class: "cell-label" }, `${text}: `);
  return h(
    "tbody",
    {
      class: `action state-${a.state}${a.overdue ? " is-overdue" : ""}`,
      "data-action-id": a.id,
      "data-org": a.organisation,
      "data-intervention": a.intervention ?? "",
      "data-status": a.badge.key,
      "data-round": a.source?.roundId ?? "",
    },
    h(
      "tr",
      { class: "action-row" },
      h(
        "th",
        { scope: "row", class: "action-title" },
        h("span", { id: titleId, class: "title", "data-field": "title" }, a.title),
        a.intervention ? h("span", { class: "subtle small", "data-field": "intervention" }, `For: ${a.intervention}`) : null,
        a.source
          ? h(
              "span",
              { class: "subtle small", "data-field": "source" },
              "From: ",
              a.source.linked ? h("a", { href: routes.round(boardId, a.source.roundId) }, a.source.roundTitle) : a.source.roundTitle,
            )
          : null,
        a.leadName ? h("span", { class: "subtle small", "data-field": "lead" }, `Lead: ${a.leadName}`) : null,
      ),
      h("td", { "data-field": "organisation" }, cellLabel("Organisation"), a.organisation),
      h("td", { class: "due" }, cellLabel("Due"), h("time", { datetime: a.dueDate, "data-field": "due" }, a.dueText)),
      h("td", { class: "status" }, badge(a.badge), a.detailText ? h("span", { class: "subtle small", "data-field": "detail" }, a.detailText) : null),
      h("td", { class: "history-cell" }, toggle),
    ),
    historyRow,
  );
}

function setExpanded(toggle: HTMLElement, row: HTMLElement, open: boolean): void {
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
  row.hidden = !open;
}

interface Filter {
  key: "org" | "intervention" | "status" | "round";
  label: string;
  all: string;
  options: Array<{ value: string; text: string }>;
  /** Which tbody data attribute it matches. */
  attr: "org" | "intervention" | "status" | "round";
}

function distinct(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b));
}

function filtersFor(dto: BoardActionsDto): Filter[] {
  const statusSeen = new Map(dto.actions.map((a) => [a.badge.key, a.badge.text]));
  const rounds = new Map<string, string>();
  for (const a of dto.actions) if (a.source) rounds.set(a.source.roundId, a.source.roundTitle);
  const filters: Filter[] = [
    { key: "org", attr: "org", label: "Organisation", all: "All organisations", options: distinct(dto.actions.map((a) => a.organisation)).map((o) => ({ value: o, text: o })) },
    { key: "intervention", attr: "intervention", label: "Intervention", all: "All interventions", options: distinct(dto.actions.map((a) => a.intervention)).map((i) => ({ value: i, text: i })) },
    { key: "status", attr: "status", label: "Status", all: "Any status", options: BADGE_ORDER.filter((k) => statusSeen.has(k)).map((k) => ({ value: k, text: statusSeen.get(k)! })) },
  ];
  if (rounds.size > 0) {
    filters.push({ key: "round", attr: "round", label: "From round", all: "Any round", options: [...rounds].sort((a, b) => a[1].localeCompare(b[1])).map(([value, text]) => ({ value, text })) });
  }
  return filters.filter((f) => f.key !== "intervention" || f.options.length > 0);
}

export function trackerView(dto: BoardActionsDto, query: TrackerQuery): HTMLElement {
  const header = h(
    "header",
    { class: "page-head" },
    h("a", { class: "back", href: routes.board(dto.board.id) }, `← ${dto.board.name}`),
    h("h1", null, "Action tracker"),
    h("p", { class: "subtle", "data-field": "tracker-summary" }, `${dto.summaryText} An action is overdue once its due day has passed in UK time (today is ${dto.todayText}).`),
  );
  if (dto.actions.length === 0) {
    return h(
      "div",
      null,
      header,
      h("div", { class: "card", "data-testid": "tracker-empty" }, h("p", null, "No actions yet. After a round, officers record what the board agreed to do; each action and how it is going then appears here.")),
    );
  }

  const filters = filtersFor(dto);
  const selects = new Map<Filter["key"], HTMLSelectElement>();
  const controls = filters.map((f) => {
    const id = uid(`filter-${f.key}`);
    const current = query[f.key];
    const select = h(
      "select",
      { id, name: f.key, "data-filter": f.key },
      h("option", { value: "" }, f.all),
      f.options.map((o) => h("option", { value: o.value, selected: current === o.value }, o.text)),
    );
    selects.set(f.key, select);
    return h("div", { class: "filter" }, h("label", { for: id }, f.label), select);
  });
  const clearButton = h("button", { type: "button", class: "link-button", "data-field": "clear-filters" }, "Show all actions");
  const showing = h("p", { class: "showing", role: "status", "data-field": "showing" });
  const noMatch = h("p", { class: "note", "data-field": "no-match", hidden: true }, "No actions match these filters.");

  const bodies = dto.actions.map((a) => actionBody(dto.board.id, a));
  const table = h(
    "table",
    { class: "tracker", "data-testid": "tracker" },
    h("caption", { class: "visually-hidden" }, `Actions of ${dto.board.name}`),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        h("th", { scope: "col" }, "Action"),
        h("th", { scope: "col" }, "Organisation"),
        h("th", { scope: "col" }, "Due"),
        h("th", { scope: "col" }, "Status"),
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "History")),
      ),
    ),
    bodies,
  );

  const apply = (updateAddress: boolean) => {
    const chosen: TrackerQuery = {};
    for (const f of filters) {
      const value = selects.get(f.key)!.value;
      if (value) chosen[f.key] = value;
    }
    let shown = 0;
    for (const body of bodies) {
      const match = filters.every((f) => !chosen[f.key] || body.dataset[f.attr] === chosen[f.key]);
      body.hidden = !match;
      if (match) shown += 1;
    }
    const n = dto.actions.length;
    showing.textContent = shown === n ? `Showing all ${n} ${n === 1 ? "action" : "actions"}.` : `Showing ${shown} of ${n} actions.`;
    noMatch.hidden = shown > 0;
    clearButton.hidden = Object.keys(chosen).length === 0;
    // Keep the address in step (a link to what you see), without reloading the view.
    if (updateAddress) history.replaceState(history.state, "", routes.tracker(dto.board.id, chosen));
  };
  for (const select of selects.values()) select.addEventListener("change", () => apply(true));
  clearButton.addEventListener("click", () => {
    for (const select of selects.values()) select.value = "";
    apply(true);
    selects.values().next().value?.focus();
  });

  const view = h(
    "div",
    null,
    header,
    h(
      "div",
      { class: "card" },
      h("div", { class: "filters", role: "group", "aria-label": "Filter actions" }, controls, clearButton),
      showing,
      noMatch,
      h("div", { class: "tracker-wrap" }, table),
    ),
  );
  apply(false);
  // An action asked for by the address is shown even if a filter would hide it.
  if (query.action && bodies.some((b) => b.dataset.actionId === query.action && b.hidden)) {
    for (const select of selects.values()) select.value = "";
    apply(false);
  }
  return view;
}

/**
 * After the tracker is on the page: open the asked-for action's history, scroll it into view and put
 * the keyboard on it. False when there is no such action.
 */
export function revealAction(root: HTMLElement, actionId: string): boolean {
  const body = [...root.querySelectorAll<HTMLElement>("tbody[data-action-id]")].find((b) => b.dataset.actionId === actionId);
  if (!body) return false;
  body.classList.add("targeted");
  const toggle = body.querySelector<HTMLElement>(".history-toggle");
  const row = body.querySelector<HTMLElement>(".history-row");
  if (toggle && row) setExpanded(toggle, row, true);
  body.scrollIntoView({ block: "start" });
  toggle?.focus({ preventScroll: true });
  return true;
}

/** The round page's "Actions from this round": each links to its row in the tracker; one link opens them all there. */
export function roundActionsSection(dto: RoundDetailDto): HTMLElement | null {
  const actions = dto.actions ?? [];
  if (actions.length === 0) return null;
  return h(
    "section",
    { class: "card", "data-testid": "round-actions", "aria-label": "Actions from this round" },
    h("h2", null, "Actions from this round"),
    h(
      "ul",
      { class: "round-actions" },
      actions.map((a) =>
        h(
          "li",
          { "data-action-id": a.id },
          h("a", { href: routes.tracker(dto.board.id, { action: a.id }) }, a.title),
          h("span", { class: "subtle small" }, ` — ${a.organisation} · due ${a.dueText} `),
          badge(a.badge),
        ),
      ),
    ),
    h("p", null, h("a", { href: routes.tracker(dto.board.id, { round: dto.round.id }), "data-field": "round-tracker-link" }, `See ${actions.length === 1 ? "it" : `all ${actions.length}`} in the action tracker`)),
  );
}
