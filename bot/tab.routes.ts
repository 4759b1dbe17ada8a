import type { Request, Response, Server } from "restify";
import type { Clock } from "../services/clock.ts";
import type { Config } from "../services/config/config.ts";
import { DashboardService, type Viewer, type DashboardDeps } from "../services/dashboard/dashboard.service.ts";
import type { ApiErrorDto } from "../services/dashboard/dashboard.types.ts";
import { InvalidTokenError, SsoUnavailableError, TeamsSsoVerifier } from "../services/dashboard/sso.ts";
import type { Logger } from "../services/logging/logger.ts";
import { RoundNotFoundError } from "../services/rounds/errors.ts";
import { ForbiddenError } from "../services/boards/errors.ts";
import type { LiveService } from "../services/live/live.service.ts";
import { registerLiveRoutes } from "./live.routes.ts";
import { asset, buildTabBundle, readStatic, teamsValidOrigins, type StaticName, type TabAsset, type TabBundle } from "../tab/build.ts";

/** What the dashboard's logic needs, plus the config and logger for the HTTP side. */
export type TabRouteDeps = Omit<DashboardDeps, "timeZone"> & {
  config: Pick<Config, "authEnabled" | "credentials" | "tabSso" | "devUserAadId" | "timeZone">;
  logger: Logger;
  /** The live workshop API (bot/live.routes.ts), behind the same sign-in. */
  live?: LiveService;
};

/**
 * Where Teams (and the other Microsoft 365 hosts that run Teams tabs) may frame the dashboard.
 * Nothing else may: the page is only useful, and only safe to click in, inside them.
 */
export const TEAMS_FRAME_ANCESTORS = [
  "'self'",
  "https://teams.microsoft.com",
  "https://*.teams.microsoft.com",
  "https://teams.cloud.microsoft",
  "https://*.cloud.microsoft",
  "https://*.office.com",
  "https://*.microsoft365.com",
];

/** The tab's pages load only their own script, styles and API, and may be framed only by Teams. */
export const TAB_PAGE_HEADERS: Record<string, string> = {
  "Content-Security-Policy": [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    `frame-ancestors ${TEAMS_FRAME_ANCESTORS.join(" ")}`,
  ].join("; "),
  "X-Content-Type-Options": "nosniff",
  // Download links on the page are signed capability URLs: don't hand them on as a referrer.
  "Referrer-Policy": "no-referrer",
};

/** API answers are per-user: never cached, never sniffed, never framed. */
const API_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "private, no-store",
};

/** Addresses of this machine. In local mode the API answers nobody else, whatever HOST says. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function sendAsset(req: Request, res: Response, file: TabAsset, cache: string): void {
  const headers: Record<string, string> = { ...TAB_PAGE_HEADERS, "Content-Type": file.contentType, "Cache-Control": cache, ETag: file.etag };
  if (req.headers["if-none-match"] === file.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { ...headers, "Content-Length": String(file.body.length) });
  res.end(file.body);
}

function sendJson(res: Response, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...API_HEADERS, "Content-Type": "application/json; charset=utf-8", "Content-Length": String(Buffer.byteLength(text)), ...extra });
  res.end(text);
}

function sendError(res: Response, status: number, error: ApiErrorDto["error"], message: string): void {
  const extra: Record<string, string> = status === 401 ? { "WWW-Authenticate": 'Bearer error="invalid_token"' } : {};
  sendJson(res, status, { error, message } satisfies ApiErrorDto, extra);
}

/** The bundle is built once per process, on first use (tests that never open the tab never pay for it). */
let bundle: Promise<TabBundle> | undefined;
function tabBundle(): Promise<TabBundle> {
  bundle ??= buildTabBundle().catch((err: unknown) => {
    bundle = undefined; // let the next request try again (e.g. after fixing a syntax error)
    throw err;
  });
  return bundle;
}

const MAX_ID_CHARS = 300;

/**
 * The dashboard tab and its JSON API:
 *
 *   GET /tab/                the dashboard page (static and channel tab)      GET /tab/config  the channel tab's setup page
 *   GET /tab/app.js, /tab/config.js, /tab/app.css, /tab/valid-origins.json
 *   GET /api/me                                       who the caller is, and whether this is local mode
 *   GET /api/boards                                   boards the caller may open
 *   GET /api/boards/:boardId/rounds                   the board's rounds with status, deadline (UK time) and response rate
 *   GET /api/boards/:boardId/rounds/:roundId          progress, results as the caller may see them, officers' downloads, the round's actions
 *   GET /api/boards/:boardId/actions                  the action tracker: the board's actions, status in words, each one's history
 *
 * With an app ID every API call needs a Teams SSO token (401 without a valid one; 403 for a board the
 * caller may not see). Without one (local mode) the API answers loopback callers only, as DEV_USER_AAD_ID.
 */
