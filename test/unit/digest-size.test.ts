import { expect } from "chai";
import { createRequire } from "node:module";
import { fittedDigestCard, fittedReviewCard } from "../../bot/views/summary.views.ts";
import { MAX_CARD_BYTES } from "../../cards/render.ts";
import type { Summary } from "../../services/summary/summary.types.ts";

const require = createRequire(import.meta.url);
const AC = require("adaptivecards/dist/adaptivecards.js") as {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void };
  SerializationContext: new () => { eventCount: number };
};

/** A 500-member round's summary at its most verbose: many long points, big vote and commitment tables. */
function hugeSummary(): Summary {
  const long = (i: number) => `Point ${i}: ${"members described in detail how partners across the county should work together ".repeat(4)}`.trim();
  const orgs = Array.from({ length: 40 }, (_, i) => `Partner organisation number ${i + 1} of Lancashire`);
  return {
    roundId: "r-big", title: "Annual 1:1s with every partner", boardName: "Lancashire Health and Wellbeing Board", anonymous: true, minRespondents: 3,
    invited: 500, responded: 487,
    themes: Array.from({ length: 12 }, (_, t) => ({
      theme: `Theme ${t + 1} with a fairly long descriptive name`,
      respondents: 480,
      withheld: false,
      points: Array.from({ length: 80 }, (_, i) => ({ id: `t${t + 1}p${i + 1}`, statement: long(i), supporters: 400 - i, quantifier: "most" as const, evidence: [long(i), long(i + 1), long(i + 2)], source: "members" as const })),
      recommendations: Array.from({ length: 40 }, (_, i) => ({ id: `t${t + 1}r${i + 1}`, statement: long(i), supporters: 100 - i, quantifier: "some" as const, evidence: [long(i)], source: "members" as const })),
    })),
    votes: Array.from({ length: 20 }, (_, i) => ({ optionId: `o${i + 1}`, label: `Priority option ${i + 1} ${"with words ".repeat(10)}`, votes: 500 - i, voters: 300 - i, rank: i + 1, tied: false })),
    votesWithheld: false,
    commitmentOrganisations: orgs,
    commitments: Array.from({ length: 20 }, (_, i) => ({
      interventionId: `i${i + 1}`, label: `Intervention ${i + 1} ${"described at length ".repeat(6)}`,
      cells: Object.fromEntries(orgs.map((o) => [o, "contribute" as const])), leads: orgs.slice(0, 3), committed: orgs, hasLead: true, respondents: 300, withheld: false,
    })),
    opportunities: Array.from({ length: 60 }, (_, i) => ({ kind: "intervention" as const, id: `i${i}`, label: `Opportunity ${i} ${"long label ".repeat(8)}`, organisations: orgs, detail: "…" })),
    unled: Array.from({ length: 20 }, (_, i) => ({ id: `u${i}`, label: `Unled intervention ${i} ${"with a long name ".repeat(4)}`, committed: [] })),
    generatedAt: "2026-11-30T17:00:00.000Z",
  };
}

function parsesClean(card: unknown): boolean {
  const ctx = new AC.SerializationContext();
  new AC.AdaptiveCard().parse(card, ctx);
  return ctx.eventCount === 0;
}

describe("digest and review cards for a 500-member round", () => {
  it("the digest always fits one Teams message, says what it left out, and parses clean", () => {
    const card = fittedDigestCard(hugeSummary(), { closedText: "Closed", publishedByText: "Published by an officer", reportUrl: "https://bot.example.org/reports/r-big/report?sig=x" });
    const json = JSON.stringify(card);
    expect(Buffer.byteLength(json)).to.be.at.most(MAX_CARD_BYTES);
    expect(json).to.match(/more/);
    expect(json).to.contain("Open the full report");
    expect(parsesClean(card)).to.equal(true);
  });

  it("the review card also fits, and says how many smaller points it doesn't show", () => {
    const card = fittedReviewCard(hugeSummary(), { roundId: "r-big", boardId: "b", revision: 1, state: "draft" });
    const json = JSON.stringify(card);
    expect(Buffer.byteLength(json)).to.be.at.most(MAX_CARD_BYTES);
    expect(json).to.match(/aren't shown here|not shown/);
    expect(parsesClean(card)).to.equal(true);
  });
});

describe("digest: a withheld theme", () => {
  it("shows the withheld notice and an officer's own recommendation, never members' words", async () => {
    const { summaryAnonymousSample } = await import("../../cards/preview/samples.ts");
    const officer = { id: "t5o1", statement: "The Board should agree a shared integration plan by March", supporters: 0, quantifier: "one" as const, evidence: [], source: "officer" as const };
    const member = { id: "t5r1", statement: "a member's own recommendation", supporters: 1, quantifier: "one" as const, evidence: ["My words"], source: "members" as const };
    const summary: Summary = {
      ...summaryAnonymousSample,
      themes: summaryAnonymousSample.themes.map((t) => (t.withheld ? { ...t, recommendations: [member, officer] } : t)),
    };
    const card = JSON.stringify(fittedDigestCard(summary, { closedText: "Closed", publishedByText: "Published" }));
    expect(card).to.contain("fewer than");
    expect(card).to.contain("shared integration plan by March");
    expect(card).to.not.contain("a member's own recommendation").and.not.contain("My words");
  });
});
