import { expect } from "chai";
import { ManualClock } from "../../services/clock.ts";
import type { Delivery } from "../../services/domain/delivery.ts";
import type { RoundResponse } from "../../services/domain/response.ts";
import type { Round } from "../../services/domain/round.ts";
import { answersCsv, AnonymousExportError } from "../../services/summary/answers-export.ts";
import { LinkSigner } from "../../services/summary/links.ts";
import { pointSentence } from "../../services/summary/phrasing.ts";
import { applyReviewEdits, quantify, ReviewError } from "../../services/summary/review.ts";
import type { Point, Summary } from "../../services/summary/summary.types.ts";

const point = (id: string, statement: string, supporters: number, quantifier: Point["quantifier"] = "some"): Point => ({
  id, statement, supporters, quantifier, evidence: [`${statement}.`], source: "members",
});

function summary(): Summary {
  return {
    roundId: "r1", title: "Autumn 1:1s", boardName: "Board", anonymous: true, minRespondents: 3, invited: 12, responded: 10,
    themes: [
      { theme: "Role of the Board", respondents: 10, withheld: false,
        points: [point("t1p1", "The Board leads across the county", 7, "most"), point("t1p2", "Unclear how partners hold each other to account", 3), point("t1p3", "Not sure who holds partners to account", 2)],
        recommendations: [point("t1r1", "Hold a facilitated development session", 4)] },
      { theme: "Integration", respondents: 2, withheld: true, points: [], recommendations: [] },
    ],
    votes: [], votesWithheld: false, commitmentOrganisations: [], commitments: [], opportunities: [], unled: [], generatedAt: "2026-11-30T17:00:00.000Z",
  };
}

describe("officer review edits", () => {
  it("edits statements, drops points, merges (capping supporters at respondents) and adds recommendations", () => {
    const next = applyReviewEdits(summary(), {
      statements: { t1p1: "Board members agreed they lead across the whole county" },
      drop: [],
      merge: { t1p3: "t1p2" },
      addRecommendations: { 0: ["Agree a protocol for holding each other to account", " "] },
    });
    const role = next.themes[0]!;
    expect(role.points.map((p) => p.id)).to.deep.equal(["t1p1", "t1p2"]);
    expect(role.points[0]!.statement).to.equal("Board members agreed they lead across the whole county");
    expect(role.points[1]).to.deep.include({ supporters: 5, quantifier: "some" });
    expect(role.points[1]!.evidence).to.deep.equal(["Unclear how partners hold each other to account.", "Not sure who holds partners to account."]);
    expect(role.recommendations.map((r) => [r.id, r.source])).to.deep.equal([["t1r1", "members"], ["t1o1", "officer"]]);
    // The input is untouched.
    expect(summary().themes[0]!.points).to.have.length(3);
  });

  it("keeps an edited statement reading as one sentence with its lead", () => {
    const third = summary();
    third.themes[0]!.points[0] = { ...third.themes[0]!.points[0]!, statement: "the Board leads across the county", verb: "said" };
    third.themes[0]!.points[1] = { ...third.themes[0]!.points[1]!, statement: "how partners hold each other to account", verb: "asked" };
    const next = applyReviewEdits(third, {
      statements: { t1p1: "Partners expect the Board to lead across the county", t1p2: "how partners will hold each other to account" },
      drop: [], merge: {}, addRecommendations: {},
    });
    const [lead, account] = next.themes[0]!.points;
    // A sentence of its own (a capital) follows a colon; lower case still continues "Some members asked …".
    expect(pointSentence(lead!, 10)).to.equal("Most members (7 of 10) said: partners expect the Board to lead across the county.");
    expect(pointSentence(account!, 10)).to.equal("Some members (3 of 10) asked how partners will hold each other to account.");
  });

  it("drops points and refuses empty statements or merges across lists", () => {
    expect(applyReviewEdits(summary(), { statements: {}, drop: ["t1p2"], merge: {}, addRecommendations: {} }).themes[0]!.points).to.have.length(2);
    expect(() => applyReviewEdits(summary(), { statements: { t1p1: "  " }, drop: [], merge: {}, addRecommendations: {} })).to.throw(ReviewError, "empty");
    expect(() => applyReviewEdits(summary(), { statements: {}, drop: [], merge: { t1p2: "t1r1" }, addRecommendations: {} })).to.throw(ReviewError, "same list");
  });

  it("derives quantifiers from supporters and respondents", () => {
    expect([quantify(1, 10, false), quantify(3, 10, false), quantify(6, 10, false), quantify(10, 10, false), quantify(6, 10, true)]).to.deep.equal(["one", "some", "most", "all", "mixed"]);
  });
});