export function registerTabRoutes(server: Server, deps: TabRouteDeps): void {
  const { config, logger } = deps;
  const dashboard = new DashboardService({
    rounds: deps.rounds,
    deliveries: deps.deliveries,
    responses: deps.responses,
    roundService: deps.roundService,
    summaries: deps.summaries,
    summariesRepo: deps.summariesRepo,
    directory: deps.directory,
    links: deps.links,
    clock: deps.clock,
    timeZone: config.timeZone,
    ...(deps.actions ? { actions: deps.actions } : {}),
  });
  const verifier = config.authEnabled
    ? new TeamsSsoVerifier({
        audience: config.tabSso.audience,
        ...(config.tabSso.issuer ? { issuer: config.tabSso.issuer } : {}),
        jwksUrl: config.tabSso.jwksUrl,
        ...(config.credentials.tenantId ? { tenantId: config.credentials.tenantId } : {}),
        clock: deps.clock,
      })
    : undefined;

  // ——— pages and assets ———
  const statics = new Map<string, TabAsset>();
  const page = (name: StaticName) => {
    let file = statics.get(name);
    if (!file) statics.set(name, (file = readStatic(name)));
    return file;
  };
  const pageRoute = (name: StaticName) => async (req: Request, res: Response) => {
    try {
      sendAsset(req, res, page(name), "no-cache");
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err), file: name }, "tab file missing");
      sendError(res, 503, "unavailable", "The dashboard isn't available just now.");
    }
  };
  server.get("/tab", async (_req: Request, res: Response) => {
    res.writeHead(301, { Location: "/tab/", "Content-Length": "0" });
    res.end();
  });
  server.get("/tab/", pageRoute("index.html"));
  server.get("/tab/config", pageRoute("config.html"));
  server.get("/tab/app.css", pageRoute("app.css"));
  // The meeting pages (live workshops): the side panel and meeting chat tab, and the shared stage.
  server.get("/tab/live", pageRoute("live.html"));
  server.get("/tab/stage", pageRoute("stage.html"));
  server.get("/tab/live.css", pageRoute("live.css"));
  const script = (name: keyof TabBundle) => async (req: Request, res: Response) => {
    try {
      sendAsset(req, res, (await tabBundle())[name], "no-cache");
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, "building the dashboard tab failed");
      sendError(res, 503, "unavailable", "The dashboard isn't available just now.");
    }
  };
  server.get("/tab/app.js", script("app.js"));
  server.get("/tab/config.js", script("config.js"));
  server.get("/tab/live.js", script("live.js"));
  let origins: TabAsset | undefined;
  server.get("/tab/valid-origins.json", async (req: Request, res: Response) => {
    origins ??= asset(JSON.stringify({ validOrigins: teamsValidOrigins() }), "application/json; charset=utf-8");
    sendAsset(req, res, origins, "public, max-age=3600");
  });

  // ——— the API ———
  const viewerOf = async (req: Request, res: Response): Promise<Viewer | undefined> => {
    if (!verifier) {
      if (!isLoopbackAddress(req.socket?.remoteAddress)) {
        logger.warn({ path: req.path() }, "refused a dashboard API call from another machine (local mode)");
        sendError(res, 403, "forbidden", "In local mode the dashboard API only answers this computer.");
        return undefined;
      }
      return { mode: "local", aadObjectId: config.devUserAadId ?? "" };
    }
    const header = req.headers.authorization;
    try {
      const user = await verifier.verify(TeamsSsoVerifier.bearer(typeof header === "string" ? header : undefined));
      return { mode: "teams", aadObjectId: user.aadObjectId, tenantId: user.tenantId, ...(user.name ? { name: user.name } : {}) };
    } catch (err) {
      if (err instanceof SsoUnavailableError) {
        logger.error({ err: err.message }, "couldn't check a Teams SSO token");
        sendError(res, 503, "unavailable", "Couldn't check your Teams sign-in just now. Please try again in a moment.");
      } else {
        logger.warn({ path: req.path(), reason: err instanceof InvalidTokenError ? err.message : "invalid token" }, "refused a dashboard API call");
        sendError(res, 401, "unauthorized", "A valid Teams sign-in token is required.");
      }
      return undefined;
    }
  };

  const api = (handler: (viewer: Viewer, req: Request) => Promise<unknown> | unknown) => async (req: Request, res: Response) => {
    const viewer = await viewerOf(req, res);
    if (!viewer) return;
    try {
      sendJson(res, 200, await handler(viewer, req));
    } catch (err) {
      if (err instanceof ForbiddenError) return sendError(res, 403, "forbidden", err.message);
      if (err instanceof RoundNotFoundError) return sendError(res, 404, "not_found", err.message);
      logger.error({ path: req.path(), err: err instanceof Error ? err.message : String(err) }, "dashboard API call failed");
      if (!res.headersSent) sendError(res, 503, "unavailable", "Couldn't load that just now. Please try again in a moment.");
    }
  };
  const param = (req: Request, name: string): string => {
    const value = String((req.params as Record<string, unknown> | undefined)?.[name] ?? "");
    if (value === "" || value.length > MAX_ID_CHARS) throw new RoundNotFoundError();
    return value;
  };

  const handlers: Record<TabApiRoute, (viewer: Viewer, req: Request) => Promise<unknown>> = {
    "/api/me": (viewer) => dashboard.me(viewer),
    "/api/boards": (viewer) => dashboard.boards(viewer),
    "/api/boards/:boardId/rounds": (viewer, req) => dashboard.boardRounds(viewer, param(req, "boardId")),
    "/api/boards/:boardId/rounds/:roundId": (viewer, req) => dashboard.roundDetail(viewer, param(req, "boardId"), param(req, "roundId")),
    "/api/boards/:boardId/actions": (viewer, req) => dashboard.boardActions(viewer, param(req, "boardId")),
  };
  for (const route of TAB_API_ROUTES) server.get(route, api(handlers[route]));
  if (deps.live) registerLiveRoutes(server, { live: deps.live, logger, viewerOf, sendJson, sendError });
}

/** Every route of the dashboard's API (the cross-board test has a row for each). */
export const TAB_API_ROUTES = ["/api/me", "/api/boards", "/api/boards/:boardId/rounds", "/api/boards/:boardId/rounds/:roundId", "/api/boards/:boardId/actions"] as const;
export type TabApiRoute = (typeof TAB_API_ROUTES)[number];
