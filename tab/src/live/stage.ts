import type { LiveKind, LiveResultsDto } from "../../../services/live/live.types.ts";
import { clear, h } from "../dom.ts";
import { livePaths } from "./client.ts";
import { explain, messageCard, openLivePage, queryParam, setState, show } from "./page.ts";
import { pollResults } from "./poller.ts";
import { resultsBody } from "./results-view.ts";

/**
 * The meeting stage (/tab/stage?live=<id>): what everyone in the room sees once an officer shares an
 * activity. Read from across a room — big type, one chart or the clusters — in Teams' theme. It only
 * ever asks for the aggregates (no names exist in them), about once a second with the last ETag, and
 * stops when the activity has ended, leaving the final results up.
 */

const KIND_TEXT: Record<LiveKind, string> = { vote: "Sticker vote", question: "Quick question", wall: "Wall of ideas" };

function header(dto: LiveResultsDto): HTMLElement {
  return h(
    "header",
    { class: "stage-head" },
    h(
      "p",
      { class: "stage-meta" },
      h("span", { class: "pill live-kind" }, KIND_TEXT[dto.kind]),
      h("span", { class: `pill live-status status-${dto.status}`, "data-field": "status" }, dto.status === "ended" ? "Ended" : "Live"),
    ),
    h("h1", { "data-field": "title" }, dto.title),
    dto.prompt ? h("p", { class: "stage-prompt", "data-field": "prompt" }, dto.prompt) : null,
  );
}

export async function startStage(): Promise<void> {
  const page = await openLivePage({
    title: "Open this in a Microsoft Teams meeting",
    text: "This is the meeting stage of a Sounding Board workshop. An officer shares it from the app's side panel in the meeting.",
  });
  if (!page) return;
  const { root, client } = page;
  const activityId = queryParam("live");
  if (!activityId) {
    show(root, messageCard("No activity to show", "This stage link doesn't say which activity to show. Share it again from the side panel."));
    setState(root, "error");
    return;
  }

  // The last results stay up through a dropped connection; a note says they may be behind.
  const notice = h("p", { class: "warn stage-notice", role: "status", "data-field": "notice", hidden: true });
  const body = h("div", { class: "stage-body" });
  let shown = false;

  pollResults(client, livePaths.results(activityId), {
    onResults(dto) {
      clear(body);
      body.appendChild(header(dto));
      body.appendChild(resultsBody(dto));
      if (dto.status === "ended") body.appendChild(h("p", { class: "note stage-ended", "data-field": "ended" }, "This activity has ended: these are its final results."));
      document.title = `Sounding Board — ${dto.title}`;
      if (!shown) {
        shown = true;
        show(root, notice, body);
      }
      setState(root, "ready");
    },
    onError(err, final) {
      if (final || !shown) {
        show(root, explain(err));
        setState(root, "error");
        return;
      }
      notice.textContent = `Couldn't update just now (${err.message}). Trying again…`;
      notice.hidden = false;
    },
    onRecovered() {
      notice.hidden = true;
    },
  });
}
