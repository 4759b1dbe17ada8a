import { pages } from "@microsoft/teams-js";
import { clear, h } from "./dom.ts";
import { applyTheme, connect, type Host } from "./teams.ts";

/**
 * The configurable tab's setup page (Teams shows it when someone adds the app as a tab to a channel,
 * a group chat or a meeting). There is nothing to choose, so the tab is valid at once and Save stores
 * the right page on this server:
 *   - in a meeting, the workshop page (/tab/live): the meeting's side panel and chat tab;
 *   - in a team's channel (or a group chat), the dashboard — the board is the team.
 */

/** A meeting: Teams gives its ID in the context; a meeting chat's thread ID also says so (19:meeting_…). */
export function inMeeting(host: Host): boolean {
  return Boolean(host.meetingId) || /^19:meeting_/.test(host.chatId ?? "");
}

function saveOnSave(settings: { entityId: string; contentUrl: string; websiteUrl?: string; suggestedDisplayName: string }): void {
  pages.config.registerOnSaveHandler((saveEvent) => {
    pages.config
      .setConfig(settings)
      .then(() => saveEvent.notifySuccess())
      .catch((err: unknown) => saveEvent.notifyFailure(err instanceof Error ? err.message : String(err)));
  });
  pages.config.setValidityState(true);
}

function meetingSetup(root: HTMLElement, origin: string): void {
  root.appendChild(
    h(
      "div",
      { class: "card" },
      h("h1", null, "Sounding Board workshop"),
      h(
        "p",
        null,
        "Officers of a board start a sticker vote, a quick question or a wall of ideas from the meeting's side panel; everyone takes part there, ",
        "and the results can be shared to the meeting stage — as counts and groups, never names. When it ends, the results become a round of the board.",
      ),
      h("p", { class: "subtle" }, "Select Save to add it."),
    ),
  );
  saveOnSave({ entityId: "sounding-board-live", contentUrl: `${origin}/tab/live`, suggestedDisplayName: "Sounding Board workshop" });
}

async function start(): Promise<void> {
  const root = document.getElementById("app")!;
  const host = await connect();
  applyTheme(host.theme);
  clear(root);
  if (host.inTeams && inMeeting(host)) {
    meetingSetup(root, window.location.origin);
    document.body.dataset.state = "ready";
    return;
  }
  if (!host.inTeams) {
    root.appendChild(
      h("div", { class: "card message" }, h("h1", null, "Open this page in Microsoft Teams"), h("p", null, "This is the setup page of the Sounding Board Dashboard tab. Add the tab to a channel in Teams to use it.")),
    );
    document.body.dataset.state = "ready";
    return;
  }
  root.appendChild(
    h(
      "div",
      { class: "card" },
      h("h1", null, "Sounding Board dashboard"),
      h(
        "p",
        null,
        host.teamName
          ? `The tab shows every round of ${host.teamName} — progress, the priority vote, commitments and what members said — as charts. `
          : "The tab shows the board's rounds — progress, the priority vote, commitments and what members said — as charts. ",
        "Each person sees what their role allows: members see published summaries only.",
      ),
      h("p", { class: "subtle" }, "Select Save to add it."),
    ),
  );
  const origin = window.location.origin;
  saveOnSave({ entityId: "sounding-board-dashboard", contentUrl: `${origin}/tab/?scope=team`, websiteUrl: `${origin}/tab/`, suggestedDisplayName: "Board dashboard" });
  document.body.dataset.state = "ready";
}

void start();
