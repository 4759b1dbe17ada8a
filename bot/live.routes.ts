import type { Request, Response, Server } from "restify";
import { z } from "zod";
import type { ApiErrorDto } from "../services/dashboard/dashboard.types.ts";
import type { Logger } from "../services/logging/logger.ts";
import type { LiveService } from "../services/live/live.service.ts";
import type { LiveViewer } from "../services/live/meeting-access.ts";
import { LIVE_LIMITS } from "../services/live/live.rules.ts";
import { knownErrorResult } from "./handlers/outcomes.ts";
import { boardIdSchema } from "./handlers/ids.ts";

/** Every route of the live workshop API, with its method (the cross-board test has a row for each). */
export const LIVE_API_ROUTES = [
  "GET /api/meetings/:chatId/live",
  "POST /api/meetings/:chatId/live",
  "GET /api/live/:activityId",
  "PUT /api/live/:activityId/mine",
  "GET /api/live/:activityId/results",
  "POST /api/live/:activityId/end",
] as const;
export type LiveApiRoute = (typeof LIVE_API_ROUTES)[number];

/** Meeting chats are "19:meeting_…@thread.v2"; any Teams chat id has this shape. */
const chatIdSchema = z.string().max(300).regex(/^19:[A-Za-z0-9_.=\-]+@thread\.[a-z0-9]+$/, "is not a Teams chat id");
const activityIdSchema = z.string().regex(/^l\d{8}-[0-9a-f]{8}$/, "is not a live activity id");

// Bodies are untrusted: every field typed and bounded here; the domain rules (live.rules.ts) say what is allowed.
const startSchema = z.object({
  boardId: boardIdSchema,
  kind: z.enum(["vote", "question", "wall"]),
  title: z.string().max(1000),
  prompt: z.string().max(5000).optional(),
  theme: z.string().max(1000).optional(),
  options: z.array(z.string().max(1000)).max(100).optional(),
  stickers: z.number().int().min(0).max(1000).optional(),
  stacking: z.boolean().optional(),
  allowGuests: z.boolean().optional(),
}).strict();
const mineSchema = z.union([
  z.object({ stickers: z.record(z.string().max(20), z.number().int().min(0).max(1000)) }).strict(),
  z.object({ answer: z.string().max(LIVE_LIMITS.answerChars * 2) }).strict(),
  z.object({ posts: z.array(z.string().max(LIVE_LIMITS.cardChars * 4)).max(50) }).strict(),
]);

export interface LiveRouteDeps {
  live: LiveService;
  logger: Logger;
  /** The dashboard's caller check (Teams SSO token, or local mode's dev user); undefined when it has answered already. */
  viewerOf(req: Request, res: Response): Promise<{ aadObjectId: string; tenantId?: string; name?: string } | undefined>;
  sendJson(res: Response, status: number, body: unknown, extra?: Record<string, string>): void;
  sendError(res: Response, status: number, error: ApiErrorDto["error"], message: string): void;
}

class BadInput extends Error {}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new BadInput(`That ${what} was not valid (${first && first.path.length > 0 ? `${first.path.join(".")}: ` : ""}${first?.message ?? "invalid"}).`);
  }
  return parsed.data;
}

const ERROR_CODES: Record<number, ApiErrorDto["error"]> = { 400: "bad_request", 403: "forbidden", 404: "not_found", 409: "conflict", 412: "conflict", 503: "unavailable" };

/**
 * The live workshop API (see services/live/live.types.ts for the routes and their answers), behind
 * the same sign-in as the dashboard. The results route answers 304 to a poll whose If-None-Match
 * is the current ETag, so a stage polling every second costs almost nothing while nothing changes.
 */
export function registerLiveRoutes(server: Server, deps: LiveRouteDeps): void {
  const { live, logger } = deps;
  const param = (req: Request, name: string) => String((req.params as Record<string, unknown> | undefined)?.[name] ?? "");
  const handlers: Record<LiveApiRoute, (viewer: LiveViewer, req: Request, res: Response) => Promise<unknown>> = {
    "GET /api/meetings/:chatId/live": (v, req) => live.meeting(v, parse(chatIdSchema, param(req, "chatId"), "meeting")),
    "POST /api/meetings/:chatId/live": (v, req) => live.start(v, parse(chatIdSchema, param(req, "chatId"), "meeting"), parse(startSchema, req.body, "activity")),
    "GET /api/live/:activityId": (v, req) => live.view(v, parse(activityIdSchema, param(req, "activityId"), "activity id")),
    "PUT /api/live/:activityId/mine": (v, req) => live.saveMine(v, parse(activityIdSchema, param(req, "activityId"), "activity id"), parse(mineSchema, req.body, "contribution")),
    "GET /api/live/:activityId/results": async (v, req, res) => {
      const { dto, etag } = await live.results(v, parse(activityIdSchema, param(req, "activityId"), "activity id"));
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, { ETag: etag, "Cache-Control": "private, no-cache", "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" });
        res.end();
        return undefined;
      }
      deps.sendJson(res, 200, dto, { ETag: etag, "Cache-Control": "private, no-cache" });
      return undefined;
    },
    "POST /api/live/:activityId/end": (v, req) => live.end(v, parse(activityIdSchema, param(req, "activityId"), "activity id")),
  };
  for (const route of LIVE_API_ROUTES) {
    const [method, path] = route.split(" ") as ["GET" | "POST" | "PUT", string];
    const handle = async (req: Request, res: Response) => {
      const viewer = await deps.viewerOf(req, res);
      if (!viewer) return;
      if (!viewer.aadObjectId) return deps.sendError(res, 403, "forbidden", "No user to act as: set DEV_USER_AAD_ID for local mode.");
      try {
        const body = await handlers[route](viewer, req, res);
        if (!res.headersSent) deps.sendJson(res, 200, body);
      } catch (err) {
        if (err instanceof BadInput) return deps.sendError(res, 400, "bad_request", err.message);
        const known = knownErrorResult(err);
        if (known?.kind === "error") return deps.sendError(res, known.status === 412 ? 409 : known.status, ERROR_CODES[known.status] ?? "unavailable", known.message);
        logger.error({ route, err: err instanceof Error ? err.message : String(err) }, "live API call failed");
        if (!res.headersSent) deps.sendError(res, 503, "unavailable", "Couldn't do that just now. Please try again in a moment.");
      }
    };
    if (method === "GET") server.get(path, handle);
    else if (method === "POST") server.post(path, handle);
    else server.put(path, handle);
  }
}
