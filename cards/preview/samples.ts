/**
 * Realistic display data for the round cards, used by the card tests and the screenshot script.
 * Wording follows the Lancashire board's 1:1 feedback report (Role of the Board, Strategy Narrative,
 * Delivery of the Strategy, Co-ordinating Commissioning Plans, Integration, Interventions). All people
 * and ids are fictional.
 */
import type {
  CommitmentItemView,
  CommitmentSectionView,
  LaunchCardData,
  LaunchTheme,
  LaunchedCardData,
  OfficerRoundStatus,
  RoundCardData,
  RoundQuestionView,
  StatusCardData,
  VoteSectionView,
} from "../card-types.ts";

export const BOARD_ID = "19:north-lancs-hwb-general@thread.tacv2";
export const BOARD_NAME = "North Lancashire Health & Wellbeing Board";
const COUNTY_BOARD_ID = "19:lancs-hwb-general@thread.tacv2";
const COUNTY_BOARD_NAME = "Lancashire Health & Wellbeing Board";
const ROUND_TITLE = "Your views on the Health and Wellbeing Strategy";
const DEADLINE_TEXT = "Friday 4 December 2026 at 5:00pm (UK time)";

/** The six themes of the 1:1 feedback report, with a "your view" and a "what would you recommend" question each. */
export const SEED_THEMES: ReadonlyArray<{ name: string; view: string; recommend: string }> = [
  {
    name: "Role of the Board",
    view: "How do you see the Board's role across Lancashire?",
    recommend: "What would help Board members hold each other to account?",
  },
  {
    name: "Strategy Narrative",
    view: "Does the strategy narrative make clear what success will look like for outcomes, experience and sustainability?",
    recommend: "What would you change in the strategy narrative?",
  },
  {
    name: "Delivery of the Strategy",
    view: "How should the Board oversee delivery of the strategy, and how will your organisation contribute?",
    recommend: "What would you recommend to make delivery happen?",
  },
  {
    name: "Co-ordinating Commissioning Plans",
    view: "How and when should partners share their commissioning plans with the Board?",
    recommend: "What would you recommend so that gaps between plans are found and filled?",
  },
  {
    name: "Integration",
    view: "Where do you see opportunities to integrate commissioning or delivery of services?",
    recommend: "",
  },
  {
    name: "Interventions",
    view: "How committed is your organisation to the four chosen interventions, and what could it contribute?",
    recommend: "What quick wins or success measures would you recommend?",
  },
];

const LIMITS = { titleChars: 120, themeChars: 80, questionChars: 300, optionsChars: 3000 };

/** Seed 001: the strategy's four priority health and wellbeing outcomes for Lancashire. */
export const SEED_PRIORITIES: readonly string[] = [
  "Maternal and child health",
  "Mental Health & Wellbeing",
  "Long term conditions",
  "Improve health and independence of older people",
];

/** Seed 001: the task group's ten suggested interventions. */
export const SEED_INTERVENTIONS: readonly string[] = [
  "Identify those who are at risk of admission into hospital and provide appropriate intervention",
  "Holistic support to those vulnerable families (from first pregnancy)",
  "Early response to domestic violence",
  "Support for carers (of dementia patients)",
  "Address loneliness in older people",
  "Affordable warmth to those who need it most",
  "Alcohol liaison nurses",
  "Healthy Weight – environmental measures",
  "Tackling smoking in pregnancy",
  "Self-care – encourage people to take control of their own health & wellbeing",
];

/** Seed 002's levels, strongest first (the titles the bot shows). */
export const COMMITMENT_LEVELS: CommitmentSectionView["levels"] = [
  { value: "lead", title: "Lead" },
  { value: "contribute", title: "Contribute resources" },
  { value: "support", title: "Support delivery (no investment)" },
  { value: "consult", title: "Need to consult my organisation" },
  { value: "unable", title: "Not able to contribute" },
];

export const LAUNCH_KINDS: LaunchCardData["kinds"] = [
  { value: "feedback", title: "Feedback themes" },
  { value: "vote", title: "A priority vote" },
  { value: "commitment", title: "Commitments to interventions" },
];

function launchThemes(emptySlots: number): LaunchTheme[] {
  const themes: LaunchTheme[] = SEED_THEMES.map((t, index) => ({
    index,
    include: true,
    name: t.name,
    viewText: t.view,
    recommendText: t.recommend,
  }));
  for (let i = 0; i < emptySlots; i += 1) {
    themes.push({ index: themes.length, include: false, name: "", viewText: "", recommendText: "" });
  }
  return themes;
}

