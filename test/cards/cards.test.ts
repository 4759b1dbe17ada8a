import { expect } from "chai";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { helpData } from "../../bot/handlers/help.handler.ts";
import { helpCard } from "../../cards/help.card.ts";
import { launchCard } from "../../cards/launch.card.ts";
import { launchedCard } from "../../cards/launched.card.ts";
import * as S from "../../cards/preview/samples.ts";
import { CardTooLargeError, MAX_CARD_BYTES, renderTemplate, type AdaptiveCard } from "../../cards/render.ts";
import { roundCard } from "../../cards/round.card.ts";
import { statusCard } from "../../cards/status.card.ts";
import { ALL_VERBS, Verbs } from "../../cards/verbs.ts";
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
  launch: [
    ["from the team, with channels", () => launchCard(S.launchFromTeam)],
    ["from a 1:1, choosing the board, no channels", () => launchCard(S.launchFromPersonal)],
    ["with a validation banner and extra slots", () => launchCard(S.launchWithBanner)],
  ],
  round: [
    ["open, named, saved answers and a banner", () => roundCard(S.roundOpenNamed)],
    ["open, anonymous, nothing saved", () => roundCard(S.roundOpenAnonymous)],
    ["closed, anonymous", () => roundCard(S.roundClosed)],
    ["cancelled, named", () => roundCard(S.roundCancelled)],
  ],
  status: [
    ["officer with two rounds, one with unreachable members", () => statusCard(S.statusOfficer)],
    ["officer, rounds no longer manageable, banner", () => statusCard(S.statusOfficerClosed)],
    ["member", () => statusCard(S.statusMember)],
    ["nothing yet", () => statusCard(S.statusEmpty)],
  ],
  launched: [
    ["everyone reached", () => launchedCard(S.launchedAllReached)],
    ["with unreachable members", () => launchedCard(S.launchedWithUnreachable)],
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

type Json = Record<string, unknown>;

/** Every object in the card with a `type` matching the predicate, in document order. */
function collectByType(node: unknown, match: (type: string) => boolean, out: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => collectByType(n, match, out));
  else if (node && typeof node === "object") {
    const obj = node as Json;
    if (typeof obj.type === "string" && match(obj.type)) out.push(obj);
    Object.values(obj).forEach((v) => collectByType(v, match, out));
  }
  return out;
}

