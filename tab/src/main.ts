import type { BoardActionsDto, BoardRoundsDto, BoardsDto, MeDto, RoundDetailDto } from "../../services/dashboard/dashboard.types.ts";
import { ApiError, createApi, type Api } from "./api.ts";
import { clear, h } from "./dom.ts";
import { applyTheme, connect, ssoToken, type Host } from "./teams.ts";
import { revealAction, trackerView } from "./tracker.ts";
import { boardsView, boardView, messageView, parseRoute, roundView, routes } from "./views.ts";

/**
 * The dashboard tab. In Teams: connect, take the theme and the team (= board) from the context, and
 * call the API with the user's SSO token. In a plain browser: say so, and — when the server is in
 * local mode — carry on as its dev user without a token.
 */

const banner = document.getElementById("banner")!;
const main = document.getElementById("app")!;

function setState(state: "loading" | "ready" | "error"): void {
  document.body.dataset.state = state;
  main.setAttribute("aria-busy", state === "loading" ? "true" : "false");
}

function show(el: HTMLElement): void {
  clear(main);
  main.appendChild(el);
}

function explain(err: unknown): HTMLElement {
  if (err instanceof ApiError) {
    if (err.status === 401) return messageView("Sign-in needed", "Sounding Board couldn't confirm who you are. Close and reopen the tab in Teams.", "error");
    if (err.status === 403) return messageView("Not available to you", err.message, "error");
    if (err.status === 404) return messageView("Not found", err.message, "error");
    return messageView("Something went wrong", err.message, "error");
  }
  return messageView("Something went wrong", err instanceof Error ? err.message : String(err), "error");
}

let generation = 0;

async function render(api: Api, host: Host, moved: boolean): Promise<void> {
  const mine = (generation += 1);
  const current = () => mine === generation; // a later navigation wins over a slower answer
  let route = parseRoute(location.hash);
  // In a team's channel tab the board is the team itself.
  if (route.view === "boards" && host.teamId) route = { view: "board", boardId: host.teamId };
  setState("loading");
  let target: string | undefined;
  try {
    if (route.view === "boards") {
      const dto = await api.get<BoardsDto>("/api/boards");
      if (!current()) return;
      if (dto.boards.length === 1) {
        location.replace(routes.board(dto.boards[0]!.id));
        return;
      }
      show(boardsView(dto));
      document.title = "Sounding Board — boards";
    } else if (route.view === "board") {
      const dto = await api.get<BoardRoundsDto>(`/api/boards/${encodeURIComponent(route.boardId)}/rounds`);
      if (!current()) return;
      show(boardView(dto, { showBoardsLink: !host.teamId }));
      document.title = `Sounding Board — ${dto.board.name}`;
    } else if (route.view === "tracker") {
      const dto = await api.get<BoardActionsDto>(`/api/boards/${encodeURIComponent(route.boardId)}/actions`);
      if (!current()) return;
      show(trackerView(dto, route.query));
      document.title = `Sounding Board — ${dto.board.name} — actions`;
      target = route.query.action;
    } else {
      const dto = await api.get<RoundDetailDto>(`/api/boards/${encodeURIComponent(route.boardId)}/rounds/${encodeURIComponent(route.roundId)}`);
      if (!current()) return;
      show(roundView(dto));
      document.title = `Sounding Board — ${dto.round.title}`;
    }
    setState("ready");
    // A link to one action (from the round page): open its history and go to it.
    if (target && revealAction(main, target)) return;
    // After following a link, take screen readers (and the keyboard) to the new view.
    if (moved) {
      window.scrollTo(0, 0);
      main.focus({ preventScroll: true });
    }
  } catch (err) {
    if (!current()) return;
    show(explain(err));
    setState("error");
  }
}

function showBanner(...children: Array<string | HTMLElement>): void {
  clear(banner);
  banner.appendChild(h("div", { class: "banner", role: "status" }, ...children));
  banner.hidden = false;
}

async function start(): Promise<void> {
  setState("loading");
  const host = await connect();
  applyTheme(host.theme);
  document.body.dataset.host = host.inTeams ? "teams" : "browser";

  const api = createApi(host.inTeams ? ssoToken : undefined);
  let me: MeDto;
  try {
    me = await api.get<MeDto>("/api/me");
  } catch (err) {
    if (!host.inTeams) {
      show(messageView("Open this tab in Microsoft Teams", "The Sounding Board dashboard works inside Microsoft Teams: open the board's team and choose the Dashboard tab, or open Sounding Board from the apps bar."));
      setState("error");
      return;
    }
    show(explain(err));
    setState("error");
    return;
  }
  if (!host.inTeams) {
    showBanner(
      h("strong", null, "Open this tab in Microsoft Teams."),
      ` You're viewing it in a plain browser${me.mode === "local" ? `; the server is in local mode, so you see the dashboard as its dev user (${me.role}).` : "."}`,
    );
  }
  window.addEventListener("hashchange", () => void render(api, host, true));
  await render(api, host, false);
}

void start();
