/**
 * Display data for the round cards. Handlers build these from domain objects; templates only ever
 * see these shapes (never entities or config). Times are already formatted for people (Europe/London).
 */

/** A banner at the top of a card: the outcome of the last action, or a reminder. */
export interface Banner {
  style: "good" | "attention" | "warning" | "accent";
  text: string;
}

export interface Choice {
  value: string;
  title: string;
}

/** One theme row in the launch form. `index` is used to name the inputs: theme_<index>_include, _name, _view, _recommend. */
export interface LaunchTheme {
  index: number;
  include: boolean;
  name: string;
  viewText: string;
  /** Empty = no recommendation question for this theme. */
  recommendText: string;
}

export interface LaunchCardData {
  banner?: Banner;
  /** Only when launched from a 1:1 chat: which board (team) the round is for. Input id `boardId`. */
  boards?: Choice[];
  boardId?: string;
  /** Board name when the board is already known (launched in the team). */
  boardName?: string;
  /**
   * Input id `kinds`: Input.ChoiceSet with isMultiSelect (Teams sends "feedback,vote"). Choices: feedback themes,
   * a priority vote, commitments to interventions — one round may carry any mix.
   */
  kinds: Choice[];
  /** Comma-separated pre-selection, e.g. "feedback". */
  selectedKinds: string;
  /** Input id `template`; informational (the themes below are already filled from it). */
  templateName: string;
  /** Input id `title`, max 120 chars. */
  title: string;
  /** Input ids `deadlineDate` (yyyy-MM-dd) and `deadlineTime` (HH:mm), in `timeZoneLabel`. */
  deadlineDate: string;
  deadlineTime: string;
  minDate: string;
  timeZoneLabel: string;
  /** Input id `anonymity`: "named" | "anonymous". */
  anonymity: "named" | "anonymous";
  /** Input id `minRespondents` (Input.Number, 2..50). */
  minRespondents: number;
  /** Input id `digestChannelId`; may be empty if the bot knows no channels (then the General channel is used). */
  channels: Choice[];
  digestChannelId: string;
  /** Themes, existing (from the template) and empty slots (include=false, blank name) for new ones. */
  themes: LaunchTheme[];
  /** How many theme slots the form holds: echoed in the action data as `themeCount`. */
  themeCount: number;
  /** Input id `voteOptions` (multiline, one option per line), pre-filled from seed 001's priority outcomes. */
  voteOptionsText: string;
  /** Input id `votesPerMember` (Input.Number 1..10, default 2: seed 000's two stickers). */
  votesPerMember: number;
  /** Input id `allowMultipleVotes` (Input.Toggle "true"/"false"): may a member put more than one vote on one option. */
  allowMultipleVotes: boolean;
  /** Input id `interventions` (multiline, one intervention per line), pre-filled from seed 001's ten suggested interventions. */
  interventionsText: string;
  limits: { titleChars: number; themeChars: number; questionChars: number; optionsChars: number };
}

export interface RoundQuestionView {
  /** Input id is `answer_<id>`. */
  id: string;
  theme: string;
  text: string;
  kind: "view" | "recommendation";
  /** The member's saved answer ("" if none). */
  value: string;
  maxLength: number;
}

/** A vote option on the member's card. Inputs: `vote_<id>` and `why_<id>`. */
export interface VoteOptionView {
  id: string;
  label: string;
  /** Votes the member has saved on this option (0 if none). */
  votes: number;
  /** Their saved "why" ("" if none). */
  why: string;
}

export interface VoteSectionView {
  votesPerMember: number;
  /**
   * true: `vote_<id>` is an Input.Number (min 0, max votesPerMember) — several votes may go on one option.
   * false: `vote_<id>` is an Input.Toggle (valueOn "1", valueOff "0").
   */
  allowMultiplePerOption: boolean;
  /** e.g. "You have 2 votes. Put them on the priorities that matter most to your organisation." or "2 of 2 votes placed." */
  summaryText: string;
  options: VoteOptionView[];
  whyMaxLength: number;
}

/** One intervention on the member's card. Inputs: `commit_<id>_level`, `commit_<id>_rep`, `_resources`, `_timescale`, `_impact`. */
export interface CommitmentItemView {
  id: string;
  label: string;
  /** Saved level ("" if none): one of the `levels` values. */
  level: string;
  representative: string;
  resources: string;
  timescale: string;
  impact: string;
}

export interface CommitmentSectionView {
  /** lead / contribute / support / consult / unable, with titles people read. */
  levels: Choice[];
  items: CommitmentItemView[];
  detailMaxLength: number;
}

export interface RoundCardData {
  roundId: string;
  boardId: string;
  boardName: string;
  title: string;
  state: "open" | "closed" | "cancelled";
  /** e.g. "Friday 4 December 2026 at 5:00pm (UK time)". */
  deadlineText: string;
  /** e.g. "2 days left", "3 hours left", "Closed". */
  timeLeftText: string;
  anonymous: boolean;
  /** "Your answers are anonymous: …" or "Officers will see your name next to your answers." */
  privacyText: string;
  banner?: Banner;
  questions: RoundQuestionView[];
  /** e.g. "Last saved Tuesday 24 November at 3:04pm" — empty when never saved. */
  savedText: string;
  answeredCount: number;
  totalCount: number;
  /** The response revision the card was rendered from: echoed in the save action's data as `revision`. */
  revision: number;
  /** Universal Actions refresh: Teams ids (29:…) of who may auto-refresh this card (the member). */
  refreshUserIds: string[];
  /** Which sections this round has. `questions` is empty when there is no feedback section. */
  hasFeedback: boolean;
  vote?: VoteSectionView;
  commitments?: CommitmentSectionView;
  /** Input id `organisation` (shown when the round has commitments): the member's organisation, set once and editable. */
  organisation: string;
  askOrganisation: boolean;
}

