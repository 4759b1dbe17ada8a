/**
 * The dashboard tab's JSON API (GET /api/...): what the server sends and the tab renders. Plain data,
 * every text a person reads already phrased on the server (UK time, quantifiers, rank "=2"), so the
 * browser only lays it out. Shared by services/dashboard and tab/src (type-only import there).
 *
 * Never in here: raw answers, or any member's name. Summaries are the published (or, for officers,
 * draft) documents, which hold organisations and members' quoted sentences but no names. The one
 * name the tracker carries to everyone on the board is an action's lead, whom the board named as
 * answering for it; who wrote each entry of an action's history is for officers and the chair only.
 */
import type { ActionSource, ActionState, ActionUpdateKind, ProgressStatus } from "../domain/action.ts";
import type { CommitmentLevel } from "../domain/response.ts";
import type { RoundKind, RoundStatus } from "../domain/round.ts";
import type { Role } from "../domain/board.ts";
import type { Quantifier } from "../summary/summary.types.ts";

/** "teams": the caller proved who they are with a Teams SSO token; "local": no app ID, loopback only, the dev user. */
export type ApiMode = "teams" | "local";

export interface MeDto {
  mode: ApiMode;
  aadObjectId: string;
  /** From the token (Teams mode); absent in local mode. */
  name?: string;
  tenantId?: string;
  role: Role;
  /** Officers see drafts, progress details and downloads. */
  isOfficer: boolean;
}

export interface BoardRefDto {
  id: string;
  name: string;
}

export interface BoardsDto {
  boards: BoardRefDto[];
}

export interface ResponseRateDto {
  invited: number;
  answered: number;
  /** 0–100, rounded; 0 when nobody was invited. */
  percent: number;
  /** "8 of 12 members responded (67%)". */
  text: string;
}

export interface RoundListItemDto {
  id: string;
  title: string;
  status: RoundStatus;
  /** "Open", "Closed", "Cancelled", "Draft". */
  statusText: string;
  kinds: RoundKind[];
  /** "Feedback, vote and commitments". */
  kindsText: string;
  anonymous: boolean;
  /** UTC ISO. */
  deadline: string;
  /** "Friday 3 July 2026 at 5:00pm" in the board's zone (Europe/London). */
  deadlineText: string;
  /** "UK time". */
  zoneLabel: string;
  /** "2 days left", or "Closed". */
  timeLeftText: string;
  closedText?: string;
  response: ResponseRateDto;
  /** What the caller could see of the results: "published", "draft" (officers), "live" (officers, open round) or "none". */
  results: "published" | "draft" | "live" | "none";
  /** Set when the caller was invited to this round. */
  you?: { answered: boolean };
}

export interface BoardRoundsDto {
  board: BoardRefDto;
  role: Role;
  isOfficer: boolean;
  rounds: RoundListItemDto[];
}

export interface ProgressDto {
  invited: number;
  delivered: number;
  answered: number;
  /** Prompt delivered, no answer yet. */
  waiting: number;
  /** Not yet sent (queued or sending). */
  pending: number;
  unreachable: number;
  failed: number;
  response: ResponseRateDto;
  /** Officers only: who the bot couldn't reach, so they can follow up. */
  unreachableNames?: string[];
}

export interface PointDto {
  id: string;
  /** "Board members agreed:", "Most members (7 of 12) said:", "Officers added:". */
  lead: string;
  /** "the Board has a leadership role across the county." */
  statement: string;
  quantifier: Quantifier;
  /** "All members", "Most members", … */
  quantifierLabel: string;
  supporters: number;
  /** "7 of 12 members". */
  supportersText: string;
  source: "members" | "officer";
  /** Sentences members wrote, verbatim (no names). */
  evidence: string[];
}

export interface ThemeDto {
  theme: string;
  respondents: number;
  withheld: boolean;
  withheldText?: string;
  points: PointDto[];
  recommendations: PointDto[];
}

export interface VoteBarDto {
  optionId: string;
  label: string;
  votes: number;
  voters: number;
  rank: number;
  /** "1", "=2". */
  rankText: string;
  tied: boolean;
  /** "5 votes from 4 members". */
  text: string;
  /** Share of all votes cast, 0–100 rounded. */
  percentOfVotes: number;
  /** Bar length relative to the top option, 0–100. */
  barPercent: number;
}

export interface VotesDto {
  withheld: boolean;
  withheldText?: string;
  totalVotes: number;
  bars: VoteBarDto[];
}

export interface CommitmentCellDto {
  organisation: string;
  level?: CommitmentLevel;
  /** "Lead", "Contribute resources", … or "" when the organisation said nothing. */
  title: string;
}

