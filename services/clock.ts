import { DateTime } from "luxon";

/** Time comes from a Clock so services and tests agree on "now" (tests pass a fixed one). */
export interface Clock {
  now(): DateTime;
}

export const systemClock: Clock = { now: () => DateTime.utc() };

/** A clock that stands still until moved: the only way tests should see time pass. */
export class ManualClock implements Clock {
  private current: DateTime;
  constructor(startIso: string) {
    const start = DateTime.fromISO(startIso, { zone: "utc" });
    if (!start.isValid) throw new Error(`ManualClock: invalid start time ${startIso}`);
    this.current = start;
  }
  now(): DateTime {
    return this.current;
  }
  set(iso: string): void {
    this.current = DateTime.fromISO(iso, { zone: "utc" });
  }
  advance(duration: { hours?: number; minutes?: number; seconds?: number; days?: number }): void {
    this.current = this.current.plus(duration);
  }
}

/** Storage always holds UTC ISO strings; people always read Europe/London (or the configured zone). */
export function toUtcIso(dt: DateTime): string {
  const iso = dt.toUTC().toISO();
  if (!iso) throw new Error("invalid DateTime");
  return iso;
}
