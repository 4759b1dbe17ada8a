import { pages } from "@microsoft/teams-js";
import { clear, h } from "./dom.ts";
import { applyTheme, connect } from "./teams.ts";

/**
 * The configurable tab's setup page (Teams shows it when someone adds the Dashboard tab to a channel
 * or group chat). There is nothing to choose — the board is the team — so the tab is valid at once and
 * Save stores the dashboard's URL on this server.
 */
async function start(): Promise<void> {
  const root = document.getElementById("app")!;
  const host = await connect();
  applyTheme(host.theme);
  clear(root);
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
  pages.config.registerOnSaveHandler((saveEvent) => {
    pages.config
      .setConfig({
        entityId: "sounding-board-dashboard",
        contentUrl: `${origin}/tab/?scope=team`,
        websiteUrl: `${origin}/tab/`,
        suggestedDisplayName: "Board dashboard",
      })
      .then(() => saveEvent.notifySuccess())
      .catch((err: unknown) => saveEvent.notifyFailure(err instanceof Error ? err.message : String(err)));
  });
  pages.config.setValidityState(true);
  document.body.dataset.state = "ready";
}

void start();
