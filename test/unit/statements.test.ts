import { expect } from "chai";
import { pointSentence } from "../../services/summary/phrasing.ts";
import { statementOf } from "../../services/summary/theming/statements.ts";

/**
 * A member's sentence → the point's statement, in seed 002's voice (third person, the verb that
 * introduces it), and the whole point as the digest reads it. Evidence is never changed (see the
 * theming tests); only statements are written.
 */
const CASES: Array<[sentence: string, verb: "said" | "asked" | "called for", statement: string]> = [
  // First person becomes the third; contractions are spelt out; the verb agrees.
  ["We still can't share data between partners in any meaningful way.", "said", "they still cannot share data between partners in any meaningful way"],
  ["I'd like one dashboard that every partner signs up to.", "said", "they would like one dashboard that every partner signs up to"],
  ["I'm not convinced our plans are joined up.", "said", "they are not convinced their plans are joined up"],
  ["I was surprised how quickly we agreed.", "said", "they were surprised how quickly they agreed"],
  ["We've seen it work in our own teams.", "said", "they have seen it work in their own teams"],
  ["It's the culture that has to change, not the structure.", "said", "it is the culture that has to change, not the structure"],
  // A hedge that only says whose view it is goes.
  ["I think the Board should lead across the county.", "said", "the Board should lead across the county"],
  ["Honestly, from the hospital side we'd welcome less spend on us.", "said", "they would welcome less spend on them"],
  ["In my view, partners should share plans earlier.", "said", "partners should share plans earlier"],
  // Negation is kept.
  ["The MDT testbed hasn't shown any drop in admissions yet.", "said", "the MDT testbed has not shown any drop in admissions yet"],
  ["Nobody has told us who the data controller is.", "said", "nobody has told them who the data controller is"],
  // Questions become indirect questions.
  ["Who actually owns the data once it's pooled?", "asked", "who actually owns the data once it is pooled"],
  ["How do we prove prevention works?", "asked", "how they prove prevention works"],
  ["How does the Board measure progress?", "asked", "how the Board measures progress"],
  ["What is the plan for rolling this out across Lancashire?", "asked", "what the plan is for rolling this out across Lancashire"],
  ["What would count as evidence that early help is paying off?", "asked", "what would count as evidence that early help is paying off"],
  ["Who is ultimately responsible for the information?", "asked", "who is ultimately responsible for the information"],
  ["Is the funding recurrent?", "asked", "whether the funding is recurrent"],
  ["Should we be pooling budgets?", "asked", "whether they should be pooling budgets"],
  // …unless turning them round needs a tense the engine doesn't make: then the question is quoted.
  ["Did we ever agree who leads on this?", "asked", "Did they ever agree who leads on this?"],
  // Suggestions and imperatives are recommendations for the Board.
  ["Why not run a shared induction for new staff?", "said", "the Board should run a shared induction for new staff"],
  ["Plug this into the neighbourhood teams that already exist.", "said", "the Board should plug this into the neighbourhood teams that already exist"],
  ["Let's use the teams we already have.", "said", "the Board should use the teams they already have"],
  // No verb: what the member asks for.
  ["Small-area intelligence, please, not the county picture.", "called for", "small-area intelligence, please, not the county picture"],
  // Names and acronyms keep their capitals; ordinary first words lose theirs.
  ["Chorley East has shown what a hub can do.", "said", "Chorley East has shown what a hub can do"],
  ["JSNA data hides local differences.", "said", "JSNA data hides local differences"],
  ["Information governance gets in the way every time.", "said", "information governance gets in the way every time"],
  // Hyphenated first words: ordinary ones by their first part; a name with a capitalised later part kept.
  ["Non-recurrent money means we recruit, then let people go.", "said", "non-recurrent money means they recruit, then let people go"],
  ["Cross-sector learning sessions would help statutory staff.", "said", "cross-sector learning sessions would help statutory staff"],
  ["Barrow-in-Furness needs a hub of its own.", "said", "Barrow-in-Furness needs a hub of its own"],
  ["Blackburn-based charities are struggling.", "said", "Blackburn-based charities are struggling"],
];

describe("statements: a member's sentence in seed 002's voice", () => {
  for (const [sentence, verb, statement] of CASES) {
    it(`“${sentence}” → ${verb} “${statement}”`, () => {
      expect(statementOf(sentence)).to.deep.equal({ text: statement, verb });
    });
  }

  it("shortens a long sentence to its main clause, or cuts it with an ellipsis", () => {
    const long = "The strategy has the right outcomes for the county and the people who live here; however, none of them can be measured, so we will never know whether it works.";
    expect(statementOf(long).text).to.equal("the strategy has the right outcomes for the county and the people who live here");
    const cut = statementOf(Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ")).text;
    expect(cut.endsWith("…")).to.equal(true);
    expect(cut.split(" ")).to.have.length(25);
  });

  it("reads as one sentence with its lead, the count said once, the verb agreeing with who said it", () => {
    const point = (quantifier: "all" | "most" | "some" | "one" | "mixed", supporters: number, sentence: string) => {
      const s = statementOf(sentence);
      return pointSentence({ quantifier, supporters, source: "members", statement: s.text, verb: s.verb }, 12);
    };
    expect(point("some", 3, "I can't see how the plan will be funded.")).to.equal("Some members (3 of 12) said they cannot see how the plan will be funded.");
    expect(point("all", 12, "Our role is to lead across the whole county.")).to.equal("Board members agreed their role is to lead across the whole county.");
    expect(point("most", 7, "Who owns the shared data?")).to.equal("Most members (7 of 12) asked who owns the shared data.");
    expect(point("all", 12, "Who owns the shared data?")).to.equal("Board members all asked who owns the shared data.");
    expect(point("one", 1, "Did we ever agree who leads?")).to.equal("One member asked: Did they ever agree who leads?");
    expect(point("some", 2, "A common training offer across agencies.")).to.equal("Some members (2 of 12) called for a common training offer across agencies.");
    expect(point("mixed", 4, "The MDT testbed is working well.")).to.equal("Members had mixed views: the MDT testbed is working well.");
    // A summary stored before statements were third person reads as it did.
    expect(pointSentence({ quantifier: "some", supporters: 3, source: "members", statement: "Partners should share plans earlier" }, 12)).to.equal("Some members (3 of 12) said: partners should share plans earlier.");
  });
});
