/**
 * A round: one officer-launched exercise (feedback, a vote, commitments, or a mix) for one board.
 * The definition mirrors the offline summariser's input format so a round can be exported and re-analysed.
 */
/** "checkin": progress on the board's actions from the people who answer for them (services/accountability). */
export type RoundKind = "feedback" | "vote" | "commitment" | "checkin";
export type RoundStatus = "draft" | "open" | "closed" | "cancelled";

export interface Question {
  id: string;
  theme: string;
  text: string;
  /** view = "your view"; recommendation = "what would you recommend". */
  kind: "view" | "recommendation";
  required?: boolean;
}

export interface Option {
  id: string;
  label: string;
  description?: string;
}

export interface RoundDefinition {
  kinds: RoundKind[];
  /** Feedback questions (empty unless kinds has "feedback"). */
  questions: Question[];
  /** What members vote on, e.g. priority outcomes (empty unless kinds has "vote"). */
  options: Option[];
  /** Votes each member may place (seed 000: two stickers each). */
  votesPerMember?: number;
  /** Whether a member may put more than one vote on the same option (stickers allow it). */
  allowMultipleVotesPerOption?: boolean;
  /** Interventions members' organisations commit to (empty unless kinds has "commitment"). */
  interventions?: Option[];
  /** A check-in: the actions it asks about, and who is asked about each (kinds is ["checkin"]). */
  checkIn?: CheckInDefinition;
  /** A live workshop's results (services/live): the activity it came from and how many took part. */
  workshop?: WorkshopOrigin;
}

/** Where a workshop round came from: a live activity in a Teams meeting. */
export interface WorkshopOrigin {
  activityId: string;
  kind: "vote" | "question" | "wall";
  participants: number;
  /** Of whom guests (not on the board's team): counted, never named. */
  guests: number;
}

/** One action a check-in asks about, as it stood when the check-in was sent. */
export interface CheckInItem {
  actionId: string;
  title: string;
  ownerOrganisation: string;
  /** UK calendar date, yyyy-MM-dd. */
  dueDate: string;
  intervention?: string;
  /** The status last reported, shown as the starting choice. */
  status?: string;
  /** AAD object IDs (lower case) of the people asked about it: its lead and members whose organisation committed. */
  people: string[];
}

export interface CheckInDefinition {
  items: CheckInItem[];
  /** Each person asked → the organisation they answer for (what digests name; never the person). */
  organisations: Record<string, string>;
  /** The cadence: when this check-in closes, the next is scheduled to close this many weeks later. */
  repeatEveryWeeks?: number;
  /** A scheduled (status "draft") check-in: when it goes out (UTC ISO); its items are worked out then. */
  opensAt?: string;
}

export interface Round {
  boardId: string;
  id: string;
  tenantId: string;
  /** The team's name when the round was launched, for cards and digests. */
  boardName: string;
  title: string;
  status: RoundStatus;
  definition: RoundDefinition;
  anonymous: boolean;
  minRespondents: number;
  /** UTC ISO. */
  deadline: string;
  digestConversationId?: string;
  /** Reminder keys ("48h@<deadline>") the scheduler has finished for this round. */
  remindersDone: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
}
