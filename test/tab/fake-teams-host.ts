import type { BrowserContext, Page } from "playwright-core";

/**
 * Just enough of Teams to host the tab: a page "at https://teams.microsoft.com" (served by Playwright's
 * router, so nothing leaves the machine) that frames the tab and answers teams-js's postMessage
 * protocol — initialize, getContext, authentication.getAuthToken, the configuration page's
 * setSettings, a meeting's shareAppContentToStage and getAppContentStageSharingCapabilities — and can
 * send a theme change. Every message the tab sends is kept in window.__messages (with its args: the
 * URL shared to the stage is the first). teams-js checks the host's origin against its own list,
 * which is why the host must look like teams.microsoft.com.
 */
export const FAKE_HOST_URL = "https://teams.microsoft.com/_sounding-board-test/host";
/**
 * Where the tab "is" for the browser. Teams frames tabs from their public HTTPS domain, and Chromium
 * won't let a public page frame a loopback address anyway, so requests to this origin are passed to
 * the local test server by Playwright (headers, the Authorization one included, go through as sent).
 */
export const PUBLIC_TAB_ORIGIN = "https://sounding-board.example.test";

export interface FakeHostOptions {
  /** The local test server the public origin stands for. */
  serverUrl: string;
  /** Path of the page to frame, e.g. "/tab/?scope=team". */
  tabPath: string;
  /** "content": a tab (also a meeting's chat tab); "settings": the setup page; "sidePanel" and "meetingStage": in a meeting. */
  frameContext: "content" | "settings" | "sidePanel" | "meetingStage";
  /** Teams' legacy context fields (teamId, chatId, meetingId, userObjectId, theme…), as teams-js receives them. */
  context: Record<string, unknown>;
  token: string;
  /** How the host answers meeting.shareAppContentToStage: shares it (default), or refuses with this SDK error. */
  shareRefusal?: { errorCode: number; message?: string };
  /** What meeting.getAppContentStageSharingCapabilities says (default: the app may share). */
  mayShareToStage?: boolean;
}

export interface HostMessage {
  func: string;
  args: unknown[];
}

function hostPage(o: FakeHostOptions): string {
  const runtime = {
    apiVersion: 4,
    isLegacyTeams: false,
    supports: {
      appInstallDialog: {},
      dialog: { card: { bot: {} }, url: { bot: {} }, update: {} },
      meeting: {},
      pages: { appButton: {}, backStack: {}, config: {}, currentApp: {}, fullTrust: {}, tabs: {} },
      teamsCore: {},
    },
  };
  const config = JSON.stringify({
    tabOrigin: PUBLIC_TAB_ORIGIN,
    frameContext: o.frameContext,
    runtime: JSON.stringify(runtime),
    context: o.context,
    token: o.token,
    shareRefusal: o.shareRefusal ?? null,
    mayShareToStage: o.mayShareToStage ?? true,
  });
  return `<!doctype html>
<html><head><title>Teams (test host)</title><style>body{margin:0}iframe{border:0;width:100%;height:100vh;display:block}</style></head>
<body>
<iframe id="tab" title="Sounding Board" src="${PUBLIC_TAB_ORIGIN}${o.tabPath}"></iframe>
<script>
const cfg = ${config.replace(/</g, "\\u003c")};
window.__messages = [];
const frame = document.getElementById("tab");
window.addEventListener("message", (ev) => {
  if (ev.origin !== cfg.tabOrigin || !ev.data || typeof ev.data !== "object") return;
  const msg = ev.data;
  window.__messages.push({ func: msg.func, args: msg.args || [] });
  const reply = (args) => ev.source.postMessage({ id: msg.id, uuidAsString: msg.uuidAsString, args }, ev.origin);
  switch (msg.func) {
    case "initialize": return reply([cfg.frameContext, "web", cfg.runtime, "2.0.0"]);
    case "getContext": return reply([{ ...cfg.context, frameContext: cfg.frameContext }]);
    case "authentication.getAuthToken": return reply([true, cfg.token]);
    case "settings.setSettings": return reply([true]);
    // teams-js calls back (error, result): no error and true when the content is on the stage.
    case "meeting.shareAppContentToStage": return reply(cfg.shareRefusal ? [cfg.shareRefusal, null] : [undefined, true]);
    case "meeting.getAppContentStageSharingCapabilities": return reply([undefined, { doesAppHaveSharePermission: cfg.mayShareToStage }]);
    default: if (typeof msg.id === "number") reply([]);
  }
});
window.__send = (func, args) => frame.contentWindow.postMessage({ func, args }, cfg.tabOrigin);
</script>
</body></html>`;
}

/** Serve the fake host page at FAKE_HOST_URL in this browser context and open it. Returns the tab's frame. */
export async function openInFakeTeams(context: BrowserContext, page: Page, options: FakeHostOptions) {
  await context.route(`${PUBLIC_TAB_ORIGIN}/**`, async (route) => {
    const url = route.request().url().replace(PUBLIC_TAB_ORIGIN, options.serverUrl);
    await route.fulfill({ response: await route.fetch({ url, maxRedirects: 0 }) });
  });
  await context.route(`${FAKE_HOST_URL}*`, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: hostPage(options) }));
  await page.goto(FAKE_HOST_URL);
  const frame = page.frameLocator("#tab");
  return {
    frame,
    messages: () => page.evaluate(() => (window as unknown as { __messages: HostMessage[] }).__messages),
    send: (func: string, args: unknown[]) => page.evaluate(([f, a]) => (window as unknown as { __send: (f: string, a: unknown[]) => void }).__send(f as string, a as unknown[]), [func, args] as const),
  };
}
