import { expect } from "chai";
import type { Commitment, RoundResponse } from "../../services/domain/response.ts";
import type { Option } from "../../services/domain/round.ts";
import { checkCommitments } from "../../services/rounds/commitment.rules.ts";
import { collaborationOpportunities, commitmentMatrix, NOT_STATED } from "../../services/results/commitments.ts";
import { checkVotes, tallyVotes, VoteLimitError } from "../../services/results/votes.ts";

const PRIORITIES: Option[] = [
  { id: "o1", label: "Maternal and child health" },
  { id: "o2", label: "Mental health and wellbeing" },
  { id: "o3", label: "Long term conditions" },
  { id: "o4", label: "Improve health and independence of older people" },
];
const INTERVENTIONS: Option[] = [
  { id: "i1", label: "Early response to domestic violence" },
  { id: "i2", label: "Support for carers (of dementia patients)" },
  { id: "i3", label: "Address loneliness in older people" },
  { id: "i4", label: "Alcohol liaison nurses" },
];

type R = Pick<RoundResponse, "votes" | "organisation" | "commitments">;
const r = (organisation: string | undefined, votes: Record<string, number>, commitments: Commitment[] = []): R => ({ organisation, votes, commitments });

describe("vote tally and ranking", () => {
  it("ranks by votes, then by distinct voters, and counts voters once however many stickers they place", () => {
    const ranks = tallyVotes(PRIORITIES, [r("A", { o2: 2 }), r("B", { o3: 1, o2: 1 }), r("C", { o3: 1, o4: 1 }), r("D", { o3: 1 })]);
    expect(ranks.map((x) => [x.optionId, x.votes, x.voters, x.rank])).to.deep.equal([
      ["o3", 3, 3, 1],
      ["o2", 3, 2, 2],
      ["o4", 1, 1, 3],
      ["o1", 0, 0, 4],
    ]);
  });

  it("breaks exact ties deterministically by the officer's order, and marks them as shared ranks", () => {
    const responses = [r("A", { o4: 1, o2: 1 }), r("B", { o2: 1, o4: 1 })];
    const first = tallyVotes(PRIORITIES, responses);
    const again = tallyVotes(PRIORITIES, [...responses].reverse());
    expect(first).to.deep.equal(again);
    expect(first.slice(0, 2).map((x) => [x.optionId, x.rank, x.tied])).to.deep.equal([["o2", 1, true], ["o4", 1, true]]);
    expect(first[2]).to.deep.include({ optionId: "o1", rank: 3 });
    expect(first[3]).to.deep.include({ optionId: "o3", rank: 3, tied: true });
  });

  it("ignores votes for options the round doesn't have, and non-positive counts", () => {
    const ranks = tallyVotes(PRIORITIES, [r("A", { o9: 5, o1: -2, o2: 1 })]);
    expect(ranks.find((x) => x.optionId === "o1")?.votes).to.equal(0);
    expect(ranks.reduce((a, x) => a + x.votes, 0)).to.equal(1);
  });
});

describe("vote limits (server-side, whatever the card sends)", () => {
  it("accepts up to the allowance, stacking allowed, and drops zeros", () => {
    expect(checkVotes(PRIORITIES, 2, true, { o1: 2, o2: 0 })).to.deep.equal({ o1: 2 });
  });

  it("refuses a forged payload with 5 votes when members have 2", () => {
    expect(() => checkVotes(PRIORITIES, 2, true, { o1: 3, o2: 2 })).to.throw(VoteLimitError, "You placed 5 votes but have 2");
  });

  it("refuses stacking when the round gives one vote per option", () => {
    expect(() => checkVotes(PRIORITIES, 2, false, { o1: 2 })).to.throw(VoteLimitError, "one vote per option");
    expect(checkVotes(PRIORITIES, 2, false, { o1: 1, o3: 1 })).to.deep.equal({ o1: 1, o3: 1 });
  });

  it("refuses negative, fractional and unknown votes", () => {
    expect(() => checkVotes(PRIORITIES, 2, true, { o1: -1 })).to.throw(VoteLimitError, "whole number");
    expect(() => checkVotes(PRIORITIES, 2, true, { o1: 1.5 })).to.throw(VoteLimitError, "whole number");
    expect(() => checkVotes(PRIORITIES, 2, true, { nope: 1 })).to.throw(VoteLimitError, "doesn't have");
  });
});

