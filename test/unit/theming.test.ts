import { expect } from "chai";
import type { Point, ThemedTheme, ThemingAnswer, ThemingQuestion } from "../../services/summary/summary.types.ts";
import { pointSentence } from "../../services/summary/phrasing.ts";
import { explainSentences, statementOf, themeAnswers } from "../../services/summary/theming/index.ts";

/**
 * A feedback round on a health and wellbeing board, written for this suite (not copied from any
 * minutes): ten members — county council adult services (m01) and public health (m02), two CCGs
 * (m03 Central, m04 East), police (m05), fire and rescue (m06), the CVS for the voluntary sector
 * (m07), Healthwatch (m08), a district council (m09) and an acute trust (m10) — answering three
 * themes, each with a view question and a recommendation question.
 */
const QUESTIONS: ThemingQuestion[] = [
  { id: "role", theme: "Role of the Board", kind: "view", text: "How do you see the role of the Board, and your own role on it?" },
  { id: "role_rec", theme: "Role of the Board", kind: "recommendation", text: "What would you recommend to strengthen the way the Board works?" },
  { id: "narrative", theme: "Strategy Narrative", kind: "view", text: "What is your view of the draft strategy narrative?" },
  { id: "narrative_rec", theme: "Strategy Narrative", kind: "recommendation", text: "What changes would you recommend to the strategy narrative?" },
  { id: "commissioning", theme: "Co-ordinating Commissioning Plans", kind: "view", text: "How should partners' commissioning plans be co-ordinated through the Board?" },
  { id: "commissioning_rec", theme: "Co-ordinating Commissioning Plans", kind: "recommendation", text: "What would you recommend for co-ordinating commissioning plans?" },
];

// Sentences the assertions refer to.
const LEAD = {
  m01: "The Board has to provide system leadership for health and wellbeing across the whole county.",
  m03: "I see us as leading the health and wellbeing agenda county-wide, not just for our own patch.",
  m05: "Our job is to give leadership across the county rather than represent our own organisations.",
  m07: "The Board should be where leadership for the whole of the county's health and wellbeing comes from.",
  m09: "It should lead on health and wellbeing for all of the county, above district boundaries.",
};
const ACCOUNT = {
  m02: "I'm not clear how partners will actually hold each other to account.",
  m04: "It's unclear what mechanism we have for holding one another to account.",
  m08: "I am unsure how we make partners accountable when commitments slip.",
};
const FRAMEWORK = {
  m02: "I don't think a rigorous performance management framework is needed; it will turn into box-ticking.",
  m05: "A rigorous performance management framework is exactly what this strategy needs.",
};
const FIRE = "Fire and rescue can bring home safety visits to the table as a prevention asset.";
/** In m06's Role of the Board answer, but squarely about commissioning plans. */
const OFF_THEME = "Commissioning plans from the CCGs and the council should be shared with the Board before they are signed off.";
const SHARE_PLANS = {
  m01: "Partners' commissioning plans ought to come to the Board early so we can spot gaps.",
  m03: "We should share our commissioning intentions with each other before they are finalised.",
  m04: "Commissioning plans need to be circulated to the Board well before sign-off.",
  m06: OFF_THEME,
  m07: "The Board should see each organisation's draft commissioning plans early, while they can still be changed.",
};
const FACILITATED = {
  m02: "Run a facilitated development session so members can practise challenging each other safely.",
  m04: "A facilitated workshop where we work through real scenarios together would help.",
  m08: "Hold a development session with an external facilitator to agree how we hold each other to account.",
};

