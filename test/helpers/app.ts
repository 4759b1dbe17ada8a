import { startApp, type AppOptions, type RunningApp } from "../../bot/app.ts";
import { loadConfig } from "../../services/config/config.ts";
import { uniquePrefix, type TestAzurite } from "./azurite.ts";

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
