import type { MeDto } from "../../../services/dashboard/dashboard.types.ts";
import { ApiError, createApi } from "../api.ts";
import { clear, h, type Child } from "../dom.ts";
import { applyTheme, connect, ssoToken, type Host } from "../teams.ts";
import { createLiveClient, type LiveClient } from "./client.ts";

/**
 * What the side panel and the stage share: connecting to Teams (or, in a plain browser, to a server in
 * local mode), the page's loading/ready/error state that tests and screen readers follow, and the
 * messages for what went wrong.
 */

export interface LivePage {
  host: Host;
  client: LiveClient;
  root: HTMLElement;
  /** Local mode in a plain browser: the server acts as its dev user, without a token. */
  local: boolean;
}

export function setState(root: HTMLElement, state: "loading" | "ready" | "error"): void {
  document.body.dataset.state = state;
  root.setAttribute("aria-busy", state === "loading" ? "true" : "false");
}

export function show(root: HTMLElement, ...children: Child[]): void {
  clear(root);
  for (const child of children) if (child instanceof Node) root.appendChild(child);
}

export function messageCard(title: string, text: string, kind: "info" | "error" = "info"): HTMLElement {
  return h("div", { class: `card message ${kind}`, role: kind === "error" ? "alert" : "status" }, h("h1", null, title), h("p", null, text));
}

/** An API failure in words: the server's own message, under a heading for what kind of failure it is. */
export function explain(err: unknown): HTMLElement {
  if (err instanceof ApiError) {
    if (err.status === 401) return messageCard("Sign-in needed", "Sounding Board couldn't confirm who you are. Close and reopen the app in Teams.", "error");
    if (err.status === 403) return messageCard("Not available to you", err.message, "error");
    if (err.status === 404) return messageCard("Not found", err.message, "error");
    return messageCard("Something went wrong", err.message, "error");
  }
  return messageCard("Something went wrong", err instanceof Error ? err.message : String(err), "error");
}

function showBanner(...children: Child[]): void {
  const banner = document.getElementById("banner");
  if (!banner) return;
  clear(banner);
  banner.appendChild(h("div", { class: "banner", role: "status" }, ...children));
  banner.hidden = false;
}

/**
 * Connect, take the theme, and make the API client. In Teams every call carries the SSO token. In a
 * plain browser the page works only against a server in local mode (it answers this computer as its
 * dev user); anywhere else it says to open the app in Teams and returns undefined.
 */
export async function openLivePage(outsideTeams: { title: string; text: string }): Promise<LivePage | undefined> {
  const root = document.getElementById("app")!;
  setState(root, "loading");
  const host = await connect();
  applyTheme(host.theme);
  document.body.dataset.host = host.inTeams ? "teams" : "browser";
  if (host.inTeams) return { host, client: createLiveClient(ssoToken), root, local: false };
  try {
    const me = await createApi().get<MeDto>("/api/me");
    if (me.mode !== "local") throw new ApiError(401, "not local mode");
    showBanner(h("strong", null, "Open this in a Microsoft Teams meeting."), ` You're viewing it in a plain browser; the server is in local mode, so you take part as its dev user.`);
    return { host, client: createLiveClient(), root, local: true };
  } catch {
    show(root, messageCard(outsideTeams.title, outsideTeams.text));
    setState(root, "error");
    return undefined;
  }
}

/** A query parameter of the page's own address (outside Teams, ?chat= stands in for the meeting chat). */
export function queryParam(name: string): string | undefined {
  const value = new URLSearchParams(location.search).get(name);
  return value && value.trim() !== "" ? value.trim() : undefined;
}
