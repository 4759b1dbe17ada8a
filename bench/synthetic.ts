/**
 * Synthetic feedback rounds for the benchmarks, generated deterministically (seeded mulberry32):
 * N members × 5 themes of seed 002's 1:1 template, each with a "your view" and a "what would you
 * recommend" question. Answers are built the way board members write them: a few recurring points
 * per theme, each said in several ways (so the theming engine has real clusters to find), filled in
 * with partner organisations, services, places and groups; plus one-off remarks from a small
 * grammar; hedges ("In my view,", "Honestly,"), negations, questions, bullet lists, the odd "N/A"
 * and the occasional long answer. Same seed and size → same text, byte for byte.
 */
import { mulberry32 } from "../test/helpers/fake-connector.ts";
import type { SummaryInput } from "../services/summary/summary.builder.ts";
import type { ThemingAnswer, ThemingQuestion } from "../services/summary/summary.types.ts";

type Rng = () => number;
const pick = <T>(rnd: Rng, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const ORGS = [
  "the county council", "adult social care", "public health", "the CCG", "the ICB", "the police", "the fire and rescue service",
  "the acute trust", "the mental health trust", "the CVS", "Healthwatch", "the district councils", "primary care", "the housing associations",
  "the community health trust", "children's services", "the probation service", "the ambulance trust",
];
const SERVICES = [
  "mental health support", "falls prevention", "carers support", "domestic abuse services", "hospital discharge", "school nursing",
  "smoking cessation", "weight management", "social prescribing", "dementia care", "alcohol liaison", "reablement", "home adaptations",
  "health visiting", "drug and alcohol treatment", "affordable warmth", "sexual health", "suicide prevention", "community transport",
  "debt advice", "loneliness work", "physical activity programmes", "NHS health checks", "perinatal mental health",
];
const PLACES = [
  "Lancaster", "Morecambe", "Fleetwood", "Wyre", "Preston", "Chorley", "Burnley", "Pendle", "the coastal towns", "rural areas",
  "the most deprived wards", "the east of the county", "the Fylde", "Skelmersdale",
];
const GROUPS = [
  "older people", "young carers", "families with young children", "people with learning disabilities", "veterans", "rough sleepers",
  "people with long-term conditions", "care leavers", "new parents", "people living alone", "Gypsy and Traveller communities", "teenagers",
];
const WHEN = ["within a year", "by the spring", "every quarter", "before the next meeting", "over the next three years", "this financial year", "at every meeting", "from April"];
const REC_PREFIX = ["", "", "", "", "", "", "I'd recommend that we ", "My suggestion would be to ", "I would suggest that we ", "We should ", "Ideally we would "];
const PREFIX = ["", "", "", "", "", "", "In my view, ", "Honestly, ", "I think ", "I feel ", "For me, ", "To be frank, ", "Personally, I think ", "From where I sit, ", "I'd say "];
const SUFFIX = [
  "", "", "", "", "", "", "", "", " — especially in {place}", ", particularly for {group}", ", as we saw with {service}", " and {org} would agree",
  " across {place} and beyond", ", which worries me", ", and that needs to change", " if we are serious about {service}",
];

/** Fill {org} {service} {place} {group} {when} slots. */
function fill(rnd: Rng, template: string): string {
  return template
    .replace(/\{org\}/g, () => pick(rnd, ORGS))
    .replace(/\{service\}/g, () => pick(rnd, SERVICES))
    .replace(/\{place\}/g, () => pick(rnd, PLACES))
    .replace(/\{group\}/g, () => pick(rnd, GROUPS))
    .replace(/\{when\}/g, () => pick(rnd, WHEN));
}

interface ThemeSpec {
  name: string;
  view: string;
  recommend: string;
  /** Recurring points: each a list of paraphrases. */
  views: string[][];
  recommendations: string[][];
}

const THEMES: ThemeSpec[] = [
  {
    name: "Role of the Board",
    view: "How do you see your role on the Board, and the Board's role across the county? How should partners hold each other to account?",
    recommend: "What would you recommend to strengthen the Board's role?",
    views: [
      ["The Board should provide system leadership for health and wellbeing across the whole county", "I see the Board leading the health and wellbeing agenda county-wide, not just for {org}", "Our job is to give leadership across the county rather than represent our own organisations", "It should lead on health and wellbeing for all of the county, above district boundaries"],
      ["I'm not clear how partners will hold each other to account", "It is unclear what happens when {org} doesn't deliver what it signed up to", "We have no real mechanism for holding one another to account", "I am unsure how we make partners accountable when commitments on {service} slip"],
      ["Too much of the agenda goes on noting reports", "Meetings feel like a talking shop where we receive papers on {service} and move on", "We spend most of our time listening to presentations rather than making decisions", "The agenda is crowded with items for information only"],
      ["Smaller voluntary organisations find it hard to get a hearing at the Board", "The voluntary sector's voice is often lost behind the statutory partners", "Community groups in {place} feel the Board doesn't listen to them"],
      ["The Board has become much more focused over the last year", "Relationships between partners are stronger than they have ever been", "I value the Board as the one place where {org} and the NHS sit together"],
      ["Attendance from {org} has been patchy, which weakens our decisions", "Too many members send deputies who can't commit their organisation", "Decisions get deferred because the right people aren't in the room"],
    ],
    recommendations: [
      ["Run a facilitated development session so members can practise challenging each other", "Hold an away day with an external facilitator to agree how we hold each other to account", "A facilitated workshop on real scenarios would help us work as a board"],
      ["Cut the information items and give the time to two or three big decisions", "Put papers for noting in a briefing pack and keep the meeting for discussion", "Limit each meeting to the strategic priorities and push the rest to sub-groups"],
      ["Agree a short accountability framework that says what happens when commitments slip", "Publish a tracker of what each partner committed to and review it {when}", "Report progress on commitments at every meeting, partner by partner"],
      ["Give the voluntary sector a standing item on the agenda", "Invite community groups from {place} to present their work to the Board", "Make sure {org} and the smaller charities are represented properly"],
    ],
  },
  {
    name: "Strategy Narrative",
    view: "Does the strategy narrative set clear, measurable outcomes, and say how people's experience will improve and how the system will be sustainable?",
    recommend: "What would you change or add to the strategy narrative?",
    views: [
      ["The outcomes are the right ones but none of them are measurable", "We have no metrics, so nobody will know what success looks like", "Nothing in the narrative says how we will measure progress against the outcomes", "The outcomes are not measurable as written"],
      ["It doesn't say how the system will be financially sustainable", "There is nothing about the sustainability of services given the funding gap", "The narrative ignores the financial pressure on {org}"],
      ["The narrative reads well and is a big improvement on last year's draft", "I like the narrative; it is clear and readable", "It is a good, clear document that residents could understand"],
      ["The voluntary sector is barely mentioned anywhere in the document", "The narrative says little about the role of community groups", "There is not enough about what {org} and the voluntary sector will contribute"],
      ["It doesn't describe how people's experience of {service} will improve", "Residents won't see themselves in it; there is nothing about their experience", "It is written for professionals, not for {group}"],
      ["It is too long and tries to cover everything", "The narrative has too many priorities to be a strategy", "It lists every service instead of choosing a few priorities"],
    ],
    recommendations: [
      ["Set SMART measures for every outcome and report progress to the Board", "Each outcome should have a measurable target, with progress reported {when}", "Add a small set of indicators for each outcome so we can see what is changing"],
      ["Add a section on how the system will live within its means", "Say plainly how the strategy will be funded and what will stop", "Include a financial plan alongside the narrative"],
      ["Describe the part the voluntary and community sector will play in delivery", "Name what {org} and community groups will do", "Show where the voluntary sector fits in each priority"],
      ["Write a short public version that {group} can read", "Test the narrative with residents in {place} before it is finalised", "Use real stories from {place} to show what will be different"],
    ],
  },
  {
    name: "Delivery of the Strategy",
    view: "How should the strategy be delivered, and how will your organisation's actions contribute to its outcomes, shifts and interventions?",
    recommend: "What would you recommend to make delivery work?",
    views: [
      ["Delivery needs a named lead for each intervention", "Nobody owns delivery, so nothing will happen", "Each intervention should have one organisation leading it and others supporting"],
      ["{org} can contribute staff time to {service} but not new money", "We can support delivery of {service} within existing resources", "Our organisation can lead on {service} in {place}"],
      ["I don't know how my organisation's work links to the outcomes", "It is unclear how the interventions were chosen", "I am not clear how our actions contribute to the shifts in the strategy"],
      ["Delivery will fail without shared data between partners", "We can't deliver without sharing information about {group}", "Data sharing between {org} and the NHS is still the biggest barrier"],
      ["There is real enthusiasm for this among front-line staff", "Staff in {place} are keen to get on with {service}", "Teams are already working together well on {service}"],
      ["We are trying to do too much at once", "The delivery plan has too many actions to track", "There are too many task groups and not enough delivery"],
    ],
    recommendations: [
      ["Set up a small task group for each intervention with a named lead", "Give each intervention a lead organisation and a delivery plan", "Agree leads for every intervention {when}"],
      ["Start with two or three quick wins to build momentum", "Pick a quick win such as {service} in {place} and show it can be done", "Focus on a few early successes before scaling up"],
      ["Agree an information sharing protocol between all partners", "Sort out data sharing between {org} and the NHS first", "Create a shared dataset on {group} that every partner can use"],
      ["Report delivery progress to the Board {when}", "Use a simple dashboard to track delivery at each meeting", "Review each intervention's progress {when} and stop what isn't working"],
    ],
  },
  {
    name: "Co-ordinating Commissioning Plans",
    view: "How should partners' commissioning plans be shared and co-ordinated with the strategy's priorities, and how do we ensure constructive challenge?",
    recommend: "What would you recommend for co-ordinating commissioning plans?",
    views: [
      ["Commissioning plans should come to the Board early so we can spot gaps", "Partners should share commissioning intentions before they are finalised", "Commissioning plans need to be circulated to the Board well before sign-off", "The Board should see each organisation's draft plans while they can still be changed"],
      ["I don't know who will actually do the co-ordinating", "Nobody is responsible for co-ordinating commissioning across partners", "It is unclear how co-ordination will happen in practice"],
      ["{org} and the CCG commission overlapping services for {group}", "We are duplicating spend on {service} in {place}", "There is overlap between what {org} commissions and what the NHS commissions"],
      ["Challenge at the Board is too polite to change anything", "Nobody challenges a partner's plan in the meeting", "We need constructive challenge, not just approval of each other's plans"],
      ["Commissioning cycles don't line up between organisations", "Our budget timetables are out of step with {org}", "The NHS and council planning cycles run at different times of year"],
    ],
    recommendations: [
      ["Agree a timetable for when each partner brings its plans to the Board", "Set a joint commissioning calendar so plans arrive in time", "Bring all commissioning plans to one meeting each year, before they are signed off"],
      ["Map what every partner commissions for {group} to find overlaps", "Produce a joint map of commissioned services in {place}", "Do a shared review of spend on {service} across partners"],
      ["Appoint a lead officer to co-ordinate commissioning across partners", "Give the joint commissioning group a clear remit from the Board", "Ask {org} to lead co-ordination of commissioning plans"],
      ["Use a short checklist to test each plan against the strategy's priorities", "Ask every plan to show how it contributes to the outcomes", "Agree questions the Board will always ask of a commissioning plan"],
    ],
  },
  {
    name: "Integration",
    view: "Where do you see opportunities to integrate the commissioning and delivery of services, and how would integration happen?",
    recommend: "What would you recommend to make integration happen?",
    views: [
      ["There is a real opportunity to integrate {service} across health and social care", "{service} is the obvious place to start integrating", "Integrating {service} would make the biggest difference for {group}"],
      ["Pooled budgets would make integration real", "Without pooled budgets integration is just talk", "We should pool funding for {service} between {org} and the NHS"],
      ["Neighbourhood teams in {place} already show what integration can do", "Joint working between {org} and GPs in {place} is a good model", "Integrated teams for {group} are working well"],
      ["Integration keeps stalling on governance and sign-off", "Every integration project gets stuck in each organisation's approval process", "I'm not clear who can sign off integration decisions"],
      ["Integration needs shared records and IT", "Staff can't see each other's records, which blocks joint work", "Different IT systems across {org} and the NHS make integration hard"],
    ],
    recommendations: [
      ["Pick one service such as {service} and integrate it fully as a pilot", "Run an integration pilot in {place} and evaluate it", "Start with {service} for {group} and learn from it"],
      ["Agree a pooled budget for {service} {when}", "Set up a section 75 agreement for {service}", "Put a share of each partner's budget into a joint fund"],
      ["Delegate integration decisions to a joint committee", "Agree a single sign-off route for integration proposals", "Give the integration board the authority to decide"],
      ["Fund shared records access for integrated teams", "Make shared care records available to all front-line staff", "Invest in joined-up IT between {org} and the NHS"],
    ],
  },
];

/** One-off remarks: a small grammar for sentences that belong to no recurring point. */
const SUBJECTS = ["The Board", "Partners", "We", "Our organisation", "{org}", "Each member", "Commissioners", "The strategy", "The sub-groups", "Officers"];
const VERBS = ["should review", "must understand", "must fund", "should co-ordinate", "could integrate", "should evaluate", "could map", "should publish", "must agree", "should look again at", "ought to prioritise", "may have overlooked", "should talk to", "could learn from"];
const OBJECTS = [
  "{service}", "{service} for {group}", "the JSNA", "the workforce plan", "the estates strategy", "transport to appointments", "digital inclusion",
  "the prevention budget", "waiting lists for {service}", "the role of pharmacies", "what residents in {place} tell us", "the evidence on {service}",
  "the housing pipeline", "the cost of living", "winter pressures", "the evaluation of {service}",
];
const ODD_ENDINGS = ["", "", "", " {when}", " in {place}", " with {org}", " before anything else", " as a matter of urgency", " within existing resources", " with the voluntary sector"];
const ODD_FORMS = [
  (s: string) => `${s}.`,
  (s: string) => `${s}.`,
  (s: string) => `${s}.`,
  (s: string) => `${s}!`,
  (s: string) => `Why has nobody asked whether ${s.charAt(0).toLowerCase()}${s.slice(1)}?`,
  (s: string) => `I don't think ${s.charAt(0).toLowerCase()}${s.slice(1)}.`,
];
const NON_ANSWERS = ["N/A", "No comment.", "Nothing to add.", "None", "See previous answer.", "Not sure."];
const JOINERS = [" ", " ", " ", " Also, ", " And ", " But ", " On the other hand, ", "\n"];

function oneOff(rnd: Rng): string {
  const core = fill(rnd, `${pick(rnd, SUBJECTS)} ${pick(rnd, VERBS)} ${pick(rnd, OBJECTS)}${pick(rnd, ODD_ENDINGS)}`);
  return pick(rnd, ODD_FORMS)(core);
}

/** Keep "I", "I'm", acronyms and names capitalised when a sentence moves into the middle of another. */
const KEEP_CAPITAL = /^(I|I'm|I'd|NHS|CCG|ICB|JSNA|[A-Z][a-z]+ [A-Z]|[A-Z]{2,})\b/;
const lowerFirst = (s: string): string => (KEEP_CAPITAL.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));

