/**
 * The live workshop API (the meeting side panel, the meeting chat tab and the shared stage): what the
 * server sends and the pages render. Plain data, phrased on the server (UK time), shared with
 * tab/src (type-only import there).
 *
 * Never in here: who placed which sticker or wrote which card. Results are aggregates; a person's
 * own contribution (`mine`) goes only to them.
 *
 *   GET  /api/meetings/:chatId/live     the meeting's activities the caller may take part in, and the boards they may start one for
 *   POST /api/meetings/:chatId/live     start an activity (an officer of the chosen board, in the meeting)     body StartLiveInput
 *   GET  /api/live/:activityId          the activity, with the caller's own contribution
 *   PUT  /api/live/:activityId/mine     place or move stickers / answer / replace one's cards                 body MineInput
 *   GET  /api/live/:activityId/results  aggregates for the stage; ETag, 304 on If-None-Match
 *   POST /api/live/:activityId/end      the officer ends it: the results become a round of the board
 */
import type { BoardRefDto } from "../dashboard/dashboard.types.ts";

export type LiveKind = "vote" | "question" | "wall";
export type LiveStatus = "open" | "ended";

export interface LiveOptionDto {
  id: string;
  label: string;
}

export interface MineDto {
  /** optionId → stickers the caller placed (vote). */
  stickers: Record<string, number>;
  /** The caller's answer (question), "" if none. */
  answer: string;
  /** The caller's cards on the wall, oldest first (wall). */
  posts: string[];
  /** "Saved at 2:05pm", when they have saved something. */
  savedText?: string;
}

export interface LiveActivityDto {
  id: string;
  boardId: string;
  boardName: string;
  kind: LiveKind;
  /** "Sticker vote", "Quick question", "Wall of ideas". */
  kindText: string;
  title: string;
  /** The question asked (question, wall). */
  prompt?: string;
  /** The board theme the answers belong to (question, wall). */
  theme?: string;
  /** What members vote on (vote), in the order shown. */
  options: LiveOptionDto[];
  /** Stickers each participant has (vote). */
  stickers: number;
  /** Whether more than one sticker may go on one option (vote). */
  stacking: boolean;
  /** Characters an answer or a card may have. */
  maxChars: number;
  /** Cards each participant may have on the wall. */
  postsPerPerson: number;
  /** Whether people who are not on the board's team may take part. */
  allowGuests: boolean;
  status: LiveStatus;
  /** "Open", "Ended". */
  statusText: string;
  /** "Started at 2:05pm by Olu Officer" (UK time). */
  startedText: string;
  endedText?: string;
  mine: MineDto;
  you: {
    /** An officer of the activity's board: may share it to the stage and end it. */
    canManage: boolean;
    /** Not on the board's team (taking part because the officer allowed guests). */
    guest: boolean;
  };
  /** The round the results became, once ended. */
  roundId?: string;
  /** Where the aggregates are: `/api/live/<id>/results`. */
  resultsPath: string;
  /** The page to share to the meeting stage: `/tab/stage?live=<id>`. */
  stagePath: string;
}

export interface MeetingLiveDto {
  chatId: string;
  /** Boards the caller may start an activity for (they are an officer of each); empty for everyone else. */
  canStart: BoardRefDto[];
  /** Open ones first, then ended, newest first. */
  activities: LiveActivityDto[];
}

export interface LiveBarDto {
  optionId: string;
  label: string;
  stickers: number;
  /** Share of all stickers placed, 0–100, rounded. */
  percent: number;
  /** "=1", "2" … by stickers. */
  rank: string;
}

export interface LiveClusterDto {
  /** The point in seed 002's voice ("Some participants said …"). */
  label: string;
  /** People behind it. */
  people: number;
  /** Cards or answers in it. */
  cards: number;
  /** Up to three of its cards, verbatim (never who wrote them). */
  examples: string[];
}

export interface LiveResultsDto {
  activityId: string;
  kind: LiveKind;
  title: string;
  prompt?: string;
  status: LiveStatus;
  /** People who have contributed something (guests included). */
  participants: number;
  /** Of whom guests (counted, never named). */
  guests: number;
  /** vote: one bar per option, in the options' order. */
  bars: LiveBarDto[];
  stickersPlaced: number;
  /** question and wall: what was said, grouped by point, largest first. */
  clusters: LiveClusterDto[];
  /** Answers or cards in all. */
  contributions: number;
  /** "Updated 2:05:12pm" (UK time). */
  updatedText: string;
}

export interface StartLiveInput {
  boardId: string;
  kind: LiveKind;
  title: string;
  prompt?: string;
  theme?: string;
  /** Vote options, in order. */
  options?: string[];
  stickers?: number;
  stacking?: boolean;
  allowGuests?: boolean;
}

/** One of: the whole sticker placement, the answer, or the whole list of one's cards. */
export type MineInput = { stickers: Record<string, number> } | { answer: string } | { posts: string[] };