const launchBase: Omit<LaunchCardData, "themes" | "themeCount" | "channels" | "digestChannelId"> = {
  kinds: LAUNCH_KINDS,
  selectedKinds: "feedback",
  voteOptionsText: SEED_PRIORITIES.join("\n"),
  votesPerMember: 2,
  allowMultipleVotes: true,
  interventionsText: SEED_INTERVENTIONS.join("\n"),
  templateName: "1:1 feedback on the strategy",
  title: ROUND_TITLE,
  deadlineDate: "2026-12-04",
  deadlineTime: "17:00",
  minDate: "2026-11-24",
  timeZoneLabel: "UK time",
  anonymity: "named",
  minRespondents: 3,
  limits: LIMITS,
};

/** Launched in the board's team: the board is known, the team has channels. */
export const launchFromTeam: LaunchCardData = {
  ...launchBase,
  boardId: BOARD_ID,
  boardName: BOARD_NAME,
  channels: [
    { value: BOARD_ID, title: "General" },
    { value: "19:north-lancs-hwb-feedback@thread.tacv2", title: "Board feedback" },
  ],
  digestChannelId: "19:north-lancs-hwb-feedback@thread.tacv2",
  themes: launchThemes(2),
  themeCount: 8,
};

/** Launched in a 1:1 chat: the officer picks the board; the bot knows no channels yet. */
export const launchFromPersonal: LaunchCardData = {
  ...launchBase,
  boards: [
    { value: BOARD_ID, title: BOARD_NAME },
    { value: COUNTY_BOARD_ID, title: COUNTY_BOARD_NAME },
  ],
  anonymity: "anonymous",
  minRespondents: 4,
  channels: [],
  digestChannelId: "",
  themes: launchThemes(0).map((t) => (t.name === "Integration" ? { ...t, include: false } : t)),
  themeCount: 6,
};

/** Re-shown after a failed launch: a validation banner, an edited title, two extra slots (one being filled in). */
export const launchWithBanner: LaunchCardData = {
  ...launchFromTeam,
  banner: { style: "attention", text: "Choose a deadline at least an hour from now, and give every included theme a name and a question." },
  title: "Strategy 1:1s — round 2",
  deadlineDate: "2026-11-24",
  deadlineTime: "09:00",
  themes: [
    ...launchThemes(0),
    { index: 6, include: true, name: "Joint Strategic Needs Assessment", viewText: "", recommendText: "" },
    { index: 7, include: false, name: "", viewText: "", recommendText: "" },
  ],
};

/**
 * A workshop-style round (seed 000): two voting stickers each on the four priority outcomes, and what
 * each organisation will commit to the ten interventions. Feedback themes left unticked (collapsed).
 */
export const launchVoteAndCommitments: LaunchCardData = {
  ...launchFromTeam,
  selectedKinds: "vote,commitment",
  title: "Priorities and commitments for 2027",
  templateName: "",
  themes: launchThemes(0),
  themeCount: 6,
};

function roundQuestions(answers: Record<string, string>): RoundQuestionView[] {
  const questions: RoundQuestionView[] = [];
  SEED_THEMES.forEach((t, i) => {
    questions.push({ id: `t${i + 1}-view`, theme: t.name, text: t.view, kind: "view", value: answers[`t${i + 1}-view`] ?? "", maxLength: 2000 });
    if (t.recommend) {
      questions.push({ id: `t${i + 1}-rec`, theme: t.name, text: t.recommend, kind: "recommendation", value: answers[`t${i + 1}-rec`] ?? "", maxLength: 2000 });
    }
  });
  return questions;
}

const PRIYA_ANSWERS: Record<string, string> = {
  "t1-view":
    "A leadership role across the whole county: holding the ring on health and wellbeing in Lancashire, not just receiving reports from each partner.",
  "t1-rec": "A facilitated development session where we work through real scenarios and agree how we challenge each other.",
  "t2-view":
    "The outcomes are clear but not measurable. It doesn't yet say how patients' experience improves or how the system stays sustainable.",
};