const ANSWERS: ThemingAnswer[] = [
  // Role of the Board: nine members answer the view question (not m10).
  { memberId: "m01", questionId: "role", text: `${LEAD.m01} At the moment too much of our time goes on noting reports.` },
  { memberId: "m02", questionId: "role", text: `${ACCOUNT.m02} We sign up to things in the room and then nothing happens.` },
  { memberId: "m03", questionId: "role", text: LEAD.m03 },
  { memberId: "m04", questionId: "role", text: `${ACCOUNT.m04} Our CCG has its own statutory duties, which the Board has to respect.` },
  { memberId: "m05", questionId: "role", text: LEAD.m05 },
  { memberId: "m06", questionId: "role", text: `${FIRE}\n${OFF_THEME}` },
  { memberId: "m07", questionId: "role", text: `${LEAD.m07} Small charities find it hard to get a hearing.` },
  { memberId: "m08", questionId: "role", text: ACCOUNT.m08 },
  { memberId: "m09", questionId: "role", text: LEAD.m09 },
  { memberId: "m02", questionId: "role_rec", text: FACILITATED.m02 },
  { memberId: "m04", questionId: "role_rec", text: FACILITATED.m04 },
  { memberId: "m08", questionId: "role_rec", text: FACILITATED.m08 },
  { memberId: "m05", questionId: "role_rec", text: "Put the biggest financial pressures facing the health system on the agenda at every meeting." },

  // Strategy Narrative: nine members answer the view question (not m08).
  { memberId: "m01", questionId: "narrative", text: "The outcomes are the right ones but none of them are measurable." },
  { memberId: "m02", questionId: "narrative", text: FRAMEWORK.m02 },
  { memberId: "m03", questionId: "narrative", text: "We have no metrics, so nobody will know what success looks like." },
  { memberId: "m04", questionId: "narrative", text: "It doesn't say how the system will be financially sustainable." },
  { memberId: "m05", questionId: "narrative", text: FRAMEWORK.m05 },
  { memberId: "m06", questionId: "narrative", text: "It reads well and is a big improvement on last year's draft." },
  { memberId: "m07", questionId: "narrative", text: "The voluntary sector is barely mentioned anywhere in the document." },
  { memberId: "m09", questionId: "narrative", text: "There is nothing about the sustainability of services given the funding gap." },
  { memberId: "m10", questionId: "narrative", text: "Nothing in the narrative tells us how we will measure progress against the outcomes." },
  { memberId: "m01", questionId: "narrative_rec", text: "Set SMART measures for every outcome and report progress to the Board." },
  { memberId: "m10", questionId: "narrative_rec", text: "Each outcome should have a measurable target, with progress reported to the Board quarterly." },
  { memberId: "m07", questionId: "narrative_rec", text: "Describe the part the voluntary and community sector will play in delivery." },

  // Co-ordinating Commissioning Plans: four members answer the view question (m01, m03, m04, m07).
  { memberId: "m01", questionId: "commissioning", text: SHARE_PLANS.m01 },
  { memberId: "m03", questionId: "commissioning", text: `${SHARE_PLANS.m03} I don't know who will actually do the co-ordinating.` },
  { memberId: "m04", questionId: "commissioning", text: `${SHARE_PLANS.m04}\n\nUnsure how co-ordination will happen in practice.` },
  { memberId: "m07", questionId: "commissioning", text: SHARE_PLANS.m07 },
  { memberId: "m03", questionId: "commissioning_rec", text: "Agree a timetable for when each partner brings its plans to the Board." },
];

const themeNamed = (result: ThemedTheme[], name: string): ThemedTheme => {
  const theme = result.find((t) => t.theme === name);
  if (!theme) throw new Error(`no theme ${name}`);
  return theme;
};
/** The one point whose evidence includes `sentence`. */
const pointWith = (points: Point[], sentence: string): Point => {
  const found = points.filter((p) => p.evidence.includes(sentence));
  expect(found, `points with "${sentence}"`).to.have.length(1);
  return found[0]!;
};
const sorted = (xs: string[]) => [...xs].sort();

