import { expect } from "chai";
import { clausesOf, meaningText, semanticSimilarity, withoutTopic } from "../../services/summary/theming/semantic.ts";

/** The semantic stage's text and vector steps (the encoder itself is exercised by summary-eval.test.ts). */
describe("semantic stage", () => {
  describe("clausesOf", () => {
    it("cuts a sentence where the argument turns, keeping parts of three words or more", () => {
      expect(clausesOf("We keep saying prevention is the priority, but the money still goes to the hospital.")).to.deep.equal([
        "We keep saying prevention is the priority",
        "the money still goes to the hospital.",
      ]);
    });

    it("keeps a sentence with no clause break, and never returns nothing", () => {
      expect(clausesOf("Data sharing is blocked.")).to.deep.equal(["Data sharing is blocked."]);
      expect(clausesOf("Yes – but")).to.deep.equal(["Yes – but"]);
    });
  });

  describe("meaningText", () => {
    const cases: Array<[string, string]> = [
      ["I'd like one dashboard that every partner signs up to", "like one dashboard that every partner signs up to"],
      ["We still can’t share data between our partners", "still can’t share data between partners"],
      ["You can redraw the structure charts, and we're no further on", "can redraw the structure charts, and no further on"],
      ["“We” is the Board, said the chair", "is the Board, said the chair"],
      ["Young people weren't asked", "Young people weren't asked"],
      ["Usual ourselves-first habits", "Usual ourselves-first habits"],
    ];
    for (const [clause, expected] of cases) {
      it(`${JSON.stringify(clause)} → ${JSON.stringify(expected)}`, () => {
        expect(meaningText(clause)).to.equal(expected);
      });
    }

    it("keeps the clause when it is nothing but pronouns", () => {
      expect(meaningText("Us? We?")).to.equal("Us? We?");
    });
  });

  describe("withoutTopic and semanticSimilarity", () => {
    const v = (...xs: number[]): Float32Array => {
      const n = Math.hypot(...xs);
      return Float32Array.from(xs, (x) => x / n);
    };

    it("takes the question's direction out of a clause and makes it unit length again", () => {
      const [out] = withoutTopic([v(1, 1, 0)], [v(1, 0, 0)]);
      expect(Array.from(out!).map((x) => Math.round(x * 1e6) / 1e6)).to.deep.equal([0, 1, 0]);
    });

    it("keeps a clause that was all question as it was", () => {
      const clause = v(1, 0, 0);
      expect(withoutTopic([clause], [v(1, 0, 0)])[0]).to.equal(clause);
    });

    it("compares two sentences by their closest clauses", () => {
      expect(semanticSimilarity([v(1, 0, 0), v(0, 1, 0)], [v(0, 0, 1), v(0, 1, 0)])).to.be.closeTo(1, 1e-6);
      expect(semanticSimilarity([v(1, 0, 0)], [v(0, 1, 0)])).to.be.closeTo(0, 1e-6);
    });
  });
});
