import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import type { Delivery } from "../domain/delivery.ts";
import type { LiveActivity, LiveEntry } from "../domain/live.ts";
import type { RoundResponse } from "../domain/response.ts";
import type { Round, RoundDefinition } from "../domain/round.ts";
import { contributed } from "./live.rules.ts";

/**
 * The round a live activity becomes when it ends: same storage, same summary, digest, report and
 * tab as a 1:1 round. Its ID is derived from the activity's, so ending again after a crash finds
 * (and finishes) the same round rather than making a second.
 *
 * Who took part is its ledger: one "sent" delivery per person who contributed (a workshop invites
 * the people in the room). Guests are in it as "Guest" — counted, never named. The round is
 * anonymous: nothing in a workshop was said against a name, and every part resting on fewer than
 * two people is withheld, as in any anonymous round.
 */
export function liveRoundId(activity: Pick<LiveActivity, "id" | "startedAt">): string {
  const day = DateTime.fromISO(activity.startedAt, { zone: "utc" }).toFormat("yyyyMMdd");
  return `r${day}-${createHash("sha256").update(`live:${activity.id}`).digest("hex").slice(0, 8)}`;
}

export const WORKSHOP_MIN_RESPONDENTS = 2;

export function workshopDefinition(activity: LiveActivity, participants: number, guests: number): RoundDefinition {
  const workshop = { activityId: activity.id, kind: activity.kind, participants, guests };
  if (activity.kind === "vote") {
    return { kinds: ["vote"], questions: [], options: activity.options, votesPerMember: activity.stickers, allowMultipleVotesPerOption: activity.stacking, interventions: [], workshop };
  }
  const question = { id: "t1", theme: activity.theme ?? activity.title, text: activity.prompt ?? activity.title, kind: "view" as const };
  return { kinds: ["feedback"], questions: [question], options: [], interventions: [], workshop };
}

export function workshopRound(activity: LiveActivity, entries: readonly LiveEntry[], endedAt: string): { round: Round; deliveries: Delivery[]; responses: RoundResponse[] } {
  const taking = entries.filter(contributed).sort((a, b) => a.participantAadObjectId.localeCompare(b.participantAadObjectId));
  const id = liveRoundId(activity);
  const round: Round = {
    boardId: activity.boardId,
    id,
    tenantId: activity.tenantId,
    boardName: activity.boardName,
    title: activity.title,
    status: "closed",
    definition: workshopDefinition(activity, taking.length, taking.filter((e) => e.guest).length),
    anonymous: true,
    minRespondents: WORKSHOP_MIN_RESPONDENTS,
    deadline: endedAt,
    digestConversationId: activity.boardId,
    remindersDone: [],
    createdBy: activity.startedBy,
    createdAt: activity.startedAt,
    updatedAt: endedAt,
    closedAt: endedAt,
  };
  const deliveries: Delivery[] = taking.map((e) => ({
    roundId: id,
    boardId: activity.boardId,
    memberAadObjectId: e.participantAadObjectId,
    memberId: e.participantId,
    memberName: e.guest ? "Guest" : e.name,
    status: "sent",
    attempts: 0,
    remindersSent: [],
    sentAt: e.savedAt,
    updatedAt: endedAt,
  }));
  const responses: RoundResponse[] = taking.map((e) => ({
    roundId: id,
    memberAadObjectId: e.participantAadObjectId,
    // A wall's cards, one per line: the summary reads each line as its own sentence.
    answers: (activity.kind === "vote" ? {} : { t1: activity.kind === "wall" ? e.posts.join("\n") : e.answer }) as Record<string, string>,
    votes: activity.kind === "vote" ? e.stickers : {},
    voteReasons: {},
    commitments: [],
    revision: 1,
    firstSavedAt: e.savedAt,
    savedAt: e.savedAt,
  }));
  return { round, deliveries, responses };
}
