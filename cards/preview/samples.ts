/**
 * Realistic display data for the round cards, used by the card tests and the screenshot script.
 * Wording follows the Lancashire board's 1:1 feedback report (Role of the Board, Strategy Narrative,
 * Delivery of the Strategy, Co-ordinating Commissioning Plans, Integration, Interventions). All people
 * and ids are fictional.
 */
import type { CommitmentLevel } from "../../services/domain/response.ts";
import {
  asSentence,
  pointSentence,
  quantifierLabel,
  rankText,
  responseRateText,
  supportersText,
  votesText,
  withheldThemeText,
  withheldVoteText,
} from "../../services/summary/phrasing.ts";
import type { CommitmentRowSummary, Point, Quantifier, Summary, ThemeSummary } from "../../services/summary/summary.types.ts";
import type {
  CommitmentItemView,
  CommitmentSectionView,
  DigestCardData,
  DigestThemeView,
  LaunchCardData,
  LaunchTheme,
  LaunchedCardData,
  OfficerRoundStatus,
  ReviewCardData,
  ReviewPointView,
  ReviewThemeView,
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
  boardName: BOARD_NAME,
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
  boardName: BOARD_NAME,
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
  toReview: [{ roundId: "r20261101-0a1b2c3d", boardId: BOARD_ID, title: "Priorities for community health and wellbeing", detail: `${BOARD_NAME} · closed Friday 20 November 2026 at 5:00pm` }],
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
  toReview: [],
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
  toReview: [],
  isOfficer: false,
  emptyText: "You have no rounds to answer at the moment.",
  timeZoneLabel: "UK time",
};