function recurring(rnd: Rng, paraphrases: string[], recommendation: boolean): string {
  const prefix = pick(rnd, recommendation ? REC_PREFIX : PREFIX);
  let s = fill(rnd, pick(rnd, paraphrases));
  if (prefix) s = `${prefix}${lowerFirst(s)}`;
  s += fill(rnd, pick(rnd, SUFFIX));
  return `${s}${rnd() < 0.08 ? "!" : "."}`;
}

function answerText(rnd: Rng, points: string[][], recommendation: boolean): string {
  const r = rnd();
  if (r < 0.03) return pick(rnd, NON_ANSWERS);
  // Most answers are one or two sentences; some are lists; a few are long.
  const count = r < 0.45 ? 1 : r < 0.8 ? 2 : r < 0.95 ? 3 : 5 + Math.floor(rnd() * 4);
  const sentences: string[] = [];
  for (let i = 0; i < count; i += 1) {
    sentences.push(rnd() < 0.72 ? recurring(rnd, pick(rnd, points), recommendation) : oneOff(rnd));
  }
  if (count >= 2 && rnd() < 0.2) return sentences.map((s) => `- ${s.replace(/[.!]$/, "")}`).join("\n");
  let text = sentences[0]!;
  for (let i = 1; i < sentences.length; i += 1) {
    const joiner = pick(rnd, JOINERS);
    const s = sentences[i]!;
    text += joiner.trim() === "" ? `${joiner}${s}` : `${joiner}${lowerFirst(s)}`;
  }
  return text;
}