const roundBase: Omit<RoundCardData, "state" | "anonymous" | "privacyText" | "questions" | "answeredCount" | "savedText" | "timeLeftText"> = {
  roundId: "rnd-2026-11-strategy",
  boardId: BOARD_ID,
  boardName: BOARD_NAME,
  title: ROUND_TITLE,
  deadlineText: DEADLINE_TEXT,
  totalCount: 11,
  revision: 4,
  refreshUserIds: ["29:1priya-raman-teams-id"],
  hasFeedback: true,
  organisation: "",
  askOrganisation: false,
};

const NAMED_PRIVACY = "Officers will see your name next to your answers. Your answers are never posted in the team.";
const ANONYMOUS_PRIVACY =
  "Your answers are anonymous: no one sees your name, and a theme is only shown once at least 3 members have answered it.";

/** Open, named, three answers saved, just saved (success banner). */
export const roundOpenNamed: RoundCardData = {
  ...roundBase,
  state: "open",
  timeLeftText: "10 days left",
  anonymous: false,
  privacyText: NAMED_PRIVACY,
  banner: { style: "good", text: "Saved. You can come back and edit your answers until the deadline." },
  questions: roundQuestions(PRIYA_ANSWERS),
  answeredCount: 3,
  savedText: "Last saved Tuesday 24 November at 3:04pm",
};

/** Open, anonymous, nothing saved yet, a reminder banner. */
export const roundOpenAnonymous: RoundCardData = {
  ...roundBase,
  roundId: "rnd-2026-11-integration",
  state: "open",
  timeLeftText: "3 hours left",
  anonymous: true,
  privacyText: ANONYMOUS_PRIVACY,
  banner: { style: "warning", text: "Reminder: this round closes today at 5:00pm." },
  questions: roundQuestions({}),
  answeredCount: 0,
  savedText: "",
  refreshUserIds: ["29:1tom-ashworth-teams-id"],
};

/** Closed, anonymous: answers read-only. */
export const roundClosed: RoundCardData = {
  ...roundBase,
  state: "closed",
  timeLeftText: "Closed",
  anonymous: true,
  privacyText: ANONYMOUS_PRIVACY,
  questions: roundQuestions(PRIYA_ANSWERS),
  answeredCount: 3,
  savedText: "Last saved Tuesday 24 November at 3:04pm",
};

/** Cancelled, named, never answered. */
export const roundCancelled: RoundCardData = {
  ...roundBase,
  state: "cancelled",
  timeLeftText: "Cancelled",
  anonymous: false,
  privacyText: NAMED_PRIVACY,
  questions: roundQuestions({}),
  answeredCount: 0,
  savedText: "",
};

function voteSection(votes: Record<number, number>, whys: Record<number, string>, allowMultiplePerOption: boolean): VoteSectionView {
  const placed = Object.values(votes).reduce((a, b) => a + b, 0);
  return {
    votesPerMember: 2,
    allowMultiplePerOption,
    summaryText:
      placed === 0
        ? `You have 2 votes. Put them on the priorities that matter most${allowMultiplePerOption ? " (you can put both on the same one)" : ""}.`
        : `${placed} of 2 votes placed${placed < 2 ? ` — ${2 - placed} left` : ""}. You can move them until the deadline.`,
    options: SEED_PRIORITIES.map((label, n) => ({ id: `o${n + 1}`, label, votes: votes[n] ?? 0, why: whys[n] ?? "" })),
    whyMaxLength: 200,
  };
}

type CommitmentFill = Partial<Omit<CommitmentItemView, "id" | "label">>;

function commitmentSection(filled: Record<number, CommitmentFill>): CommitmentSectionView {
  return {
    levels: COMMITMENT_LEVELS,
    items: SEED_INTERVENTIONS.map((label, n) => ({
      id: `i${n + 1}`,
      label,
      level: "",
      representative: "",
      resources: "",
      timescale: "",
      impact: "",
      ...filled[n],
    })),
    detailMaxLength: 300,
  };
}

/** Seed 002: mixed commitment — lead on one, resources for another, support without investment, consult first. */
const COMMITMENTS_SAVED: Record<number, CommitmentFill> = {
  1: {
    level: "lead",
    representative: "Dr Helen Marsh, Director of Public Health",
    resources: "Two health visitors and a family support coordinator for the pilot",
    timescale: "From April 2027, for 18 months",
    impact: "Every vulnerable first-time mother has a named worker from booking",
  },
  4: { level: "contribute", resources: "Community centre space three afternoons a week", timescale: "Spring 2027" },
  6: { level: "support" },
  8: { level: "consult" },
};

