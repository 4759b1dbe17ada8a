import { app, authentication } from "@microsoft/teams-js";

/** Teams' three themes; the page's CSS variables follow them (data-theme on <html>). */
export type Theme = "default" | "dark" | "contrast";

export interface Host {
  /** True once teams-js has connected to a Teams (or other Microsoft 365) host. */
  inTeams: boolean;
  theme: Theme;
  /** The team's thread ID (19:…@thread.tacv2): the bot's board ID. Absent in the personal tab and in group chats. */
  teamId?: string;
  teamName?: string;
  userId?: string;
  tenantId?: string;
  /** "content" for a tab (and a meeting's chat tab), "settings" for the configuration page, "sidePanel" and "meetingStage" in a meeting. */
  frameContext?: string;
  /** The chat's conversation ID (19:…@thread.v2): in a meeting, the meeting chat the bot knows it by. */
  chatId?: string;
  /** The meeting's ID: present only inside a meeting (its chat, side panel, stage or tab setup). */
  meetingId?: string;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms);
    work.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e: unknown) => { clearTimeout(timer); reject(e instanceof Error ? e : new Error(String(e))); },
    );
  });
}

export function asTheme(value: string | null | undefined): Theme | undefined {
  return value === "default" || value === "dark" || value === "contrast" ? value : undefined;
}

/** Outside Teams: ?theme=dark|contrast|default, else the browser's own preference. */
export function browserTheme(): Theme {
  const asked = asTheme(new URLSearchParams(location.search).get("theme"));
  if (asked) return asked;
  if (window.matchMedia?.("(forced-colors: active)").matches) return "contrast";
  if (window.matchMedia?.("(prefers-color-scheme: dark)").matches) return "dark";
  return "default";
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/**
 * Connect to Teams. In a plain browser teams-js rejects at once (no parent window); framed by
 * something that isn't Teams it would wait forever, hence the timeout. Either way: not in Teams.
 */
export async function connect(timeoutMs = 5000): Promise<Host> {
  try {
    await withTimeout(app.initialize(), timeoutMs, "Teams initialisation");
    const ctx = await withTimeout(app.getContext(), timeoutMs, "Teams context");
    app.registerOnThemeChangeHandler((theme) => applyTheme(asTheme(theme) ?? "default"));
    return {
      inTeams: true,
      theme: asTheme(ctx.app.theme) ?? "default",
      ...(ctx.team?.internalId ? { teamId: ctx.team.internalId } : {}),
      ...(ctx.team?.displayName ? { teamName: ctx.team.displayName } : {}),
      ...(ctx.user?.id ? { userId: ctx.user.id } : {}),
      ...(ctx.user?.tenant?.id ? { tenantId: ctx.user.tenant.id } : {}),
      ...(ctx.chat?.id ? { chatId: ctx.chat.id } : {}),
      ...(ctx.meeting?.id ? { meetingId: ctx.meeting.id } : {}),
      frameContext: String(ctx.page.frameContext ?? ""),
    };
  } catch {
    return { inTeams: false, theme: browserTheme() };
  }
}

/** The Teams SSO token for our API (Teams caches it and refreshes it when it expires). */
export function ssoToken(): Promise<string> {
  return withTimeout(authentication.getAuthToken(), 15_000, "Teams sign-in");
}
