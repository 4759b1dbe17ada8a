import type { ProgressCardData } from "../../cards/progress.card.ts";
import { formatDueDate } from "../../services/accountability/due.ts";
import type { ProgressDigest } from "../../services/accountability/progress.service.ts";
import { PROGRESS_STATUSES, PROGRESS_TITLES } from "../../services/domain/action.ts";
import { formatForPeople } from "../../services/rounds/time.ts";

/** Lines per list in the channel card; the rest are counted ("… and 7 more") — the tab and the PDF have them all. */
export const PROGRESS_LINES = 10;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function section(heading: string, all: string[], limit: number) {
  return { heading, lines: all.slice(0, limit), more: Math.max(0, all.length - limit) };
}

export function progressCardData(digest: ProgressDigest, zone: string, limit = PROGRESS_LINES): ProgressCardData {
  const reported = digest.reportedOrganisations.length;
  const silent = digest.silentOrganisations.length;
  const statusFacts = [
    ...PROGRESS_STATUSES.filter((s) => digest.counts[s] > 0).map((s) => ({ title: PROGRESS_TITLES[s], value: String(digest.counts[s]) })),
    ...(digest.counts.no_update > 0 ? [{ title: "No update", value: String(digest.counts.no_update) }] : []),
  ];
  return {
    boardName: digest.boardName,
    subtitle: `closed ${formatForPeople(digest.closedAt, zone)}`,
    headline: `${plural(digest.actions, "action")} checked: ${plural(reported, "organisation")} reported${silent > 0 ? `, ${silent} did not` : ""}.`,
    statusFacts,
    sections: [
      section("What changed", digest.changes.map((c) => `${c.title} (${c.organisation}): ${c.from ? PROGRESS_TITLES[c.from] : "first update"} → ${PROGRESS_TITLES[c.to]}`), limit),
      section("Overdue", digest.overdue.map((o) => `${o.title} (${o.organisation}), due ${formatDueDate(o.dueDate)}`), limit),
      section("Did not report", digest.silentOrganisations, limit),
    ],
    footerText:
      (digest.next ? `The next check-in goes out ${formatForPeople(digest.next.opensAt, zone)} and closes ${formatForPeople(digest.next.deadline, zone)}. ` : "") +
      "Each action's history is in the board's tab (Actions). Updates are shown by organisation.",
  };
}