const inputsOf = (card: unknown): Json[] => collectByType(card, (t) => t.startsWith("Input."));
const inputIds = (card: unknown): string[] => inputsOf(card).map((i) => i.id as string);
const executesOf = (card: unknown): Json[] => collectByType(card, (t) => t === "Action.Execute");
const textsOf = (card: unknown): string[] => collectByType(card, (t) => t === "TextBlock").map((b) => b.text as string);
const byVerb = (card: unknown, verb: string): Json[] => executesOf(card).filter((a) => a.verb === verb);

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

  it("keeps every sample card well under 28 KB", () => {
    for (const [template, cases] of Object.entries(samples)) {
      for (const [label, render] of cases) {
        const bytes = Buffer.byteLength(JSON.stringify(render()), "utf8");
        expect(bytes, `${template} (${label})`).to.be.below(28 * 1024);
      }
    }
  });

  describe("round card", () => {
    it("has exactly one answer_<id> text input per question while open, with the question, saved value and limit", () => {
      const card = roundCard(S.roundOpenNamed);
      const inputs = inputsOf(card);
      expect(inputs.map((i) => i.id)).to.deep.equal(S.roundOpenNamed.questions.map((q) => `answer_${q.id}`));
      S.roundOpenNamed.questions.forEach((q, n) => {
        const input = inputs[n]!;
        expect(input.type).to.equal("Input.Text");
        expect(input.isMultiline).to.equal(true);
        expect(input.label).to.equal(q.text);
        expect(input.value).to.equal(q.value);
        expect(input.maxLength).to.equal(q.maxLength);
      });
      expect(inputs.filter((i) => i.value !== "")).to.have.length(3);
    });

    it("shows each theme once, as a heading above its questions", () => {
      const card = roundCard(S.roundOpenNamed);
      const headings = collectByType(card, (t) => t === "TextBlock").filter((b) => b.style === "heading").map((b) => b.text);
      expect(headings).to.deep.equal([S.roundOpenNamed.title, ...S.SEED_THEMES.map((t) => t.name)]);
    });

    it("saves with roundId, boardId and revision in the data, and in the Submit fallback", () => {
      const card = roundCard(S.roundOpenNamed);
      const [save, ...others] = byVerb(card, Verbs.saveResponse);
      expect(others).to.have.length(0);
      expect(save!.data).to.deep.equal({ roundId: S.roundOpenNamed.roundId, boardId: S.roundOpenNamed.boardId, revision: 4 });
      expect((save!.fallback as Json).data).to.deep.equal({ verb: Verbs.saveResponse, roundId: S.roundOpenNamed.roundId, boardId: S.roundOpenNamed.boardId, revision: 4 });
    });

    it("refreshes for the member only, with roundId and boardId", () => {
      for (const sample of [S.roundOpenNamed, S.roundOpenAnonymous, S.roundClosed, S.roundCancelled]) {
        const refresh = roundCard(sample).refresh as { action: Json; userIds: string[] };
        expect(refresh.userIds).to.deep.equal(sample.refreshUserIds);
        expect(refresh.action.type).to.equal("Action.Execute");
        expect(refresh.action.verb).to.equal(Verbs.refreshResponse);
        expect(refresh.action.data).to.deep.equal({ roundId: sample.roundId, boardId: sample.boardId });
      }
    });

    it("has no inputs and no save action once closed, shows answers read-only and says it is closed", () => {
      const card = roundCard(S.roundClosed);
      expect(inputsOf(card)).to.deep.equal([]);
      expect(byVerb(card, Verbs.saveResponse)).to.deep.equal([]);
      const texts = textsOf(card);
      expect(texts).to.include("This round is closed — answers are no longer accepted.");
      expect(texts).to.include(S.roundClosed.questions[0]!.value);
      expect(texts.filter((t) => t === "No answer")).to.have.length(S.roundClosed.questions.length - 3);
    });

    it("says a cancelled round was cancelled, with no inputs", () => {
      const card = roundCard(S.roundCancelled);
      expect(inputsOf(card)).to.deep.equal([]);
      expect(byVerb(card, Verbs.saveResponse)).to.deep.equal([]);
      expect(textsOf(card)).to.include("This round was cancelled — answers are no longer accepted.");
    });

    it("shows the banner, progress and last-saved line only when there is one", () => {
      const saved = textsOf(roundCard(S.roundOpenNamed));
      expect(saved).to.include.members([S.roundOpenNamed.banner!.text, "Answered 3 of 11 questions", S.roundOpenNamed.savedText]);
      const fresh = textsOf(roundCard({ ...S.roundOpenAnonymous, banner: undefined }));
      expect(fresh).to.include("Answered 0 of 11 questions");
      expect(fresh.filter((t) => t.startsWith("Last saved") || t.startsWith("Reminder"))).to.deep.equal([]);
    });

    it("keeps 12 questions with 2,000-character answers under the Teams size limit", () => {
      const data = S.roundWithLongAnswers();
      expect(data.questions.every((q) => q.value.length === 2000)).to.equal(true);
      for (const state of ["open", "closed"] as const) {
        const card = roundCard({ ...data, state });
        expect(Buffer.byteLength(JSON.stringify(card), "utf8")).to.be.below(MAX_CARD_BYTES);
        expect(parseProblems(card)).to.deep.equal([]);
      }
      expect(inputIds(roundCard(data))).to.have.length(12);
    });

    it("does not evaluate template expressions typed into an answer", () => {
      const question = { ...S.roundOpenNamed.questions[0]!, value: "${verbs.saveResponse} ${roundId}" };
      const card = roundCard({ ...S.roundOpenNamed, questions: [question] });
      expect(inputsOf(card)[0]!.value).to.equal("${verbs.saveResponse} ${roundId}");
    });
  });

  describe("launch card", () => {
    it("has the four inputs per theme slot, named from the slot's index, with the toggle reflecting include", () => {
      // Indexes deliberately not 0..n-1, so ids built from position would fail.
      const themes = S.launchWithBanner.themes.map((t, n) => ({ ...t, index: 10 + n * 3 }));
      const card = launchCard({ ...S.launchWithBanner, themes });
      const inputs = inputsOf(card);
      const byId = new Map(inputs.map((i) => [i.id as string, i]));
      for (const theme of themes) {
        const toggle = byId.get(`theme_${theme.index}_include`)!;
        expect(toggle, `theme_${theme.index}_include`).to.include({ type: "Input.Toggle", title: "Include", valueOn: "true", valueOff: "false" });
        expect(toggle.value).to.equal(theme.include ? "true" : "false");
        expect(byId.get(`theme_${theme.index}_name`)).to.include({ type: "Input.Text", label: "Theme", value: theme.name, maxLength: 80 });
        expect(byId.get(`theme_${theme.index}_view`)).to.include({ type: "Input.Text", isMultiline: true, label: "Question: your view", value: theme.viewText, maxLength: 300 });
        expect(byId.get(`theme_${theme.index}_recommend`)).to.include({
          type: "Input.Text",
          isMultiline: true,
          label: "Optional question: what would you recommend",
          value: theme.recommendText,
          maxLength: 300,
        });
      }
      const themeIds = inputIds(card).filter((id) => id.startsWith("theme_"));
      expect(themeIds).to.have.length(themes.length * 4);
      expect(new Set(inputIds(card)).size).to.equal(inputs.length);
      expect(themes.filter((t) => !t.include)).to.have.length(1);
    });

    it("from the team: no board chooser, the board and theme count in both actions' data, a channel chooser", () => {
      const card = launchCard(S.launchFromTeam);
      const ids = inputIds(card);
      expect(ids).to.not.include("boardId");
      expect(ids.slice(0, 7)).to.deep.equal(["kind", "title", "deadlineDate", "deadlineTime", "anonymity", "minRespondents", "digestChannelId"]);
      const digest = inputsOf(card).find((i) => i.id === "digestChannelId")!;
      expect(digest.value).to.equal(S.launchFromTeam.digestChannelId);
      expect(digest.choices).to.deep.equal(S.launchFromTeam.channels);
      expect(textsOf(card)).to.include(`For ${S.launchFromTeam.boardName}`);
      for (const verb of [Verbs.launchRound, Verbs.addThemes]) {
        const [action, ...others] = byVerb(card, verb);
        expect(others).to.have.length(0);
        expect(action!.data).to.deep.equal({ themeCount: 8, boardId: S.BOARD_ID });
        expect((action!.fallback as Json).data).to.deep.equal({ verb, themeCount: 8, boardId: S.BOARD_ID });
      }
      expect(byVerb(card, Verbs.launchRound)[0]!.style).to.equal("positive");
      expect(card.actions!.map((a) => (a as Json).title)).to.deep.equal(["Launch round", "Add two more themes"]);
    });

    it("from a 1:1: a board chooser, no boardId in the action data, the General channel note instead of a channel chooser", () => {
      const card = launchCard(S.launchFromPersonal);
      const board = inputsOf(card).find((i) => i.id === "boardId")!;
      expect(board).to.include({ type: "Input.ChoiceSet", isRequired: true });
      expect(board.choices).to.deep.equal(S.launchFromPersonal.boards);
      expect(inputIds(card)).to.not.include("digestChannelId");
      expect(textsOf(card)).to.include("The digest will go to the General channel.");
      for (const verb of [Verbs.launchRound, Verbs.addThemes]) {
        expect(byVerb(card, verb)[0]!.data).to.deep.equal({ themeCount: 6 });
      }
      const toggles = inputsOf(card).filter((i) => i.type === "Input.Toggle").map((i) => i.value);
      expect(toggles).to.deep.equal(["true", "true", "true", "true", "false", "true"]);
    });

    it("has labelled, limited round settings and shows the banner", () => {
      const card = launchCard(S.launchWithBanner);
      const byId = new Map(inputsOf(card).map((i) => [i.id as string, i]));
      expect(byId.get("title")).to.include({ type: "Input.Text", value: "Strategy 1:1s — round 2", maxLength: 120, isRequired: true });
      expect(byId.get("deadlineDate")).to.include({ type: "Input.Date", value: "2026-11-24", min: "2026-11-24" });
      expect(byId.get("deadlineTime")).to.include({ type: "Input.Time", value: "09:00" });
      expect(byId.get("minRespondents")).to.include({
        type: "Input.Number",
        label: "Minimum respondents before an anonymous theme is shown",
        value: 3,
        min: 2,
        max: 50,
      });
      const anonymity = byId.get("anonymity")!;
      expect(anonymity).to.include({ style: "expanded", value: "named" });
      expect((anonymity.choices as Json[]).map((c) => c.title)).to.deep.equal(["Named — officers see who said what", "Anonymous — no names anywhere"]);
      expect(byId.get("kind")).to.include({ style: "compact", value: "feedback" });
      for (const input of inputsOf(card).filter((i) => i.type !== "Input.Toggle")) expect(input.label, input.id as string).to.be.a("string").and.not.equal("");
      const banner = collectByType(card, (t) => t === "Container").find((c) => c.style === "attention")!;
      expect(textsOf(banner)).to.deep.equal([S.launchWithBanner.banner!.text]);
      expect(collectByType(launchCard(S.launchFromTeam), (t) => t === "Container").filter((c) => c.style === "attention")).to.deep.equal([]);
    });
  });

  describe("status card", () => {
    it("gives each round its own extend inputs, prefilled with the current deadline", () => {
      const card = statusCard(S.statusOfficer);
      const inputs = inputsOf(card);
      const [first, second] = S.statusOfficer.officerRounds;
      expect(inputs.map((i) => i.id)).to.deep.equal([
        `extendDate_${first!.roundId}`,
        `extendTime_${first!.roundId}`,
        `extendDate_${second!.roundId}`,
        `extendTime_${second!.roundId}`,
      ]);
      expect(new Set(inputs.map((i) => i.id)).size).to.equal(4);
      expect(inputs.map((i) => i.value)).to.deep.equal([first!.deadlineDate, first!.deadlineTime, second!.deadlineDate, second!.deadlineTime]);
      expect(inputs.map((i) => i.type)).to.deep.equal(["Input.Date", "Input.Time", "Input.Date", "Input.Time"]);
    });

    it("has extend, close and cancel for each manageable round, with its roundId and boardId", () => {
      const card = statusCard(S.statusOfficer);
      for (const verb of [Verbs.extendRound, Verbs.closeRound, Verbs.cancelRound]) {
        const actions = byVerb(card, verb);
        expect(actions.map((a) => a.data)).to.deep.equal(S.statusOfficer.officerRounds.map((r) => ({ roundId: r.roundId, boardId: r.boardId })));
      }
      const showCards = collectByType(card, (t) => t === "Action.ShowCard");
      expect(showCards.map((a) => a.title)).to.deep.equal(["Extend", "Extend"]);
      expect(byVerb(card, Verbs.showStatus)).to.have.length(1);
    });

    it("has no manage actions or inputs when the officer cannot manage the rounds", () => {
      const card = statusCard(S.statusOfficerClosed);
      expect(inputsOf(card)).to.deep.equal([]);
      expect(collectByType(card, (t) => t === "Action.ShowCard")).to.deep.equal([]);
      expect(executesOf(card).map((a) => a.verb)).to.deep.equal([Verbs.showStatus]);
      expect(textsOf(card)).to.include.members(["Closed", "Cancelled", S.statusOfficerClosed.banner!.text]);
    });

    it("lists who could not be reached, only for the round that has them", () => {
      const texts = textsOf(statusCard(S.statusOfficer));
      const notReached = texts.filter((t) => t.startsWith("Not reachable yet"));
      expect(notReached).to.deep.equal(["Not reachable yet: Supt. Tom Ashworth, Janet Okafor. Ask them to open Sounding Board in Teams."]);
      expect(textsOf(statusCard(S.statusOfficerClosed)).filter((t) => t.startsWith("Not reachable yet"))).to.have.length(1);
      expect(textsOf(statusCard(S.statusMember)).filter((t) => t.startsWith("Not reachable yet"))).to.deep.equal([]);
    });

    it("shows the delivery counts as facts", () => {
      const card = statusCard(S.statusOfficer);
      const factSets = collectByType(card, (t) => t === "FactSet").map((f) => f.facts);
      expect(factSets[0]).to.deep.equal([
        { title: "Invited", value: "14" },
        { title: "Delivered", value: "12" },
        { title: "Answered", value: "5" },
        { title: "Can't reach", value: "1" },
        { title: "Failed", value: "1" },
      ]);
    });

    it("shows a member their rounds and whether they have answered, with no officer section", () => {
      const card = statusCard(S.statusMember);
      const texts = textsOf(card);
      expect(texts).to.include.members(["Your rounds", "Not answered yet", "Answered ✓", S.statusMember.memberRounds[0]!.title]);
      expect(texts).to.not.include("Rounds you run");
      expect(texts).to.not.include(S.statusMember.emptyText);
      expect(inputsOf(card)).to.deep.equal([]);
    });

    it("shows the empty text only when there is nothing to show", () => {
      expect(textsOf(statusCard(S.statusEmpty))).to.include(S.statusEmpty.emptyText);
      expect(textsOf(statusCard(S.statusOfficer))).to.not.include(S.statusOfficer.emptyText);
      // An officer section is never shown to a non-officer, even if given rounds.
      const notOfficer = statusCard({ ...S.statusOfficer, isOfficer: false, memberRounds: [] });
      expect(inputsOf(notOfficer)).to.deep.equal([]);
      expect(textsOf(notOfficer)).to.include(S.statusOfficer.emptyText);
    });
  });

  describe("launched card", () => {
    it("confirms the launch with the round's details", () => {
      const texts = textsOf(launchedCard(S.launchedAllReached));
      expect(texts).to.include.members(["Round launched", "Sending to 14 members now, one to one.", S.launchedAllReached.title, S.launchedAllReached.boardName]);
      expect(texts).to.include.members(S.launchedAllReached.themes.map((t) => `• ${t}`));
      const facts = collectByType(launchedCard(S.launchedAllReached), (t) => t === "FactSet")[0]!.facts as Json[];
      expect(facts.map((f) => f.value)).to.deep.equal([
        S.launchedAllReached.deadlineText,
        "Named — officers see who said what",
        "Posted in Board feedback when the round closes",
      ]);
    });

    it("lists unreachable members in an attention box only when there are some", () => {
      const card = launchedCard(S.launchedWithUnreachable);
      const attention = collectByType(card, (t) => t === "Container").filter((c) => c.style === "attention");
      expect(attention).to.have.length(1);
      expect(textsOf(attention[0])).to.include.members(["2 members can't be reached yet", ...S.launchedWithUnreachable.unreachableNames.map((n) => `• ${n}`)]);
      const none = collectByType(launchedCard(S.launchedAllReached), (t) => t === "Container").filter((c) => c.style === "attention");
      expect(none).to.deep.equal([]);
      const facts = collectByType(card, (t) => t === "FactSet")[0]!.facts as Json[];
      expect(facts[1]!.value).to.match(/^Anonymous — no names anywhere; .* at least 4 members/);
      expect(facts[2]!.value).to.equal("Posted in the General channel when the round closes");
    });
  });

  it("does not let display data inject template expressions", () => {
    const card = welcomeCard({ scope: "personal", name: "${verbs.showHelp}" });
    expect(JSON.stringify(card)).to.contain("Hello ${verbs.showHelp}!");
  });
});