export interface OfficerRoundStatus {
  roundId: string;
  boardId: string;
  /** Shown when the officer runs more than one board. */
  boardName: string;
  title: string;
  state: "open" | "closed" | "cancelled";
  deadlineText: string;
  timeLeftText: string;
  invited: number;
  delivered: number;
  answered: number;
  unreachable: number;
  failed: number;
  /** Names of members who could not be reached or whose prompt failed (so the officer can follow up). */
  unreachableNames: string[];
  /** Current deadline for the extend form, whose inputs are `extendDate_<roundId>` and `extendTime_<roundId>` (ids must be unique card-wide). */
  deadlineDate: string;
  deadlineTime: string;
  /** Officer actions shown only while open. */
  canManage: boolean;
}

export interface MemberRoundStatus {
  /** With boardId: "Open my card" brings the member's round card back (cards get lost in a long chat). */
  roundId: string;
  boardId: string;
  title: string;
  boardName: string;
  deadlineText: string;
  timeLeftText: string;
  state: "open" | "closed" | "cancelled";
  answered: boolean;
}

export interface StatusCardData {
  banner?: Banner;
  /** Officer view (empty when the user is not an officer). */
  officerRounds: OfficerRoundStatus[];
  /** The user's own rounds as a member. */
  memberRounds: MemberRoundStatus[];
  /** Closed rounds of the officer's boards whose summary is drafted and not yet published. */
  toReview: Array<{ roundId: string; boardId: string; title: string; detail: string }>;
  isOfficer: boolean;
  emptyText: string;
  timeZoneLabel: string;
}

export interface LaunchedCardData {
  title: string;
  boardName: string;
  deadlineText: string;
  invited: number;
  anonymous: boolean;
  minRespondents: number;
  /** Members with no way to reach them yet (never silently dropped). */
  unreachableNames: string[];
  digestChannelName: string;
  themes: string[];
}

/** One point as people read it in a digest or report: "Most members said …" and how many. */
export interface PointView {
  /** The quantifier phrase and statement, e.g. "Board members agreed: the Board has a leadership role across the county." */
  text: string;
  /** e.g. "9 of 12 members". */
  supportersText: string;
}

export interface DigestThemeView {
  theme: string;
  points: PointView[];
  /** "and 3 more points in the full report" (0 = none hidden). */
  morePoints: number;
  recommendations: string[];
  moreRecommendations: number;
  /** Set when the theme is withheld (anonymous round, too few answers): shown instead of points. */
  withheldText?: string;
}

export interface DigestCardData {
  title: string;
  boardName: string;
  /** e.g. "Closed Monday 30 November 2026 at 5:00pm (UK time)". */
  closedText: string;
  /** e.g. "12 of 15 members responded (80%)". */
  responseText: string;
  anonymousText?: string;
  themes: DigestThemeView[];
  moreThemes: number;
  /** "1", "=2" … */
  priorities: Array<{ rankText: string; label: string; votesText: string }>;
  morePriorities: number;
  prioritiesWithheldText?: string;
  commitments: Array<{ label: string; text: string }>;
  moreCommitments: number;
  opportunities: Array<{ label: string; text: string }>;
  moreOpportunities: number;
  /** e.g. "Nobody leads: Alcohol liaison nurses; Healthy weight". */
  unledText?: string;
  /** Action.OpenUrl "Open the full report", when the bot has a public address. */
  reportUrl?: string;
  /** "Make actions from this round" (`openActionForm` with { boardId, roundId }). */
  actionsFrom?: { boardId: string; roundId: string };
  /** e.g. "Reviewed and published by Habib Patel". */
  publishedByText: string;
}

/**
 * One point in the officer's review card. Inputs (ids must be unique card-wide):
 * `stmt_<id>` Input.Text (value statement), `keep_<id>` Input.Toggle ("true"/"false"),
 * `merge_<id>` Input.ChoiceSet compact (value "" = don't merge; else another point id of the same theme and kind).
 */
export interface ReviewPointView {
  id: string;
  statement: string;
  /** e.g. "Most members · 7 of 12". */
  supportText: string;
  /** First one or two evidence sentences, quoted. */
  evidence: string[];
  keep: boolean;
  mergeChoices: Choice[];
  officerAdded: boolean;
}

export interface ReviewThemeView {
  /** 0-based; the officer's new recommendations input is `addrec_<index>` (multiline, one per line). */
  index: number;
  theme: string;
  withheldText?: string;
  points: ReviewPointView[];
  recommendations: ReviewPointView[];
  /** Points not shown on the card (the full list is in the report): e.g. 4. */
  hiddenCount: number;
}

export interface ReviewCardData {
  roundId: string;
  boardId: string;
  title: string;
  boardName: string;
  banner?: Banner;
  responseText: string;
  /** Echoed in action data as `revision`, so a save from a stale card is caught. */
  revision: number;
  themes: ReviewThemeView[];
  /** Vote/commitment/opportunity lines for context (read-only). */
  otherLines: string[];
  state: "draft" | "published";
  /** e.g. "Published Tuesday 1 December at 9:12am by Habib Patel". */
  publishedText?: string;
  reportUrl?: string;
  /** Max chars for statements and added recommendations. */
  statementMaxLength: number;
}