const workshopBase = {
  ...roundBase,
  roundId: "rnd-2026-11-priorities",
  title: "Priorities and commitments for 2027",
  state: "open" as const,
  timeLeftText: "10 days left",
  anonymous: false,
  privacyText: NAMED_PRIVACY,
  questions: [],
  answeredCount: 0,
  totalCount: 0,
  hasFeedback: false,
};

/** Vote only (seed 000's two stickers on seed 001's four priority outcomes): one vote placed, with a why. */
export const roundVoteOnly: RoundCardData = {
  ...workshopBase,
  title: "Vote on our priority outcomes",
  savedText: "Last saved Tuesday 24 November at 3:04pm",
  vote: voteSection({ 1: 1 }, { 1: "Waiting lists for CAMHS are our biggest pressure." }, true),
};

/** Commitments only: seed 001's ten interventions, a few answered with details (seed 002). */
export const roundCommitmentsOnly: RoundCardData = {
  ...workshopBase,
  title: "What can your organisation commit?",
  banner: { style: "good", text: "Saved. You can come back and change your commitments until the deadline." },
  savedText: "Last saved Tuesday 24 November at 3:04pm",
  commitments: commitmentSection(COMMITMENTS_SAVED),
  organisation: "Lancashire County Council",
  askOrganisation: true,
};

/** Feedback, a one-vote-per-option vote and commitments, nothing saved for the vote yet. */
export const roundCombined: RoundCardData = {
  ...roundOpenNamed,
  title: "Strategy, priorities and commitments",
  banner: undefined,
  vote: voteSection({}, {}, false),
  commitments: commitmentSection({ 1: { level: "support" }, 6: { level: "consult", timescale: "After our board meets in January" } }),
  organisation: "",
  askOrganisation: true,
};

/** The combined round once closed: a read-only record of what was saved. */
export const roundCombinedClosed: RoundCardData = {
  ...roundCombined,
  state: "closed",
  timeLeftText: "Closed",
  banner: { style: "accent", text: "This round has closed. Thank you — your saved answers are below." },
  vote: voteSection({ 0: 1, 1: 1 }, { 0: "Smoking in pregnancy is still above the England average." }, false),
  commitments: commitmentSection(COMMITMENTS_SAVED),
  organisation: "Lancashire County Council",
};

/**
 * The biggest combined round: 6 themes × 2 questions with `answerChars`-character answers (2,000 is the
 * limit, ~300 is typical), 4 vote options with full "why"s and 10 interventions with every detail filled.
 */
export function roundCombinedLarge(answerChars: number, detailChars = 200): RoundCardData {
  const long = roundWithLongAnswers();
  const fill = (prefix: string, n: number): string => `${prefix} ${"Joint working across the partnership with clear measures. ".repeat(60)}`.slice(0, n);
  const questions = long.questions.map((q) => ({ ...q, value: fill(q.id, answerChars) }));
  const vote = voteSection({ 0: 1, 2: 1 }, {}, true);
  const commitments = commitmentSection({});
  return {
    ...long,
    questions,
    vote: { ...vote, options: vote.options.map((o) => ({ ...o, why: fill("Why", vote.whyMaxLength) })) },
    commitments: {
      ...commitments,
      items: commitments.items.map((item) => ({
        ...item,
        level: "contribute",
        representative: fill("Rep", detailChars),
        resources: fill("Resources", detailChars),
        timescale: fill("Timescale", detailChars),
        impact: fill("Impact", detailChars),
      })),
    },
    organisation: "Lancashire Teaching Hospitals NHS Foundation Trust",
    askOrganisation: true,
  };
}

const officerOpen: OfficerRoundStatus = {
  roundId: "rnd-2026-11-strategy",
  boardId: BOARD_ID,
  title: ROUND_TITLE,
  state: "open",
  deadlineText: DEADLINE_TEXT,
  timeLeftText: "10 days left",
  invited: 14,
  delivered: 12,
  answered: 5,
  unreachable: 1,
  failed: 1,
  unreachableNames: ["Supt. Tom Ashworth", "Janet Okafor"],
  deadlineDate: "2026-12-04",
  deadlineTime: "17:00",
  canManage: true,
};

const officerSecond: OfficerRoundStatus = {
  roundId: "rnd-2026-11-commissioning",
  boardId: BOARD_ID,
  title: "Co-ordinating commissioning plans",
  state: "open",
  deadlineText: "Monday 30 November 2026 at 12:00pm (UK time)",
  timeLeftText: "6 days left",
  invited: 14,
  delivered: 14,
  answered: 9,
  unreachable: 0,
  failed: 0,
  unreachableNames: [],
  deadlineDate: "2026-11-30",
  deadlineTime: "12:00",
  canManage: true,
};