describe("commitments", () => {
  it("checks levels and details, and drops interventions left unanswered", () => {
    const { commitments, problems } = checkCommitments(INTERVENTIONS, {
      i2: { level: "lead", representative: "Dr Priya Raman (Director of Nursing)", timescale: "By April" },
      i1: { level: "" },
      i3: { level: "support", impact: " " },
    });
    expect(problems).to.deep.equal([]);
    expect(commitments).to.deep.equal([
      { interventionId: "i2", level: "lead", representative: "Dr Priya Raman (Director of Nursing)", timescale: "By April" },
      { interventionId: "i3", level: "support" },
    ]);
  });

  it("refuses unknown levels, unknown interventions, and details without a level", () => {
    const { problems } = checkCommitments(INTERVENTIONS, { i1: { level: "maybe" }, i9: { level: "lead" }, i2: { resources: "Two nurses" } });
    expect(problems).to.have.length(3);
  });

  it("builds the matrix with the strongest level per organisation, leads and who commits", () => {
    const matrix = commitmentMatrix(INTERVENTIONS, [
      r("Lancashire County Council", {}, [{ interventionId: "i1", level: "lead" }, { interventionId: "i2", level: "contribute" }]),
      r("Lancashire County Council", {}, [{ interventionId: "i1", level: "consult" }]),
      r("NHS Morecambe Bay CCG", {}, [{ interventionId: "i2", level: "support" }, { interventionId: "i4", level: "unable" }]),
      r("Lancashire Constabulary", {}, [{ interventionId: "i1", level: "contribute" }, { interventionId: "i4", level: "consult" }]),
      r(undefined, {}, [{ interventionId: "i3", level: "lead" }]),
    ]);
    expect(matrix.organisations).to.deep.equal(["Lancashire Constabulary", "Lancashire County Council", "NHS Morecambe Bay CCG", NOT_STATED]);
    const i1 = matrix.rows[0]!;
    expect(i1.cells).to.deep.equal({ "Lancashire County Council": "lead", "Lancashire Constabulary": "contribute" });
    expect(i1.leads).to.deep.equal(["Lancashire County Council"]);
    expect(i1.committed).to.deep.equal(["Lancashire Constabulary", "Lancashire County Council"]);
    expect(matrix.rows[3]).to.deep.include({ hasLead: false, committed: [] });
  });

  it("finds collaboration opportunities (two or more named organisations) and interventions nobody leads", () => {
    const responses = [
      r("Lancashire County Council", { o2: 1, o4: 1 }, [{ interventionId: "i1", level: "lead" }, { interventionId: "i2", level: "contribute" }]),
      r("NHS Morecambe Bay CCG", { o2: 2 }, [{ interventionId: "i2", level: "support" }]),
      r("Lancashire Constabulary", { o2: 1 }, [{ interventionId: "i1", level: "contribute" }, { interventionId: "i2", level: "consult" }]),
      r(undefined, { o4: 1 }, [{ interventionId: "i3", level: "contribute" }]),
    ];
    const matrix = commitmentMatrix(INTERVENTIONS, responses);
    const report = collaborationOpportunities(matrix, PRIORITIES, responses);
    expect(report.collaborations.map((c) => [c.kind, c.id, c.organisations])).to.deep.equal([
      ["priority", "o2", ["Lancashire Constabulary", "Lancashire County Council", "NHS Morecambe Bay CCG"]],
      ["intervention", "i1", ["Lancashire Constabulary", "Lancashire County Council"]],
      ["intervention", "i2", ["Lancashire County Council", "NHS Morecambe Bay CCG"]],
    ]);
    expect(report.collaborations[1]?.detail).to.equal("Lancashire Constabulary: contribute resources; Lancashire County Council: lead");
    // i3 has a commitment but no lead (and its organisation isn't named); i4 has nothing at all.
    expect(report.unled.map((u) => u.id)).to.deep.equal(["i2", "i3", "i4"]);
  });
});
