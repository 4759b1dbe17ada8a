import { DateTime } from "luxon";

/**
 * Times people type and read are wall-clock times in the board's zone (Europe/London); storage is UTC.
 * Luxon does the zone arithmetic, so BST/GMT changes need no special cases here, except the
 * one hour a year that does not exist and the one that happens twice, which we refuse to guess.
 */
export class DeadlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeadlineError";
  }
}

/** "2026-12-04" + "17:00" in zone → UTC ISO. Refuses malformed, non-existent and ambiguous times. */
export function deadlineFromInputs(date: string, time: string, zone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new DeadlineError("Pick a deadline date.");
  if (!/^\d{2}:\d{2}(:\d{2})?$/.test(time)) throw new DeadlineError("Pick a deadline time.");
  const local = DateTime.fromISO(`${date}T${time.slice(0, 5)}`, { zone });
  if (!local.isValid) throw new DeadlineError("That deadline is not a real date and time.");
  // A wall time skipped by the spring clock change comes back shifted by luxon: catch it.
  if (local.toFormat("yyyy-MM-dd'T'HH:mm") !== `${date}T${time.slice(0, 5)}`) {
    throw new DeadlineError(`${time.slice(0, 5)} does not exist on ${date} in UK time (the clocks go forward). Pick another time.`);
  }
  // A wall time that happens twice in autumn: ask for an unambiguous one.
  const offsets = local.getPossibleOffsets();
  if (offsets.length > 1) {
    throw new DeadlineError(`${time.slice(0, 5)} happens twice on ${date} in UK time (the clocks go back). Pick another time.`);
  }
  return local.toUTC().toISO()!;
}

/** UTC ISO → the two inputs (date, time) in zone, to pre-fill a form. */
export function inputsFromDeadline(utcIso: string, zone: string): { date: string; time: string } {
  const local = DateTime.fromISO(utcIso, { zone: "utc" }).setZone(zone);
  return { date: local.toFormat("yyyy-MM-dd"), time: local.toFormat("HH:mm") };
}

/**
 * One Intl formatter per zone, kept: building one costs far more than using it, and every card a
 * member saves shows a couple of instants (the deadline, their last save).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h12" });
    formatters.set(zone, f);
  }
  return f;
}

/** "Friday 4 December 2026 at 5:00pm" in zone. */
export function formatForPeople(utcIso: string, zone: string): string {
  const at = DateTime.fromISO(utcIso, { zone: "utc" });
  if (!at.isValid) throw new RangeError(`not an ISO instant: ${utcIso}`);
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of formatterFor(zone).formatToParts(at.toMillis())) parts[p.type] = p.value;
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${(parts.dayPeriod ?? "").toLowerCase()}`;
}

/** "2 days left", "5 hours left", "40 minutes left", "Closed". */
export function timeLeft(nowUtc: DateTime, deadlineUtcIso: string): string {
  const deadline = DateTime.fromISO(deadlineUtcIso, { zone: "utc" });
  const ms = deadline.toMillis() - nowUtc.toMillis();
  if (ms <= 0) return "Closed";
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"} left`;
  // Whole elapsed units: plain arithmetic (a Duration shift cost more than the rest of a card).
  const days = Math.floor(ms / 86_400_000);
  if (days >= 2) return plural(days, "day");
  const hours = Math.floor(ms / 3_600_000);
  if (hours >= 1) return plural(hours, "hour");
  return plural(Math.max(1, Math.ceil(ms / 60_000)), "minute");
}

export const ZONE_LABEL = "UK time";