export const SYNTHETIC_QUESTIONS: ThemingQuestion[] = THEMES.flatMap((t, i) => [
  { id: `t${i + 1}`, theme: t.name, kind: "view" as const, text: t.view },
  { id: `t${i + 1}r`, theme: t.name, kind: "recommendation" as const, text: t.recommend },
]);

export interface SyntheticRound {
  questions: ThemingQuestion[];
  /** memberId → questionId → text, as stored responses hold them. */
  responses: Array<{ memberId: string; answers: Record<string, string> }>;
}

/**
 * `members` responses × 5 themes. Every member answers each theme's view question with probability
 * 0.9 and its recommendation question with probability 0.5.
 */
export function syntheticRound(members: number, seed = 20261123): SyntheticRound {
  const rnd = mulberry32(seed);
  const responses: SyntheticRound["responses"] = [];
  for (let m = 0; m < members; m += 1) {
    const answers: Record<string, string> = {};
    THEMES.forEach((t, i) => {
      if (rnd() < 0.9) answers[`t${i + 1}`] = answerText(rnd, t.views, false);
      if (rnd() < 0.5) answers[`t${i + 1}r`] = answerText(rnd, t.recommendations, true);
    });
    responses.push({ memberId: `m${String(m).padStart(6, "0")}`, answers });
  }
  return { questions: SYNTHETIC_QUESTIONS, responses };
}