export interface CommitmentRowDto {
  interventionId: string;
  label: string;
  withheld: boolean;
  withheldText?: string;
  hasLead: boolean;
  respondents: number;
  cells: CommitmentCellDto[];
}

export interface CommitmentMatrixDto {
  organisations: string[];
  rows: CommitmentRowDto[];
  /** Strongest first, for the legend. */
  levels: Array<{ level: CommitmentLevel; title: string; meaning: string }>;
}

export interface OpportunityDto {
  kind: "intervention" | "priority";
  label: string;
  organisations: string[];
  detail: string;
}

export interface SummaryDto {
  /** "published": what the board reads; "draft": the officers' draft under review; "live": computed now from the answers (open round, officers). */
  stage: "published" | "draft" | "live";
  /** "Published Tuesday 8 December 2026 at 9:12am by Habib Patel", "Draft — not yet published", … */
  stageText: string;
  responseText: string;
  themes: ThemeDto[];
  votes?: VotesDto;
  commitments?: CommitmentMatrixDto;
  opportunities: OpportunityDto[];
  unled: Array<{ label: string; committed: string[] }>;
}

export interface DownloadDto {
  kind: "report" | "pdf" | "summary.csv" | "answers.csv";
  label: string;
  /** A signed link, valid for an hour. */
  url: string;
}

export interface RoundDetailDto {
  board: BoardRefDto;
  role: Role;
  isOfficer: boolean;
  round: RoundListItemDto & { minRespondents: number; themes: string[]; options: string[]; interventions: string[] };
  progress: ProgressDto;
  summary?: SummaryDto;
  /** Why there is no summary to show, e.g. "The results appear here once an officer publishes the summary." */
  summaryNote?: string;
  downloads: DownloadDto[];
  /** The board's actions that came from this round (the tracker has their history). */
  actions: RoundActionDto[];
}

// ——— the action tracker ———

/**
 * What a badge says first: the progress last reported, "No update yet", or — taking precedence —
 * "Closed" and "Overdue". The key picks the badge's colour; the text is always shown with it.
 */
export type ActionBadgeKey = ProgressStatus | "none" | "overdue" | "closed";

export interface ActionBadgeDto {
  key: ActionBadgeKey;
  /** "On track", "At risk", "Off track", "Done", "Dropped", "No update yet", "Overdue", "Closed". */
  text: string;
}

export interface ActionHistoryEntryDto {
  id: string;
  kind: ActionUpdateKind;
  /** "Created", "Edited", "Reassigned", "Closed", "Reopened", "Progress update". */
  kindText: string;
  /** UTC ISO. */
  at: string;
  /** The day in the board's zone: "3 Nov 2026". */
  atText: string;
  /**
   * Who, as this viewer may know it. Officers and the chair: the person's name (and, for progress,
   * "for <organisation>"); members: the organisation for progress, "An officer" for officers' changes.
   */
  whoText: string;
  /** For progress: the organisation it was reported for. */
  organisation?: string;
  status?: ProgressStatus;
  statusText?: string;
  text?: string;
  /** Only http(s) links are links (href); anything else is shown as text, never followed. */
  link?: { text: string; href?: string };
  /** For officers' changes: what changed, in words. */
  change?: string;
}

export interface TrackerActionDto {
  id: string;
  title: string;
  organisation: string;
  leadName?: string;
  /** yyyy-MM-dd, a UK calendar day. */
  dueDate: string;
  /** "31 Mar 2027". */
  dueText: string;
  intervention?: string;
  /** The round it came from; `linked` when this viewer may open that round. */
  source?: { roundId: string; roundTitle: string; kind: ActionSource["kind"]; linked: boolean };
  state: ActionState;
  status?: ProgressStatus;
  /** The progress in words ("On track", …, "No update yet"). */
  statusText: string;
  overdue: boolean;
  badge: ActionBadgeDto;
  /** Under the badge: the progress when the badge says "Closed" or "Overdue", and when it was reported. */
  detailText?: string;
  /** Newest first. */
  history: ActionHistoryEntryDto[];
}

export interface BoardActionsDto {
  board: BoardRefDto;
  role: Role;
  isOfficer: boolean;
  /** "4 actions: 3 open (1 overdue), 1 closed." */
  summaryText: string;
  /** Today in the board's zone, "1 Jul 2026" (what "Overdue" is measured against). */
  todayText: string;
  /** Open first, soonest due first; then closed ones. */
  actions: TrackerActionDto[];
}

/** An action as the round page lists it. */
export interface RoundActionDto {
  id: string;
  title: string;
  organisation: string;
  dueText: string;
  badge: ActionBadgeDto;
}

export interface ApiErrorDto {
  error: "unauthorized" | "forbidden" | "not_found" | "unavailable" | "bad_request" | "conflict";
  message: string;
}