/** Nobody has any rounds yet. */
export const statusEmpty: StatusCardData = {
  officerRounds: [],
  memberRounds: [],
  toReview: [],
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

// ---------------------------------------------------------------------------------------------------
// Summary, digest and review (seed 002: "Feedback & Recommendations from 1:1s")
// ---------------------------------------------------------------------------------------------------

type SamplePoint = [statement: string, quantifier: Quantifier, supporters: number, evidence: string[]];

function points(themeNo: number, kind: "p" | "r", list: SamplePoint[]): Point[] {
  return list.map(([statement, quantifier, supporters, evidence], n) => ({
    id: `t${themeNo}${kind}${n + 1}`,
    statement,
    supporters,
    quantifier,
    evidence,
    source: "members",
  }));
}

/** Seed 002's six themes as the theming engine might summarise eleven 1:1s (wording from the report). */
const SUMMARY_THEMES: ThemeSummary[] = [
  {
    theme: "Role of the Board",
    respondents: 11,
    withheld: false,
    points: points(1, "p", [
      [
        "Board members have a leadership role across the whole county.",
        "all",
        11,
        [
          "We should be holding the ring on health and wellbeing in Lancashire, not just receiving reports from each partner.",
          "Our role is leadership across the whole county, not only our own patch.",
        ],
      ],
      [
        "Board members should hold each other to account.",
        "most",
        8,
        ["If we sign up to something at the Board, the rest of us need to be able to ask where it has got to.", "Holding each other to account is the job."],
      ],
      [
        "Members have a link role back to their own organisations and partnerships.",
        "some",
        4,
        ["I see myself as the link between this Board and our district partnership — I carry things both ways."],
      ],
      [
        "It is unclear how partners will hold each other to account in practice.",
        "some",
        3,
        ["Nobody has said what happens if a partner doesn't deliver what it promised. Is there a process?"],
      ],
      [
        "The Board has not yet had the chance to explore the most significant challenges facing the Lancashire health system.",
        "some",
        3,
        ["We spend our meetings noting reports. We have never had the sustainability conversation the system needs."],
      ],
      ["Papers arrive too late to prepare properly or brief our own organisations.", "one", 1, ["Papers come out two days before — I can't brief my cabinet member in that time."]],
    ]),
    recommendations: points(1, "r", [
      [
        "Hold a facilitated development session to work through scenarios and agree how members will hold each other to account.",
        "most",
        7,
        ["A facilitated session where we work through real scenarios and agree how we challenge each other, in a safe space."],
      ],
      [
        "Develop a process to identify the sustainability issues that need discussion, with a programme of work to take them forward.",
        "some",
        4,
        ["We need an agreed list of the big sustainability issues and a forward plan to take them one at a time."],
      ],
      ["Explore the Board's vision for the Lancashire JSNA and how it wants to lead its development.", "some", 2, ["The JSNA should be ours — the Board should shape it, not just receive it."]],
    ]),
  },
  {
    theme: "Strategy Narrative",
    respondents: 10,
    withheld: false,
    points: points(2, "p", [
      [
        "The strategy has clear outcomes, but they aren't measurable.",
        "most",
        7,
        ["The outcomes are clear but not measurable.", "I can tell you what we want but not how we would know we had got there."],
      ],
      [
        "The strategy needs to be more explicit about what success would look like.",
        "most",
        6,
        ["How can we hold each other to account if we don't know what success will look like?"],
      ],
      [
        "It does not establish how public and patient experience of services will be improved.",
        "some",
        4,
        ["It doesn't yet say how patients' experience improves — that's what residents will judge us on."],
      ],
      ["It does not describe how the system will become sustainable.", "some", 4, ["There is nothing in it about how the system stays sustainable with the money we have."]],
      [
        "A rigorous performance management framework for the strategy.",
        "mixed",
        5,
        ["We need a proper performance framework with targets.", "A heavy performance regime would kill the partnership feel of the Board."],
      ],
    ]),
    recommendations: points(2, "r", [
      [
        "Be explicit about the three goals of an effective health and wellbeing system: better outcomes, experience and sustainability.",
        "most",
        6,
        ["Name the three goals — outcomes, experience, sustainability — and hang everything off them."],
      ],
      ["Set an overarching measurable goal for the strategy.", "some", 4, ["One headline measure everyone can remember."]],
      [
        "Agree SMART success measures for each outcome, shift and intervention, and report progress to the Board.",
        "some",
        3,
        ["SMART measures for each intervention, reported to every other meeting."],
      ],
    ]),
  },
  {
    theme: "Delivery of the Strategy",
    respondents: 9,
    withheld: false,
    points: points(3, "p", [
      ["The Board should have strategic oversight of delivering the strategy.", "most", 7, ["Oversight, not micro-management — but the Board has to own delivery."]],
      [
        "Members were not clear how and why the four interventions had been chosen.",
        "some",
        4,
        ["I still don't know why these four. Was there an evidence review?", "The rationale for the four was never explained to us."],
      ],
      ["NHS members see the four interventions as focused on social care.", "some", 3, ["From the NHS side these look like social care priorities."]],
      [
        "Further work is needed on how each organisation's actions contribute to outcomes, shifts and interventions.",
        "some",
        3,
        ["We need to map what each of us already does against the outcomes before we add anything new."],
      ],
    ]),
    recommendations: [
      ...points(3, "r", [
        ["Review the decision to focus on the four interventions and set out the rationale.", "some", 4, ["Revisit the four and write down why we chose them."]],
        ["Develop a three-year strategic plan showing how partners will contribute.", "some", 3, ["A three-year plan with each partner's part in it."]],
      ]),
      {
        id: "t3o1",
        statement: "Each partner nominates a representative to a multi-agency team that writes the three-year plan.",
        supporters: 0,
        quantifier: "one",
        evidence: [],
        source: "officer",
      },
    ],
  },
  {
    theme: "Co-ordinating Commissioning Plans",
    respondents: 8,
    withheld: false,
    points: points(4, "p", [
      ["Members are unsure how co-ordination of commissioning plans will actually happen.", "most", 6, ["Co-ordination is a nice word. Who actually does it, and when?"]],
      [
        "Members want clear expectations on how and when commissioning plans are shared.",
        "some",
        4,
        ["Tell us when you want our commissioning intentions and in what form, and we'll bring them."],
      ],
      ["It is not clear how constructive challenge will be provided.", "some", 3, ["Who challenges a CCG plan here, and on what basis?"]],
      ["There is a gap between long-term outcomes and the interventions that needs filling.", "one", 1, ["We jump from ten-year outcomes straight to four projects."]],
    ]),
    recommendations: points(4, "r", [
      [
        "Set out how and when the Board wants to receive partners' commissioning plans, and what they should include.",
        "most",
        5,
        ["A simple timetable and template for commissioning plans."],
      ],
      [
        "Agree how the Board will co-ordinate plans so that gaps are found and proposals developed to fill them.",
        "some",
        3,
        ["Look across all the plans together once a year and find the gaps."],
      ],
    ]),
  },
  {
    theme: "Integration",
    respondents: 7,
    withheld: false,
    points: points(5, "p", [
      ["It is not clear how integration would happen.", "most", 4, ["Everyone says integration; nobody says how."]],
      ["Members are not yet talking about integrating their plans.", "some", 3, ["We haven't once talked about joint plans at this Board."]],
      ["It is early days, with new players and new partners.", "some", 3, ["Half the organisations round the table didn't exist two years ago."]],
    ]),
    recommendations: points(5, "r", [
      [
        "When co-ordinating commissioning plans, identify opportunities to integrate commissioning and delivery, and highlight them to the Board.",
        "some",
        3,
        ["Use the plan-sharing to spot where we could commission together."],
      ],
    ]),
  },
  {
    theme: "Interventions",
    respondents: 10,
    withheld: false,
    points: points(6, "p", [
      ["Commitment to the four interventions.", "mixed", 10, ["We're fully behind two of them.", "I can't commit my organisation yet."]],
      [
        "There is strong commitment to new ways of working, but mixed views on each organisation's role in delivery.",
        "most",
        6,
        ["New ways of working, yes — but I'm not sure what our part is."],
      ],
      [
        "Organisations will engage and support delivery, but not necessarily through investment.",
        "some",
        4,
        ["We can bring people and venues. New money is harder."],
      ],
      ["Some changes to the work plans are needed.", "some", 3, ["The alcohol work plan needs the acute trusts in it."]],
      [
        "Members need time to discuss their contribution with their organisations and partners.",
        "some",
        3,
        ["I need to take this back to our board before I commit anything."],
      ],
    ]),
    recommendations: points(6, "r", [
      ["Set up multi-agency task groups to start delivery.", "most", 6, ["Task groups for each intervention, meeting from January."]],
      ["Send people who have a mandate to act on behalf of their organisation.", "some", 4, ["Send people who can say yes."]],
      ["Identify some quick wins and success measures.", "some", 3, ["Pick two quick wins so people see something happen this year."]],
    ]),
  },
];

const ORGS = {
  lcc: "Lancashire County Council",
  police: "Lancashire Constabulary",
  ccg: "NHS Morecambe Bay CCG",
  trust: "Lancashire Teaching Hospitals",
  healthwatch: "Healthwatch Lancashire",
  city: "Lancaster City Council",
};

function commitmentRow(n: number, cells: Record<string, CommitmentLevel>, respondents: number): CommitmentRowSummary {
  const entries = Object.entries(cells).sort(([a], [b]) => a.localeCompare(b));
  const leads = entries.filter(([, l]) => l === "lead").map(([o]) => o);
  return {
    interventionId: `i${n + 1}`,
    label: SEED_INTERVENTIONS[n]!,
    cells,
    leads,
    committed: entries.filter(([, l]) => l === "lead" || l === "contribute" || l === "support").map(([o]) => o),
    hasLead: leads.length > 0,
    respondents,
    withheld: false,
  };
}

/** A named round (seed 002's 1:1s): six themes, the priority vote (seed 001) and commitments to the ten interventions. */
export const summarySample: Summary = {
  roundId: "rnd-2026-11-strategy",
  title: ROUND_TITLE,
  boardName: BOARD_NAME,
  anonymous: false,
  minRespondents: 3,
  invited: 14,
  responded: 11,
  themes: SUMMARY_THEMES,
  votes: [
    { optionId: "o2", label: SEED_PRIORITIES[1]!, votes: 7, voters: 5, rank: 1, tied: false },
    { optionId: "o1", label: SEED_PRIORITIES[0]!, votes: 5, voters: 4, rank: 2, tied: true },
    { optionId: "o3", label: SEED_PRIORITIES[2]!, votes: 5, voters: 4, rank: 2, tied: true },
    { optionId: "o4", label: SEED_PRIORITIES[3]!, votes: 3, voters: 3, rank: 4, tied: false },
  ],
  votesWithheld: false,
  commitmentOrganisations: Object.values(ORGS).sort((a, b) => a.localeCompare(b)),
  commitments: [
    commitmentRow(0, { [ORGS.trust]: "lead", [ORGS.ccg]: "contribute", [ORGS.lcc]: "support" }, 6),
    commitmentRow(1, { [ORGS.lcc]: "lead", [ORGS.ccg]: "contribute", [ORGS.healthwatch]: "support", [ORGS.city]: "consult" }, 7),
    commitmentRow(2, { [ORGS.police]: "lead", [ORGS.lcc]: "contribute", [ORGS.city]: "support", [ORGS.trust]: "consult" }, 7),
    commitmentRow(3, { [ORGS.lcc]: "contribute", [ORGS.healthwatch]: "support", [ORGS.ccg]: "consult" }, 5),
    commitmentRow(4, { [ORGS.city]: "lead", [ORGS.healthwatch]: "contribute", [ORGS.lcc]: "support" }, 6),
    commitmentRow(5, { [ORGS.city]: "contribute", [ORGS.lcc]: "support", [ORGS.police]: "unable" }, 5),
    commitmentRow(6, { [ORGS.trust]: "consult", [ORGS.ccg]: "consult", [ORGS.police]: "support" }, 4),
    commitmentRow(7, { [ORGS.lcc]: "support", [ORGS.city]: "support" }, 4),
    commitmentRow(8, { [ORGS.ccg]: "lead", [ORGS.trust]: "contribute" }, 5),
    commitmentRow(9, { [ORGS.healthwatch]: "contribute", [ORGS.ccg]: "support", [ORGS.lcc]: "support" }, 6),
  ],
  opportunities: [
    {
      kind: "intervention",
      id: "i2",
      label: SEED_INTERVENTIONS[1]!,
      organisations: [ORGS.healthwatch, ORGS.lcc, ORGS.ccg],
      detail: `${ORGS.healthwatch}: support delivery (no investment); ${ORGS.lcc}: lead; ${ORGS.ccg}: contribute resources`,
    },
    {
      kind: "intervention",
      id: "i3",
      label: SEED_INTERVENTIONS[2]!,
      organisations: [ORGS.lcc, ORGS.city, ORGS.police],
      detail: `${ORGS.lcc}: contribute resources; ${ORGS.city}: support delivery (no investment); ${ORGS.police}: lead`,
    },
    {
      kind: "intervention",
      id: "i5",
      label: SEED_INTERVENTIONS[4]!,
      organisations: [ORGS.healthwatch, ORGS.lcc, ORGS.city],
      detail: `${ORGS.healthwatch}: contribute resources; ${ORGS.lcc}: support delivery (no investment); ${ORGS.city}: lead`,
    },
    {
      kind: "intervention",
      id: "i1",
      label: SEED_INTERVENTIONS[0]!,
      organisations: [ORGS.lcc, ORGS.trust, ORGS.ccg],
      detail: `${ORGS.lcc}: support delivery (no investment); ${ORGS.trust}: lead; ${ORGS.ccg}: contribute resources`,
    },
    {
      kind: "priority",
      id: "o2",
      label: SEED_PRIORITIES[1]!,
      organisations: [ORGS.ccg, ORGS.trust, ORGS.lcc],
      detail: `7 votes from ${ORGS.lcc}, ${ORGS.ccg}, ${ORGS.trust}`,
    },
  ],
  unled: [
    { id: "i4", label: SEED_INTERVENTIONS[3]!, committed: [ORGS.healthwatch, ORGS.lcc] },
    { id: "i6", label: SEED_INTERVENTIONS[5]!, committed: [ORGS.city, ORGS.lcc] },
    { id: "i7", label: SEED_INTERVENTIONS[6]!, committed: [ORGS.police] },
    { id: "i8", label: SEED_INTERVENTIONS[7]!, committed: [ORGS.city, ORGS.lcc] },
    { id: "i10", label: SEED_INTERVENTIONS[9]!, committed: [ORGS.ccg, ORGS.healthwatch, ORGS.lcc] },
  ],
  generatedAt: "2026-12-04T17:05:00.000Z",
};

/**
 * The same round run anonymously with a threshold of 3: Integration (2 answers) and the vote (2 voters)
 * are withheld, as is one intervention's row.
 */
export const summaryAnonymousSample: Summary = {
  ...summarySample,
  roundId: "rnd-2026-11-integration",
  anonymous: true,
  responded: 9,
  themes: SUMMARY_THEMES.map((t) => (t.theme === "Integration" ? { ...t, respondents: 2, withheld: true, points: [], recommendations: [] } : t)),
  votes: [],
  votesWithheld: true,
  commitments: summarySample.commitments.map((row) => (row.interventionId === "i7" ? { ...row, cells: {}, leads: [], committed: [], hasLead: false, respondents: 2, withheld: true } : row)),
  opportunities: summarySample.opportunities.filter((o) => o.kind === "intervention"),
  unled: summarySample.unled.map((u) => (u.id === "i7" ? { ...u, committed: [] } : u)),
};

/** Sample display data built from a summary the way the view builders are expected to (see the report's conventions). */
const DIGEST_POINTS = 3;
const DIGEST_RECOMMENDATIONS = 2;
const DIGEST_LIST = 4;

function digestTheme(theme: ThemeSummary, minRespondents: number): DigestThemeView {
  if (theme.withheld) {
    return { theme: theme.theme, points: [], morePoints: 0, recommendations: [], moreRecommendations: 0, withheldText: withheldThemeText(minRespondents) };
  }
  const shown = theme.points.slice(0, DIGEST_POINTS);
  const recs = theme.recommendations.slice(0, DIGEST_RECOMMENDATIONS);
  return {
    theme: theme.theme,
    points: shown.map((p) => ({ text: pointSentence(p, theme.respondents), supportersText: supportersText(p.supporters, theme.respondents) })),
    morePoints: theme.points.length - shown.length,
    recommendations: recs.map((r) => asSentence(r.statement)),
    moreRecommendations: theme.recommendations.length - recs.length,
  };
}

function commitmentText(row: CommitmentRowSummary): string {
  const others = row.committed.filter((o) => !row.leads.includes(o));
  const lead = row.hasLead ? `Led by ${row.leads.join(" and ")}` : "No lead yet";
  return others.length > 0 ? `${lead}; with ${others.join(", ")}` : lead;
}

function digestFrom(summary: Summary, extra: Pick<DigestCardData, "closedText" | "publishedByText"> & Partial<DigestCardData>): DigestCardData {
  const rows = summary.commitments.filter((r) => !r.withheld && r.committed.length > 0);
  return {
    title: summary.title,
    boardName: summary.boardName,
    responseText: responseRateText(summary.responded, summary.invited),
    themes: summary.themes.map((t) => digestTheme(t, summary.minRespondents)),
    moreThemes: 0,
    priorities: summary.votes.map((v) => ({ rankText: rankText(v.rank, v.tied), label: v.label, votesText: votesText(v.votes, v.voters) })),
    morePriorities: 0,
    ...(summary.votesWithheld ? { prioritiesWithheldText: withheldVoteText(summary.minRespondents) } : {}),
    commitments: rows.slice(0, DIGEST_LIST).map((r) => ({ label: r.label, text: commitmentText(r) })),
    moreCommitments: Math.max(0, rows.length - DIGEST_LIST),
    opportunities: summary.opportunities.slice(0, 3).map((o) => ({ label: o.label, text: o.detail })),
    moreOpportunities: Math.max(0, summary.opportunities.length - 3),
    unledText: summary.unled.length > 0 ? `Nobody leads: ${summary.unled.map((u) => u.label).join("; ")}.` : undefined,
    ...extra,
  };
}

/** The digest posted to "Board feedback" when Habib publishes: a link to the full report. */
export const digestSample: DigestCardData = digestFrom(summarySample, {
  closedText: "Closed Friday 4 December 2026 at 5:00pm (UK time)",
  publishedByText: "Reviewed and published by Habib Patel on Tuesday 8 December 2026",
  reportUrl: "https://sounding-board.example.org/reports/rnd-2026-11-strategy?key=6f1c2a9e",
});

/** Anonymous: Integration and the vote withheld, no public address (so no report link). */
export const digestWithheldSample: DigestCardData = digestFrom(summaryAnonymousSample, {
  closedText: "Closed Monday 30 November 2026 at 12:00pm (UK time)",
  anonymousText: "Anonymous round: no names are kept, and anything fewer than 3 members answered is withheld.",
  publishedByText: "Reviewed and published by Debs Harkins on Tuesday 1 December 2026",
});

const REVIEW_POINTS = 4;
const REVIEW_RECOMMENDATIONS = 3;

function reviewPoint(point: Point, siblings: Point[], respondents: number, keep = true): ReviewPointView {
  const officerAdded = point.source === "officer";
  return {
    id: point.id,
    statement: point.statement,
    supportText: officerAdded ? "" : `${quantifierLabel(point.quantifier)} · ${point.supporters} of ${respondents}`,
    evidence: point.evidence.slice(0, 2),
    keep,
    mergeChoices: siblings.filter((s) => s.id !== point.id).map((s) => ({ value: s.id, title: s.statement })),
    officerAdded,
  };
}

function reviewTheme(theme: ThemeSummary, index: number, minRespondents: number, dropped: ReadonlySet<string>, maxPoints = REVIEW_POINTS, maxRecs = REVIEW_RECOMMENDATIONS): ReviewThemeView {
  const shown = theme.points.slice(0, maxPoints);
  const recs = theme.recommendations.slice(0, maxRecs);
  return {
    index,
    theme: theme.theme,
    ...(theme.withheld ? { withheldText: withheldThemeText(minRespondents) } : {}),
    points: shown.map((p) => reviewPoint(p, shown, theme.respondents, !dropped.has(p.id))),
    recommendations: recs.map((r) => reviewPoint(r, recs, theme.respondents, !dropped.has(r.id))),
    hiddenCount: theme.points.length - shown.length,
  };
}

const REVIEW_OTHER_LINES = [
  "Priority vote: 1 Mental Health & Wellbeing (7 votes); =2 Maternal and child health, Long term conditions (5 votes each)",
  "Commitments from 6 organisations to 10 interventions; 5 interventions have no lead yet",
  "4 collaboration opportunities, e.g. Holistic support to vulnerable families (3 organisations)",
];

/** Just after the round closed: the draft, with one point already left out and an officer's recommendation. */
export const reviewDraftSample: ReviewCardData = {
  roundId: summarySample.roundId,
  boardId: BOARD_ID,
  title: summarySample.title,
  boardName: summarySample.boardName,
  banner: { style: "accent", text: "The round has closed. Check the draft summary, then publish it to Board feedback." },
  responseText: responseRateText(summarySample.responded, summarySample.invited),
  revision: 2,
  themes: summarySample.themes.map((t, i) => reviewTheme(t, i, summarySample.minRespondents, new Set(["t1p3"]), 3, t.recommendations.some((r) => r.source === "officer") ? 3 : 2)),
  otherLines: REVIEW_OTHER_LINES,
  state: "draft",
  statementMaxLength: 300,
};

/** After publishing: read-only, with the report link. */
export const reviewPublishedSample: ReviewCardData = {
  ...reviewDraftSample,
  banner: { style: "good", text: "Published. The digest is in Board feedback." },
  revision: 5,
  themes: summarySample.themes.map((t, i) => reviewTheme(t, i, summarySample.minRespondents, new Set(["t1p3"]), 3, t.recommendations.some((r) => r.source === "officer") ? 3 : 2)),
  state: "published",
  publishedText: "Published Tuesday 8 December at 9:12am by Habib Patel",
  reportUrl: "https://sounding-board.example.org/reports/rnd-2026-11-strategy?key=6f1c2a9e",
};

/**
 * The biggest draft the card must carry: 6 themes × (6 points + 3 recommendations), every one with
 * two ~200-character evidence lines, long statements and merge choices naming the other points.
 */
export function reviewDraftLarge(): ReviewCardData {
  const sentence = (prefix: string, n: number): string =>
    `${prefix} ${"partners should agree how they will hold each other to account for delivery and report progress to the Board. ".repeat(10)}`.slice(0, n).trim();
  const OPENERS = ["Members said", "Most felt", "Several noted", "Some argued", "A few asked why", "One member warned"];
  const themes: ThemeSummary[] = SEED_THEMES.map((t, i) => ({
    theme: t.name,
    respondents: 12,
    withheld: false,
    points: Array.from({ length: 6 }, (_, n): Point => ({
      id: `t${i + 1}p${n + 1}`,
      statement: sentence(OPENERS[n]!, 120),
      supporters: 12 - n,
      quantifier: n === 0 ? "all" : n < 3 ? "most" : "some",
      evidence: [sentence("We think", 200), sentence("Our view is", 200)],
      source: "members",
    })),
    recommendations: Array.from({ length: 3 }, (_, n): Point => ({
      id: `t${i + 1}r${n + 1}`,
      statement: sentence(OPENERS[n + 3]!, 120),
      supporters: 6 - n,
      quantifier: "some",
      evidence: [sentence("I would", 200), sentence("Please", 200)],
      source: "members",
    })),
  }));
  return {
    ...reviewDraftSample,
    themes: themes.map((t, i) => reviewTheme(t, i, 3, new Set(), 6, 3)),
  };
}