describe("signed report and export links", () => {
  const clock = new ManualClock("2026-12-01T09:00:00Z");
  const signer = new LinkSigner("a-test-secret-that-is-long-enough-123456", "https://bot.example.org", clock);

  it("verifies its own unexpired link for exactly that kind, board and round", () => {
    const url = new URL(signer.url("report", "19:board@thread.tacv2", "r1", 3600));
    expect(url.pathname).to.equal("/reports/r1/report");
    const q = url.searchParams;
    expect(signer.verify("report", q.get("b")!, "r1", q.get("exp")!, q.get("sig")!)).to.equal(true);
    expect(signer.verify("answers.csv", q.get("b")!, "r1", q.get("exp")!, q.get("sig")!)).to.equal(false);
    expect(signer.verify("report", q.get("b")!, "r2", q.get("exp")!, q.get("sig")!)).to.equal(false);
    expect(signer.verify("report", q.get("b")!, "r1", String(Number(q.get("exp")) + 1), q.get("sig")!)).to.equal(false);
    expect(new LinkSigner("another-secret-another-secret-another", "https://x", clock).verify("report", q.get("b")!, "r1", q.get("exp")!, q.get("sig")!)).to.equal(false);
  });

  it("stops working once expired", () => {
    const q = new URL(signer.url("summary.csv", "b", "r1", 60)).searchParams;
    clock.advance({ minutes: 2 });
    expect(signer.verify("summary.csv", "b", "r1", q.get("exp")!, q.get("sig")!)).to.equal(false);
  });
});

describe("raw answers CSV", () => {
  const round = {
    boardId: "b", id: "r1", tenantId: "t", boardName: "Board", title: "T", status: "closed", anonymous: false, minRespondents: 3,
    deadline: "2026-11-30T17:00:00.000Z", remindersDone: [], createdBy: "o", createdAt: "x", updatedAt: "x",
    definition: { kinds: ["feedback", "vote", "commitment"], questions: [{ id: "t1", theme: "Role of the Board", text: "Your view?", kind: "view" }],
      options: [{ id: "o1", label: "Mental health" }], votesPerMember: 2, interventions: [{ id: "i1", label: "Alcohol liaison nurses" }] },
  } as Round;
  const deliveries = [{ memberAadObjectId: "m1", memberName: "Zoë Ó Briain" }] as Delivery[];
  const responses = [{
    roundId: "r1", memberAadObjectId: "m1", organisation: "NHS", answers: { t1: "=HYPERLINK(\"http://evil\") “quoted”, with a comma" },
    votes: { o1: 2 }, voteReasons: { o1: "Waiting lists" }, commitments: [{ interventionId: "i1", level: "lead", representative: "Dr X" }],
    revision: 1, firstSavedAt: "a", savedAt: "2026-11-29T10:00:00.000Z",
  }] as RoundResponse[];

  it("is UTF-8 with a BOM for Excel, quotes properly and neutralises formulas", () => {
    const csv = answersCsv(round, deliveries, responses);
    expect(csv.startsWith("\uFEFFMember,Organisation")).to.equal(true);
    expect(csv).to.contain("Zoë Ó Briain");
    expect(csv).to.contain(`"'=HYPERLINK(""http://evil"") “quoted”, with a comma"`);
    expect(csv).to.contain("Vote,Mental health,Votes,2,Waiting lists");
    expect(csv).to.contain("Commitment,Alcohol liaison nurses,Level,Lead,Representative: Dr X");
  });

  it("refuses anonymous rounds", () => {
    expect(() => answersCsv({ ...round, anonymous: true }, deliveries, responses)).to.throw(AnonymousExportError);
  });
});
