import type { AddressInfo } from "node:net";
import restify from "restify";
import type { ActivityHandler } from "botbuilder";
import type { BoardAdapter } from "./adapter.ts";
import type { Logger } from "../services/logging/logger.ts";
import { errorSummary } from "./sounding-board.bot.ts";

export interface ServerDeps {
  adapter: BoardAdapter;
  /** With auth on, a request with no bearer token is refused before the adapter does any work. */
  authEnabled: boolean;
  bot: ActivityHandler;
  /** True when storage answers; /healthz reports it. */
  healthy(): Promise<boolean>;
  /**
   * What /readyz reports: whether this instance should be sent traffic — storage answers and the
   * scheduler (reminders, closes, resumed deliveries) is running. Without it /readyz is /healthz.
   */
  ready?(): Promise<Readiness>;
  /** More read-only routes (reports and exports). */
  routes?: (server: restify.Server) => void;
  logger: Logger;
}

export interface Readiness {
  storage: boolean;
  scheduler: boolean;
}

export interface HttpServer {
  listen(host: string, port: number): Promise<number>;
  /** Stop accepting, let in-flight requests finish (up to graceMs), then drop what is left. */
  close(graceMs: number): Promise<void>;
}

/**
 * restify → CloudAdapter → bot, plus the platform's probes:
 * - /healthz (liveness, and Docker's HEALTHCHECK): 200 while the process serves and its storage answers;
 * - /readyz (readiness): 200 only when storage answers and the scheduler is running.
 * Both are 503 once shutdown has begun. Nothing else is exposed.
 */
export function createHttpServer(deps: ServerDeps): HttpServer {
  const server = restify.createServer({ name: "sounding-board", handleUncaughtExceptions: false });
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;

  server.pre((req, res, next) => {
    inFlight += 1;
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      inFlight -= 1;
      if (draining && inFlight === 0) drained?.();
    };
    res.once("finish", done);
    res.once("close", done);
    if (draining) {
      res.setHeader("Connection", "close");
      res.send(503, { error: "shutting down" });
      return next(false);
    }
    return next();
  });
  // Bot Framework activities are small; 1 MB is generous and caps abuse.
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));

  server.post("/api/messages", async (req, res) => {
    if (deps.authEnabled && !/^Bearer\s+\S/i.test(req.headers.authorization ?? "")) {
      // CloudAdapter would refuse this too (and print a stack trace per probe); say 401 cheaply.
      deps.logger.warn({ path: "/api/messages" }, "refused a request without a Bot Framework token");
      res.send(401, { error: "unauthorized" });
      return;
    }
    try {
      const result = await deps.adapter.handle(req.body, req.headers.authorization ?? "", (ctx) => deps.bot.run(ctx));
      if (result.authFailure) deps.logger.warn({ reason: result.authFailure }, "refused a request whose Bot Framework token did not check out");
      if (result.body === undefined) res.send(result.status);
      else res.send(result.status, result.body);
    } catch (err) {
      deps.logger.error({ err: errorSummary(err) }, "request failed");
      if (!res.headersSent) res.send(500, { error: "internal error" });
    }
  });

  deps.routes?.(server);

  server.get("/healthz", async (_req, res) => {
    const storageOk = !draining && (await deps.healthy());
    res.send(storageOk ? 200 : 503, { status: storageOk ? "ok" : "unavailable", storage: storageOk ? "ok" : "unreachable" });
  });

  server.get("/readyz", async (_req, res) => {
    if (draining) {
      res.send(503, { status: "not ready", reason: "shutting down" });
      return;
    }
    const checks: Readiness = deps.ready ? await deps.ready() : { storage: await deps.healthy(), scheduler: true };
    const ready = checks.storage && checks.scheduler;
    res.send(ready ? 200 : 503, {
      status: ready ? "ready" : "not ready",
      storage: checks.storage ? "ok" : "unreachable",
      scheduler: checks.scheduler ? "running" : "not started",
    });
  });

  return {
    listen(host, port) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.removeListener("error", reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    async close(graceMs) {
      draining = true;
      const httpServer = server.server;
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => { drained = resolve; }),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      httpServer.closeAllConnections();
      await closed;
    },
  };
}