/** An officer with two open rounds (one with people not reached) who is also a member of one. */
export const statusOfficer: StatusCardData = {
  officerRounds: [officerOpen, officerSecond],
  memberRounds: [
    { roundId: "r20261120-a1b2c3d4", boardId: "19:board@thread.tacv2", title: ROUND_TITLE, boardName: BOARD_NAME, deadlineText: DEADLINE_TEXT, timeLeftText: "10 days left", state: "open", answered: true },
  ],
  isOfficer: true,
  emptyText: "No rounds yet. Type **launch** to start one.",
  timeZoneLabel: "UK time",
};

/** An officer looking at rounds that can no longer be managed (closed and cancelled), with an action banner. */
export const statusOfficerClosed: StatusCardData = {
  banner: { style: "good", text: "Round closed. The summary is ready for officers to review." },
  officerRounds: [
    { ...officerOpen, state: "closed", timeLeftText: "Closed", canManage: false },
    { ...officerSecond, state: "cancelled", timeLeftText: "Cancelled", canManage: false },
  ],
  memberRounds: [],
  isOfficer: true,
  emptyText: "No rounds yet. Type **launch** to start one.",
  timeZoneLabel: "UK time",
};

/** A board member (not an officer) with one round to answer and one closed. */
export const statusMember: StatusCardData = {
  officerRounds: [],
  memberRounds: [
    { roundId: "r20261120-a1b2c3d4", boardId: "19:board@thread.tacv2", title: ROUND_TITLE, boardName: BOARD_NAME, deadlineText: DEADLINE_TEXT, timeLeftText: "10 days left", state: "open", answered: false },
    {
      roundId: "r20261001-e5f6a7b8",
      boardId: "19:board@thread.tacv2",
      title: "Priorities for community health and wellbeing",
      boardName: BOARD_NAME,
      deadlineText: "Friday 16 October 2026 at 5:00pm (UK time)",
      timeLeftText: "Closed",
      state: "closed",
      answered: true,
    },
  ],
  isOfficer: false,
  emptyText: "You have no rounds to answer at the moment.",
  timeZoneLabel: "UK time",
};

/** Nobody has any rounds yet. */
export const statusEmpty: StatusCardData = {
  officerRounds: [],
  memberRounds: [],
  isOfficer: true,
  emptyText: "No rounds yet. Type **launch** to start one.",
  timeZoneLabel: "UK time",
};

/** Everyone reached; named round. */
export const launchedAllReached: LaunchedCardData = {
  title: ROUND_TITLE,
  boardName: BOARD_NAME,
  deadlineText: DEADLINE_TEXT,
  invited: 14,
  anonymous: false,
  minRespondents: 3,
  unreachableNames: [],
  digestChannelName: "Board feedback",
  themes: SEED_THEMES.map((t) => t.name),
};

/** Anonymous round with two members the bot cannot message yet, digest to General. */
export const launchedWithUnreachable: LaunchedCardData = {
  ...launchedAllReached,
  anonymous: true,
  minRespondents: 4,
  invited: 12,
  unreachableNames: ["Supt. Tom Ashworth — Lancashire Constabulary", "Janet Okafor — Healthwatch Lancashire"],
  digestChannelName: "",
  themes: ["Role of the Board", "Interventions"],
};

/** The largest realistic member card: 12 questions, each with a 2,000-character saved answer. */
export function roundWithLongAnswers(): RoundCardData {
  const questions: RoundQuestionView[] = [];
  for (let i = 0; i < 12; i += 1) {
    const theme = SEED_THEMES[Math.floor(i / 2)] ?? SEED_THEMES[0]!;
    questions.push({
      id: `q${i + 1}`,
      theme: theme.name,
      text: i % 2 === 0 ? theme.view : theme.recommend || "Anything else you would recommend?",
      kind: i % 2 === 0 ? "view" : "recommendation",
      value: `Answer ${i + 1}: ${"The Board should agree SMART success measures and report progress. ".repeat(40)}`.slice(0, 2000),
      maxLength: 2000,
    });
  }
  return { ...roundOpenNamed, questions, answeredCount: 12, totalCount: 12 };
}
