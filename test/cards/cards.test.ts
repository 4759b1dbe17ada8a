import { expect } from "chai";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { helpData } from "../../bot/handlers/help.handler.ts";
import { helpCard } from "../../cards/help.card.ts";
import { CardTooLargeError, renderTemplate, type AdaptiveCard } from "../../cards/render.ts";
import { ALL_VERBS } from "../../cards/verbs.ts";
import { welcomeCard } from "../../cards/welcome.card.ts";

// The Adaptive Cards SDK, as Teams' renderer uses it; its UMD bundle is the form that loads in plain Node.
const require = createRequire(import.meta.url);
const AC = require("adaptivecards/dist/adaptivecards.js") as {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: unknown[] } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

/** Every template with realistic data; a template without an entry here fails the coverage test below. */
const samples: Record<string, Array<[string, () => AdaptiveCard]>> = {
  welcome: [
    ["personal", () => welcomeCard({ scope: "personal", name: "Priya" })],
    ["team", () => welcomeCard({ scope: "channel", name: "North Lancashire Health & Wellbeing Board" })],
    ["group chat, no name", () => welcomeCard({ scope: "groupChat" })],
  ],
  help: [
    ["member", () => helpCard(helpData("member", "personal"))],
    ["officer in a channel", () => helpCard(helpData("officer", "channel"))],
    ["chair", () => helpCard(helpData("chair", "personal"))],
  ],
};

function parseProblems(card: AdaptiveCard): string[] {
  const sdkCard = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  sdkCard.parse(card, ctx);
  const problems: string[] = [];
  for (let i = 0; i < ctx.eventCount; i += 1) problems.push(ctx.getEventAt(i).message);
  for (const event of sdkCard.validateProperties().validationEvents) problems.push(JSON.stringify(event));
  return problems;
}

function collectActions(node: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(node)) node.forEach((n) => collectActions(n, out));
  else if (node && typeof node === "object") {
    const obj = node as Record<string, unknown>;
    if (typeof obj.type === "string" && obj.type.startsWith("Action.")) out.push(obj);
    Object.values(obj).forEach((v) => collectActions(v, out));
  }
  return out;
}

describe("cards", () => {
  it("has a sample for every template file", () => {
    const files = readdirSync(new URL("../../cards/templates/", import.meta.url)).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""));
    expect(Object.keys(samples).sort()).to.deep.equal(files.sort());
  });

  for (const [template, cases] of Object.entries(samples)) {
    for (const [label, render] of cases) {
      describe(`${template} (${label})`, () => {
        const card = render();

        it("is an Adaptive Card 1.5 that the Adaptive Cards SDK parses without warnings", () => {
          expect(card.type).to.equal("AdaptiveCard");
          expect(card.version).to.equal("1.5");
          expect(parseProblems(card)).to.deep.equal([]);
        });

        it("has no unexpanded template expressions", () => {
          expect(JSON.stringify(card)).to.not.match(/\$\{|\$data|\$when/);
        });

        it("uses only known verbs, each Action.Execute with an Action.Submit fallback carrying the same verb", () => {
          const executes = collectActions(card).filter((a) => a.type === "Action.Execute");
          for (const action of executes) {
            expect(ALL_VERBS).to.include(action.verb);
            const fallback = action.fallback as { type: string; data: { verb: string } };
            expect(fallback.type).to.equal("Action.Submit");
            expect(fallback.data.verb).to.equal(action.verb);
          }
        });
      });
    }
  }

  it("catches a card that would exceed Teams' message size", () => {
    const huge = { intro: "x", footer: "y", sections: [{ title: "t", items: Array.from({ length: 2000 }, (_, i) => ({ command: `c${i}`, description: "d".repeat(60) })) }] };
    expect(() => renderTemplate("help", huge)).to.throw(CardTooLargeError);
  });

  it("does not let display data inject template expressions", () => {
    const card = welcomeCard({ scope: "personal", name: "${verbs.showHelp}" });
    expect(JSON.stringify(card)).to.contain("Hello ${verbs.showHelp}!");
  });
});
