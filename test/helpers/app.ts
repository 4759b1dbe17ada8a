import http from "node:http";
import { startApp, type AppOptions, type RunningApp } from "../../bot/app.ts";
import { loadConfig } from "../../services/config/config.ts";
import { uniquePrefix, type TestAzurite } from "./azurite.ts";
import { actionInvoke, type TestTeam, type TestUser } from "./activities.ts";
import { expandOpener } from "./card-submit.ts";

/** The real server (restify + CloudAdapter + bot + storage) on a free loopback port, on fresh tables. */
export async function startTestApp(azurite: TestAzurite, env: Record<string, string> = {}, options: AppOptions = {}): Promise<RunningApp> {
  const config = loadConfig({
    TABLES_CONNECTION_STRING: azurite.connectionString,
    TABLES_PREFIX: uniquePrefix(),
    PORT: "0",
    LOG_LEVEL: "silent",
    SHUTDOWN_GRACE_MS: "30000",
    ...env,
  });
  // Tests drive the scheduler themselves (tick() on a controlled clock): no background timer.
  return startApp(config, { startScheduler: false, ...options });
}

export interface PostResult {
  status: number;
  body: unknown;
}

/** POST an activity the way the Bot Connector does. */
export async function postActivity(app: RunningApp, activity: object, headers: Record<string, string> = {}): Promise<PostResult> {
  const res = await fetch(`${app.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text;
  try { body = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
  return { status: res.status, body };
}

/**
 * POST through a keep-alive agent with a bounded socket pool: a thousand "simultaneous" Teams
 * requests arrive over many connections, but no client opens a thousand sockets at once (which
 * overflows the listen backlog and is nothing Teams does).
 */
const pooled = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function postActivityPooled(app: RunningApp, activity: object): Promise<PostResult> {
  const body = JSON.stringify(activity);
  const url = new URL(`${app.url}/api/messages`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: url.hostname, port: url.port, path: url.pathname, method: "POST", agent: pooled, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try { parsed = text ? JSON.parse(text) : undefined; } catch { /* keep text */ }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The form behind an opener card in `user`'s chat (or the board's channel), as "Show it here" gives it. */
export function openedForm(app: RunningApp, serviceUrl: string, user: TestUser, card: unknown, where: { inChannel?: boolean; team?: TestTeam } = {}): Promise<Record<string, unknown>> {
  return expandOpener(card, async (verb, data) => (await postActivity(app, actionInvoke({ serviceUrl, user, verb, data, ...where }))).body);
}