/** A seeded shuffle (mulberry32), so a failure can be reproduced. */
function shuffled<T>(items: T[], seed: number): T[] {
  let a = seed;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("theming engine", () => {
  const result = themeAnswers(QUESTIONS, ANSWERS);
  const role = themeNamed(result, "Role of the Board");
  const narrative = themeNamed(result, "Strategy Narrative");
  const commissioning = themeNamed(result, "Co-ordinating Commissioning Plans");

  it("returns one entry per theme, in the order themes first appear in the questions", () => {
    expect(result.map((t) => t.theme)).to.deep.equal(["Role of the Board", "Strategy Narrative", "Co-ordinating Commissioning Plans"]);
  });

  it("counts respondents as the members who answered the theme's view questions", () => {
    expect(role.respondents).to.equal(9);
    expect(narrative.respondents).to.equal(9);
    // Four answered; m06's sentence about commissioning plans was moved here, so m06 counts too.
    expect(commissioning.respondents).to.equal(5);
  });

  it("groups five members saying in different words that the Board leads across the county: most", () => {
    const point = pointWith(role.points, LEAD.m01);
    expect(sorted(point.evidence)).to.deep.equal(sorted(Object.values(LEAD)));
    expect(point.supporters).to.equal(5);
    expect(point.quantifier).to.equal("most");
    expect(point.id).to.equal("t1p1");
  });

  it("groups three members unclear how partners hold each other to account: some", () => {
    const point = pointWith(role.points, ACCOUNT.m02);
    expect(sorted(point.evidence)).to.deep.equal(sorted(Object.values(ACCOUNT)));
    expect(point.supporters).to.equal(3);
    expect(point.quantifier).to.equal("some");
    expect(point.id).to.equal("t1p2");
  });

  it("marks two members disagreeing about a performance management framework as mixed", () => {
    const point = pointWith(narrative.points, FRAMEWORK.m05);
    expect(sorted(point.evidence)).to.deep.equal(sorted(Object.values(FRAMEWORK)));
    expect(point.supporters).to.equal(2);
    expect(point.quantifier).to.equal("mixed");
  });

  it("says 'all' when every member who answered the theme made the point", () => {
    const point = pointWith(commissioning.points, SHARE_PLANS.m01);
    expect(sorted(point.evidence)).to.deep.equal(sorted(Object.values(SHARE_PLANS)));
    expect(point.supporters).to.equal(commissioning.respondents);
    expect(point.quantifier).to.equal("all");
  });

  it("keeps one-off remarks as single-member points and does not merge unrelated sentences", () => {
    const fire = pointWith(role.points, FIRE);
    expect(fire.evidence).to.deep.equal([FIRE]);
    expect(fire.supporters).to.equal(1);
    expect(fire.quantifier).to.equal("one");
    // Role of the Board: the two paraphrased points and five one-off remarks, nothing else merged.
    expect(role.points.map((p) => p.supporters)).to.deep.equal([5, 3, 1, 1, 1, 1, 1]);
    expect(role.points.map((p) => p.quantifier)).to.deep.equal(["most", "some", "one", "one", "one", "one", "one"]);
    // Strategy Narrative: measurability (3), the framework (2, mixed), sustainability (2), two one-offs.
    expect(narrative.points.map((p) => [p.supporters, p.quantifier])).to.deep.equal([
      [3, "some"],
      [2, "mixed"],
      [2, "some"],
      [1, "one"],
      [1, "one"],
    ]);
    const measurable = pointWith(narrative.points, "The outcomes are the right ones but none of them are measurable.");
    expect(measurable.evidence).to.not.include(FRAMEWORK.m05);
  });

  it("groups recommendations separately from views", () => {
    const facilitated = pointWith(role.recommendations, FACILITATED.m02);
    expect(sorted(facilitated.evidence)).to.deep.equal(sorted(Object.values(FACILITATED)));
    // Four members answered the recommendation question; three of them said this.
    expect(facilitated.quantifier).to.equal("most");
    expect(role.recommendations.map((p) => p.id)).to.deep.equal(["t1r1", "t1r2"]);
    expect(role.points.flatMap((p) => p.evidence)).to.not.include(FACILITATED.m02);
    const smart = pointWith(narrative.recommendations, "Set SMART measures for every outcome and report progress to the Board.");
    expect(smart.supporters).to.equal(2);
    expect(commissioning.recommendations).to.have.length(1);
  });

  it("moves a sentence that plainly belongs to another theme, and only that one", () => {
    expect(role.points.flatMap((p) => p.evidence)).to.not.include(OFF_THEME);
    expect(pointWith(commissioning.points, OFF_THEME).supporters).to.equal(5);
    const all = (r: ThemedTheme[]) => r.flatMap((t) => [...t.points, ...t.recommendations].flatMap((p) => p.evidence.map((e) => `${t.theme}: ${e}`)));
    const unmoved = themeAnswers(QUESTIONS, ANSWERS, { moveOffTheme: false });
    // Without moving, it stays in Role of the Board as a one-off; every other sentence is where it was.
    expect(pointWith(themeNamed(unmoved, "Role of the Board").points, OFF_THEME).supporters).to.equal(1);
    const moved = all(result).filter((e) => !all(unmoved).includes(e));
    expect(moved).to.deep.equal([`Co-ordinating Commissioning Plans: ${OFF_THEME}`]);
  });

  it("leaves a sentence that only touches on another theme where the member put it", () => {
    const borderline = "The Board should lead across the county and use partners' commissioning plans to do it.";
    const r = themeAnswers(QUESTIONS, [...ANSWERS, { memberId: "m10", questionId: "role", text: borderline }]);
    expect(pointWith(themeNamed(r, "Role of the Board").points, LEAD.m01).supporters).to.equal(6);
    expect(themeNamed(r, "Co-ordinating Commissioning Plans").respondents).to.equal(5);
  });

  it("copies evidence exactly from the answers", () => {
    const points = result.flatMap((t) => [...t.points, ...t.recommendations]);
    expect(points.length).to.be.greaterThan(10);
    for (const p of points) {
      expect(p.evidence.length).to.be.within(1, 5);
      expect(new Set(p.evidence).size).to.equal(p.evidence.length);
      for (const e of p.evidence) {
        expect(e).to.equal(e.trim());
        expect(ANSWERS.some((a) => a.text.includes(e)), e).to.equal(true);
      }
    }
  });

  it("writes short clean statements and numbered, sorted ids", () => {
    for (const [i, t] of result.entries()) {
      for (const [kind, points] of [["p", t.points], ["r", t.recommendations]] as const) {
        expect(points.map((p) => p.id)).to.deep.equal(points.map((_, n) => `t${i + 1}${kind}${n + 1}`));
        const supporters = points.map((p) => p.supporters);
        expect(supporters).to.deep.equal([...supporters].sort((a, b) => b - a));
        for (const p of points) {
          expect(p.source).to.equal("members");
          // Third person, to follow its lead ("Most members (5 of 7) said …"): no "I", "we", "our".
          expect(p.statement).to.not.match(/\b(?:I|we|our|us|my|me)\b/i);
          expect(p.statement).to.not.match(/\.$/);
          expect(pointSentence(p, t.respondents)).to.match(/^[A-Z].*[a-z0-9)][.?]$/);
          expect(p.statement.split(/\s+/).length).to.be.at.most(26);
        }
      }
    }
    // The statement is one of the point's own sentences, in the third person.
    const lead = pointWith(role.points, LEAD.m01);
    expect(lead.evidence.map((e) => statementOf(e).text)).to.include(lead.statement);
  });

  it("gives the same result whatever order the answers arrive in", () => {
    for (const seed of [1, 2, 3, 42]) expect(themeAnswers(QUESTIONS, shuffled(ANSWERS, seed))).to.deep.equal(result);
    expect(themeAnswers(QUESTIONS, [...ANSWERS].reverse())).to.deep.equal(result);
  });

  it("depends on the similarity threshold (a strict threshold splits the paraphrases)", () => {
    const strict = themeAnswers(QUESTIONS, ANSWERS, { threshold: 0.9 });
    const leads = themeNamed(strict, "Role of the Board").points.filter((p) => p.evidence.some((e) => Object.values(LEAD).includes(e)));
    expect(leads.length).to.be.greaterThan(1);
  });

  it("handles empty input", () => {
    expect(themeAnswers([], [])).to.deep.equal([]);
    expect(themeAnswers(QUESTIONS, [])).to.deep.equal([
      { theme: "Role of the Board", respondents: 0, points: [], recommendations: [] },
      { theme: "Strategy Narrative", respondents: 0, points: [], recommendations: [] },
      { theme: "Co-ordinating Commissioning Plans", respondents: 0, points: [], recommendations: [] },
    ]);
    // Blank answers, non-answers and answers to unknown questions add nothing.
    const r = themeAnswers(QUESTIONS.slice(0, 2), [
      { memberId: "m01", questionId: "role", text: "   " },
      { memberId: "m02", questionId: "role", text: "N/A" },
      { memberId: "m03", questionId: "nope", text: "The Board should lead across the county." },
    ]);
    expect(r).to.deep.equal([{ theme: "Role of the Board", respondents: 1, points: [], recommendations: [] }]);
  });

  it("counts recommendation respondents for a theme with no view questions", () => {
    const qs: ThemingQuestion[] = [{ id: "rec", theme: "Interventions", kind: "recommendation", text: "What would you recommend?" }];
    const r = themeAnswers(qs, [
      { memberId: "a", questionId: "rec", text: "Set up multi-agency task groups to start delivery." },
      { memberId: "b", questionId: "rec", text: "Identify some quick wins and success measures." },
    ]);
    expect(r[0]!.respondents).to.equal(2);
    expect(r[0]!.points).to.deep.equal([]);
    expect(r[0]!.recommendations.map((p) => p.id)).to.deep.equal(["t1r1", "t1r2"]);
  });

  it("counts a member once however often they make a point, and drops repeated evidence", () => {
    const qs: ThemingQuestion[] = [{ id: "q", theme: "Integration", kind: "view", text: "What do you think about integration?" }];
    const same = "Early days, new players, new partners.";
    const answers: ThemingAnswer[] = ["a", "b", "c"].map((m) => ({ memberId: m, questionId: "q", text: same }));
    answers.push({ memberId: "a", questionId: "q", text: `${same} ${same}` });
    const [t] = themeAnswers(qs, answers);
    expect(t!.points).to.have.length(1);
    expect(t!.points[0]!.supporters).to.equal(3);
    expect(t!.points[0]!.quantifier).to.equal("all");
    expect(t!.points[0]!.evidence).to.deep.equal([same]);
  });

  it("doesn't treat a redacted name as a topic: '[name]' adds no feature (wink counts 'name' a stop word)", () => {
    // Two answers that both mention a colleague must not look alike for it.
    const [redacted] = explainSentences("As [name] said, the Board must lead.");
    expect(redacted!.features).to.deep.equal(["board", "~lead"]);
  });

  it("keeps negation: 'clear' and 'not clear' are features apart, so they make different points", () => {
    const features = explainSentences("They are clear. They are not clear. Members are unclear. We hold each other to account. Accountability is weak.");
    expect(features.map((s) => s.features.filter((f) => f.includes("~")))).to.deep.equal([["~clear"], ["not_~clear"], ["not_~clear"], ["~account"], ["~account"]]);

    const qs: ThemingQuestion[] = [{ id: "role", theme: "Role of the Board", kind: "view", text: "How do you see your role on the Board?" }];
    // "role" only echoes the question, so these come down to clear against not clear: two points.
    const roles = themeAnswers(qs, [
      { memberId: "a", questionId: "role", text: "Our roles are clear." },
      { memberId: "b", questionId: "role", text: "My role is clear." },
      { memberId: "c", questionId: "role", text: "Our roles are not clear." },
      { memberId: "d", questionId: "role", text: "Roles are unclear." },
    ])[0]!;
    expect(roles.points.map((p) => sorted(p.evidence))).to.deep.equal([
      ["My role is clear.", "Our roles are clear."],
      ["Our roles are not clear.", "Roles are unclear."],
    ]);
    expect(roles.points.map((p) => p.quantifier)).to.deep.equal(["some", "some"]);
  });

  it("splits bullet lists into sentences and trims the markers", () => {
    const text = "- Commissioning plans should be shared early\n- Nobody knows what success looks like\n1. Reports are too long";
    expect(explainSentences(text).map((s) => s.text)).to.deep.equal([
      "Commissioning plans should be shared early",
      "Nobody knows what success looks like",
      "Reports are too long",
    ]);
  });
});
