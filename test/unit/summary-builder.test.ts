import { expect } from "chai";
import { buildSummary, summarise, type SummaryInput } from "../../services/summary/summary.builder.ts";
import { summaryToMarkdown } from "../../services/summary/format.ts";
import { renderReportHtml } from "../../services/summary/report.html.ts";
import { fittedReviewCard } from "../../bot/views/summary.views.ts";

const NAMES = ["Margaret Hollins", "Priya Raman", "Tom Ashworth", "Sana Mirza"];

function input(anonymous: boolean): SummaryInput {
  return {
    round: {
      id: "r1", title: "Spring", boardName: "Board", anonymous, minRespondents: 3, kinds: ["feedback", "vote", "commitment"],
      questions: [
        { id: "role", theme: "Role of the Board", text: "What is the Board's role?", kind: "view" },
        { id: "integ", theme: "Integration", text: "Where can we integrate services?", kind: "view" },
      ],
      options: [{ id: "o1", label: "Mental health and wellbeing" }, { id: "o2", label: "Long term conditions" }],
      interventions: [{ id: "i1", label: "Alcohol liaison nurses" }, { id: "i2", label: "Affordable warmth" }],
    },
    invited: 5,
    responses: [
      { memberId: "m1", organisation: "Lancashire County Council", answers: { role: `The Board should lead across the county. ${NAMES[0]} agrees.` }, votes: {}, commitments: [{ interventionId: "i1", level: "lead" }] },
      { memberId: "m2", organisation: "NHS Morecambe Bay CCG", answers: { role: "Leadership across the whole county is our job.", integ: "Integration is not discussed yet." }, votes: { o1: 1 }, commitments: [{ interventionId: "i1", level: "contribute" }] },
      { memberId: "m3", organisation: "Lancashire Constabulary", answers: { role: "We lead on wellbeing for the county." }, votes: { o1: 1 }, commitments: [{ interventionId: "i1", level: "support" }, { interventionId: "i2", level: "lead" }] },
      { memberId: "m4", answers: {}, votes: {}, commitments: [] },
    ],
    generatedAt: "2026-11-30T17:00:00.000Z",
  };
}

describe("buildSummary", () => {
  it("says how it grouped the points — by meaning where the round is small enough, else by words — in the report and the Markdown", async () => {
    const byMeaning = await summarise(input(false));
    expect(byMeaning.grouping).to.equal("meaning");
    const byWords = buildSummary(input(false));
    expect(byWords.grouping).to.equal("words");
    expect(renderReportHtml(byWords, { closedText: "Closed", generatedText: "Generated now" })).to.contain("too many sentences to compare their meaning");
    expect(summaryToMarkdown(byMeaning)).to.contain("by what they mean as well as the words they use");
    // Officers reviewing a words-only grouping are told to look for points to merge; a grouping by meaning needs no note.
    const review = (summary: typeof byWords) => JSON.stringify(fittedReviewCard(summary, { roundId: "r20261130-0a0b0c0d", boardId: "19:b@thread.tacv2", revision: 1, state: "draft" }));
    expect(review(byWords)).to.contain("Grouped by words only");
    expect(review(byMeaning)).to.not.contain("Grouped by words only");
    const noFeedback = buildSummary({ ...input(false), round: { ...input(false).round, kinds: ["vote"] } });
    expect(noFeedback.grouping, "nothing to group").to.equal(undefined);
  });

  it("counts who responded (an empty save is not a response)", () => {
    const s = buildSummary(input(false));
    expect([s.invited, s.responded]).to.deep.equal([5, 3]);
  });

  it("in an anonymous round withholds every theme, vote and commitment row resting on fewer members than the threshold", () => {
    const s = buildSummary(input(true));
    const role = s.themes.find((t) => t.theme === "Role of the Board")!;
    const integ = s.themes.find((t) => t.theme === "Integration")!;
    expect(role).to.deep.include({ respondents: 3, withheld: false });
    expect(role.points[0]).to.deep.include({ supporters: 3, quantifier: "all" });
    expect(integ).to.deep.include({ respondents: 1, withheld: true, points: [], recommendations: [] });
    // Two voters, threshold three: the vote is withheld.
    expect(s.votesWithheld).to.equal(true);
    expect(s.votes).to.deep.equal([]);
    // i1 has three organisations; i2 only one, so its row is withheld and it is not called unled.
    const [i1, i2] = s.commitments;
    expect(i1).to.deep.include({ withheld: false, leads: ["Lancashire County Council"] });
    expect(i2).to.deep.include({ withheld: true, cells: {}, respondents: 1 });
    expect(s.commitmentOrganisations).to.not.include("Lancashire Constabulary".concat("x"));
    expect(s.opportunities.map((o) => o.id)).to.deep.equal(["i1"]);
    expect(s.unled.map((u) => u.id)).to.deep.equal([]);
  });

  it("in a named round shows everything", () => {
    const s = buildSummary(input(false));
    expect(s.themes.every((t) => !t.withheld)).to.equal(true);
    expect(s.votes[0]).to.deep.include({ optionId: "o1", votes: 2, voters: 2, rank: 1 });
    expect(s.commitments[1]).to.deep.include({ withheld: false, leads: ["Lancashire Constabulary"] });
  });

  it("never contains a member's id, and only names that members wrote themselves", () => {
    const json = JSON.stringify(buildSummary(input(true)));
    for (const id of ["m1", "m2", "m3", "m4"]) expect(json).to.not.match(new RegExp(`"${id}"`));
    for (const name of NAMES.slice(1)) expect(json).to.not.contain(name);
  });

  it("in an anonymous round, takes invited members' names out of what it quotes; a named round keeps them", () => {
    const named = (anonymous: boolean): SummaryInput => {
      const base = input(anonymous);
      return {
        ...base,
        memberNames: NAMES,
        responses: base.responses.map((r) => (r.memberId === "m2" ? { ...r, answers: { ...r.answers, role: "Leadership across the whole county is our job, as Tom said." } } : r)),
      };
    };
    const anonymous = JSON.stringify(buildSummary(named(true)));
    for (const name of ["Margaret", "Hollins", "Tom"]) expect(anonymous).to.not.contain(name);
    expect(anonymous).to.contain("[name] agrees");
    const open = JSON.stringify(buildSummary(named(false)));
    expect(open).to.contain("Margaret Hollins agrees");
  });
});
