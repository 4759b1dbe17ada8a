import type { Option } from "./round.ts";
import type { LiveKind, LiveStatus } from "../live/live.types.ts";

export type { LiveKind, LiveStatus };

/**
 * A live activity in a Teams meeting: a sticker vote, a quick themed question or a wall of short
 * cards, run by an officer of one board for the meeting's participants. When it ends its results
 * become a round of that board (`roundId`), so a workshop sits beside 1:1 rounds and check-ins.
 */
export interface LiveActivity {
  id: string;
  tenantId: string;
  /** The board the officer started it for: whose round it becomes, whose officers may manage it. */
  boardId: string;
  boardName: string;
  /** The meeting chat's conversation ID (19:meeting_…@thread.v2): only its participants take part. */
  meetingChatId: string;
  kind: LiveKind;
  title: string;
  prompt?: string;
  theme?: string;
  options: Option[];
  stickers: number;
  stacking: boolean;
  maxChars: number;
  postsPerPerson: number;
  allowGuests: boolean;
  status: LiveStatus;
  startedBy: string;
  startedByName: string;
  startedAt: string;
  endedAt?: string;
  /** The round its results became (derived from the activity's ID, so a retried end finds it). */
  roundId?: string;
  /** The card the bot posted in the meeting chat, updated when the activity ends. */
  chatCardActivityId?: string;
  updatedAt: string;
}

/** One participant's contribution to one activity: one row per person, replaced as they change it. */
export interface LiveEntry {
  activityId: string;
  /** AAD object ID, lower case. */
  participantAadObjectId: string;
  /** Teams user ID (29:…), for the round's ledger. */
  participantId: string;
  /** Not on the board's team when they took part: counted, never named. */
  guest: boolean;
  /** The name Teams gave, for board members only (guests: ""). Never shown with their contribution. */
  name: string;
  stickers: Record<string, number>;
  answer: string;
  posts: string[];
  savedAt: string;
}