/** The same round as the summary's input: an anonymous 1:1 feedback round of `members` invited, no votes or commitments. */
export function syntheticSummaryInput(members: number): SummaryInput {
  const round = syntheticRound(members);
  return {
    round: {
      id: `bench-${members}`,
      title: "Synthetic 1:1 feedback",
      boardName: "North Lancashire Health & Wellbeing Board",
      anonymous: true,
      minRespondents: 3,
      questions: round.questions,
      options: [],
      interventions: [],
      kinds: ["feedback"],
    },
    invited: members,
    responses: round.responses.map((r) => ({ memberId: r.memberId, answers: r.answers, votes: {}, commitments: [] })),
    generatedAt: "2026-11-30T17:00:00.000Z",
  };
}

/** The same round as theming-engine input. */
export function syntheticAnswers(round: SyntheticRound): ThemingAnswer[] {
  return round.responses.flatMap((r) => Object.entries(r.answers).map(([questionId, text]) => ({ memberId: r.memberId, questionId, text })));
}

/** One member's answer to one theme (for the ingest benchmark's submissions). */
export function syntheticAnswer(seed: number, themeIndex: number): string {
  const rnd = mulberry32(seed);
  return answerText(rnd, THEMES[themeIndex % THEMES.length]!.views, false);
}
