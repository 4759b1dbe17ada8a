import type { LiveActivityDto } from "../../../services/live/live.types.ts";
import { clear, h } from "../dom.ts";
import type { Host } from "../teams.ts";
import { answerForm } from "./answer.ts";
import type { LiveClient } from "./client.ts";
import { manageSection } from "./manage.ts";
import { pollResults, type Poller } from "./poller.ts";
import { resultsBody } from "./results-view.ts";
import { voteForm } from "./vote.ts";
import { wallForm } from "./wall.ts";

/**
 * One activity in the side panel: what it asks, the caller's own part (stickers, an answer or their
 * cards), the live results in small, and for officers of its board, Share to stage and End. When it
 * ends — here or anywhere — the panel is told, and shows the ended state.
 */

export interface ActivityViewOptions {
  host: Host;
  client: LiveClient;
  /** The activity has ended (the dto is the ended activity). */
  onEnded(a: LiveActivityDto): void;
}

export interface ActivityView {
  el: HTMLElement;
  /** Stop polling (the panel is about to show something else). */
  dispose(): void;
}

/** The roundId's page in the dashboard tab (same server). */
export const roundLink = (a: LiveActivityDto) => `/tab/#/b/${encodeURIComponent(a.boardId)}/r/${encodeURIComponent(a.roundId ?? "")}`;

function heading(a: LiveActivityDto): HTMLElement {
  return h(
    "header",
    { class: "live-head" },
    h(
      "p",
      { class: "meta" },
      h("span", { class: "pill live-kind", "data-field": "kind" }, a.kindText),
      h("span", { class: `pill live-status status-${a.status}`, "data-field": "status" }, a.statusText),
    ),
    h("h1", { "data-field": "title" }, a.title),
    a.prompt ? h("p", { class: "live-prompt", "data-field": "prompt" }, a.prompt) : null,
    a.theme ? h("p", { class: "subtle small", "data-field": "theme" }, `Theme: ${a.theme}`) : null,
    h("p", { class: "subtle small", "data-field": "started" }, `${a.boardName} · ${a.startedText}`, a.endedText ? ` · ${a.endedText}` : ""),
    a.you.guest ? h("p", { class: "note guest-note", "data-field": "guest" }, "You're taking part as a guest: you're counted, never named.") : null,
  );
}

/** The ended state: the results are a round of the board now. */
export function endedNote(a: LiveActivityDto): HTMLElement {
  return h(
    "div",
    { class: "note ended-note", role: "status", "data-field": "ended" },
    h("strong", null, `Ended — the results are now a round of ${a.boardName}.`),
    a.you.canManage && a.roundId ? [" ", h("a", { href: roundLink(a), "data-field": "round-link" }, "Open the round in the dashboard")] : null,
  );
}

export function activityView(initial: LiveActivityDto, options: ActivityViewOptions): ActivityView {
  const { client } = options;
  let activity = initial;
  let poller: Poller | undefined;
  let gone = false;
  const resultsBox = h("div", { class: "panel-results" }, h("p", { class: "loading" }, "Loading the results…"));
  const resultsProblem = h("p", { class: "warn", role: "status", "data-field": "results-problem", hidden: true });

  const save = (input: Parameters<LiveClient["saveMine"]>[1]) => client.saveMine(activity.id, input);
  const afterSave = (dto: LiveActivityDto) => {
    activity = dto;
    poller?.refresh(); // show one's own contribution in the results at once
  };
  const part =
    activity.kind === "vote" ? voteForm(activity, save, afterSave) : activity.kind === "question" ? answerForm(activity, save, afterSave) : wallForm(activity, save, afterSave);

  const ended = (dto: LiveActivityDto) => {
    if (gone) return;
    dispose();
    options.onEnded(dto);
  };

  const el = h(
    "div",
    { class: "activity", "data-testid": "activity", "data-activity-id": activity.id, "data-kind": activity.kind, "data-status": activity.status },
    h("section", { class: "card", "aria-labelledby": "take-part" }, heading(activity), h("h2", { id: "take-part", class: "visually-hidden" }, "Take part"), activity.status === "open" ? part : endedNote(activity)),
    h("section", { class: "card", "data-testid": "panel-results", "aria-labelledby": "results-heading" }, h("h2", { id: "results-heading" }, "Live results"), resultsProblem, resultsBox),
    activity.you.canManage && activity.status === "open"
      ? manageSection(activity, { host: options.host, end: () => client.end(activity.id), ended })
      : null,
  );

  function dispose(): void {
    gone = true;
    poller?.stop();
  }

  poller = pollResults(client, activity.resultsPath, {
    onResults(dto) {
      clear(resultsBox);
      resultsBox.appendChild(resultsBody(dto));
      resultsProblem.hidden = true;
      // Ended by an officer somewhere else: fetch the ended activity (its round) and show that.
      if (dto.status === "ended" && activity.status === "open") {
        client.activity(activity.id).then(ended, () => ended({ ...activity, status: "ended", statusText: "Ended" }));
      }
    },
    onError(err, final) {
      resultsProblem.textContent = final ? err.message : `Couldn't update the results just now (${err.message}). Trying again…`;
      resultsProblem.hidden = false;
    },
    onRecovered() {
      resultsProblem.hidden = true;
    },
  });

  return { el, dispose };
}
