import { DateTime } from "luxon";
import type { LiveActivity, LiveEntry } from "../domain/live.ts";
import { formatForPeople } from "../rounds/time.ts";
import type { Participant } from "./meeting-access.ts";
import type { LiveActivityDto } from "./live.types.ts";
import { KIND_TEXT } from "./live.rules.ts";

const clockTime = (iso: string, zone: string) => DateTime.fromISO(iso, { zone: "utc" }).setZone(zone).toFormat("h:mma").toLowerCase();

/** An activity as one participant sees it: the activity, and their own contribution (nobody else's). */
export function activityDto(a: LiveActivity, mine: LiveEntry | undefined, you: Pick<Participant, "canManage" | "guest">, timeZone: string): LiveActivityDto {
  return {
    id: a.id,
    boardId: a.boardId,
    boardName: a.boardName,
    kind: a.kind,
    kindText: KIND_TEXT[a.kind],
    title: a.title,
    ...(a.prompt ? { prompt: a.prompt } : {}),
    ...(a.theme ? { theme: a.theme } : {}),
    options: a.options.map((o) => ({ id: o.id, label: o.label })),
    stickers: a.stickers,
    stacking: a.stacking,
    maxChars: a.maxChars,
    postsPerPerson: a.postsPerPerson,
    allowGuests: a.allowGuests,
    status: a.status,
    statusText: a.status === "open" ? "Open" : "Ended",
    startedText: `Started ${formatForPeople(a.startedAt, timeZone)} by ${a.startedByName || "an officer"}`,
    ...(a.endedAt ? { endedText: `Ended at ${clockTime(a.endedAt, timeZone)}` } : {}),
    mine: {
      stickers: mine?.stickers ?? {},
      answer: mine?.answer ?? "",
      posts: mine?.posts ?? [],
      ...(mine ? { savedText: `Saved at ${clockTime(mine.savedAt, timeZone)}` } : {}),
    },
    you: { canManage: you.canManage, guest: you.guest },
    ...(a.roundId ? { roundId: a.roundId } : {}),
    resultsPath: `/api/live/${encodeURIComponent(a.id)}/results`,
    stagePath: `/tab/stage?live=${encodeURIComponent(a.id)}`,
  };
}
