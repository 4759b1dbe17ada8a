import type { LiveResultsDto } from "../../../services/live/live.types.ts";
import { ApiError } from "../api.ts";
import type { LiveClient } from "./client.ts";

/**
 * Live results without reloading: ask for the aggregates about once a second with the last ETag, so
 * an unchanged activity costs a 304 and no rendering. Polling pauses while the page is hidden (a
 * collapsed side panel, a background browser tab) and resumes at once when it is shown again; it
 * stops for good when the activity has ended (its results can't change) or the server says the
 * caller may not see it. A failed request is retried, more slowly, and reported to the page.
 */

export interface PollerOptions {
  intervalMs?: number;
  /** After a failure (a 503, a dropped connection): wait this long before the next try. */
  retryMs?: number;
  onResults(dto: LiveResultsDto): void;
  /** A failure; `final` when polling has stopped because of it (401, 403, 404). */
  onError(err: ApiError, final: boolean): void;
  /** After a good answer (200 or 304) following failures. */
  onRecovered?(): void;
}

export interface Poller {
  stop(): void;
  /** Ask now (e.g. right after saving), instead of at the next tick. */
  refresh(): void;
}

const FINAL_STATUSES = new Set([401, 403, 404]);

export function pollResults(client: LiveClient, path: string, options: PollerOptions): Poller {
  const interval = options.intervalMs ?? 1000;
  const retry = options.retryMs ?? 5000;
  let etag: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let again = false;
  let stopped = false;
  let failing = false;

  const schedule = (ms: number) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (stopped || document.hidden) return; // visibilitychange starts it again
    timer = setTimeout(tick, ms);
  };

  async function tick(): Promise<void> {
    timer = undefined;
    if (stopped) return;
    if (inFlight) {
      again = true; // one request at a time; a refresh during one asks again right after it
      return;
    }
    inFlight = true;
    let next = interval;
    try {
      const answer = await client.results(path, etag);
      if (failing) {
        failing = false;
        options.onRecovered?.();
      }
      if (answer) {
        etag = answer.etag;
        if (!stopped) options.onResults(answer.dto);
        if (answer.dto.status === "ended") stop();
      }
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, err instanceof Error ? err.message : String(err));
      const final = FINAL_STATUSES.has(apiErr.status);
      failing = true;
      if (final) stop();
      if (!stopped || final) options.onError(apiErr, final);
      next = retry;
    } finally {
      inFlight = false;
    }
    if (again) {
      again = false;
      next = 0;
    }
    schedule(next);
  }

  const onVisibility = () => {
    if (document.hidden) {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    } else if (!inFlight) {
      schedule(0);
    }
  };

  function stop(): void {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    document.removeEventListener("visibilitychange", onVisibility);
  }

  document.addEventListener("visibilitychange", onVisibility);
  schedule(0);
  return {
    stop,
    refresh: () => {
      if (stopped) return;
      if (inFlight) again = true;
      else schedule(0);
    },
  };
}
