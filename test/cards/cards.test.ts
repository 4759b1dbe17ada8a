import { expect } from "chai";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { helpData } from "../../bot/handlers/help.handler.ts";
import { digestCard } from "../../cards/digest.card.ts";
import { helpCard } from "../../cards/help.card.ts";
import { launchCard } from "../../cards/launch.card.ts";
import { launchedCard } from "../../cards/launched.card.ts";
import * as S from "../../cards/preview/samples.ts";
import * as RS from "../../cards/preview/role-samples.ts";
import { boardPickerCard } from "../../cards/board-picker.card.ts";
import { PEOPLE_IN_CONTEXT, rolesCard } from "../../cards/roles.card.ts";
import { CardTooLargeError, MAX_CARD_BYTES, renderTemplate, type AdaptiveCard } from "../../cards/render.ts";
import { reviewCard } from "../../cards/review.card.ts";
import { roundCard } from "../../cards/round.card.ts";
import { statusCard } from "../../cards/status.card.ts";
import { ALL_VERBS, Verbs } from "../../cards/verbs.ts";
import { welcomeCard } from "../../cards/welcome.card.ts";
import { actionFormCard, actionsCard, checkInFormCard } from "../../cards/actions.card.ts";
import { checkInCard } from "../../cards/checkin.card.ts";
import { progressCard } from "../../cards/progress.card.ts";
import { openerCard } from "../../cards/opener.card.ts";
import { liveCard, type LiveCardData } from "../../cards/live.card.ts";
import * as AS from "../../cards/preview/action-samples.ts";

// The Adaptive Cards SDK, as Teams' renderer uses it; its UMD bundle is the form that loads in plain Node.
const require = createRequire(import.meta.url);
const AC = require("adaptivecards/dist/adaptivecards.js") as {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: unknown[] } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

const LIVE_VOTE: LiveCardData = {
  activityId: "l20261201-0a0b0c0d",
  kind: "vote",
  kindText: "Sticker vote",
  boardName: "North Lancashire Health & Wellbeing Board",
  title: "Where should the board focus next year?",
  open: true,
  options: ["Healthy weight", "Mental wellbeing", "Housing and health", "Tobacco control", "Best start in life"].map((label, i) => ({ id: `o${i + 1}`, label })),
  stickers: 2,
  stacking: true,
  maxChars: 0,
  postsPerPerson: 0,
  footer: "Or take part from Sounding Board in the meeting's side panel.",
};

/** Every template with realistic data; a template without an entry here fails the coverage test below. */
const samples: Record<string, Array<[string, () => AdaptiveCard]>> = {
  actions: [
    ["officer: four actions, a banner", () => actionsCard(AS.actionsForOfficer)],
    ["member: no buttons, more in the tab", () => actionsCard(AS.actionsForMember)],
    ["none yet", () => actionsCard(AS.actionsEmpty)],
    ["a check-in cadence running, with Stop repeating", () => actionsCard(AS.actionsWithCadence)],
  ],
  "action-form": [
    ["from a published round", () => actionFormCard(AS.actionFormFromRound)],
    ["editing, refused", () => actionFormCard(AS.actionFormEditing)],
  ],
  live: [
    ["a sticker vote as posted in the meeting chat", () => liveCard(LIVE_VOTE)],
    ["a vote, one person's copy after saving", () => liveCard({ ...LIVE_VOTE, mine: { stickers: { o2: 1, o3: 1 }, answer: "", posts: [] }, notice: { text: "Saved: 2 of your 2 stickers placed.", good: true } })],
    ["a vote refused: too many stickers", () => liveCard({ ...LIVE_VOTE, mine: { stickers: { o1: 3 }, answer: "", posts: [] }, notice: { text: "You have 2 stickers; you placed 3.", good: false } })],
    ["a vote ended, with totals", () => liveCard({ ...LIVE_VOTE, open: false, results: [{ name: "Mental wellbeing", value: "21 stickers (35%)" }, { name: "Healthy weight", value: "20 stickers (33%)" }], footer: "30 took part (2 as guests)." })],
    ["a wall", () => liveCard({ ...LIVE_VOTE, kind: "wall", kindText: "Wall of ideas", title: "Our plans for the next 12 months", prompt: "What will your organisation do in the next 12 months, and why?", options: [], stickers: 0, maxChars: 280, postsPerPerson: 5 })],
    ["a quick question", () => liveCard({ ...LIVE_VOTE, kind: "question", kindText: "Quick question", title: "One word for the session", prompt: "How did today's workshop feel?", options: [], stickers: 0, maxChars: 2000, postsPerPerson: 0, mine: { stickers: {}, answer: "Useful", posts: [] } })],
  ],
  opener: [
    ["the launch form's short card", () => openerCard({ title: "Launch a round", subtitle: "North Lancashire Health & Wellbeing Board", text: "The form opens in a dialog.", openTitle: "Open the launch form", verb: Verbs.openLaunch, data: {} })],
    ["the draft summary's short card", () => openerCard({ title: "Draft summary ready", text: "“Autumn 1:1s” has closed.", openTitle: "Review the draft", verb: Verbs.openReview, data: { roundId: "r20261123-0a0b0c0d", boardId: "19:north-lancs-hwb-general@thread.tacv2" } })],
  ],
  "checkin-form": [["two weeks ahead", () => checkInFormCard(AS.checkInForm)]],
  checkin: [
    ["open: two actions, one overdue", () => checkInCard(AS.checkInOpen)],
    ["closed", () => checkInCard(AS.checkInClosed)],
  ],
  progress: [
    ["a check-in closed", () => progressCard(AS.progressDigest)],
    ["long lists cut with and N more", () => progressCard(AS.progressDigestLong)],
  ],
  roles: [
    ["in the channel: two officers, a chair, a banner", () => rolesCard(RS.rolesInChannel)],
    ["in a 1:1: the only officer, no chair, a long roster cut short", () => rolesCard(RS.rolesOnlyOfficer)],
  ],
  "board-picker": [["two boards", () => boardPickerCard(RS.boardPicker)]],
  welcome: [
    ["personal", () => welcomeCard({ scope: "personal", name: "Priya" })],
    ["team", () => welcomeCard({ scope: "channel", name: "North Lancashire Health & Wellbeing Board", firstOfficer: "Habib Patel" })],
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
    ["vote and commitments ticked, themes collapsed", () => launchCard(S.launchVoteAndCommitments)],
  ],
  round: [
    ["open, named, saved answers and a banner", () => roundCard(S.roundOpenNamed)],
    ["open, anonymous, nothing saved", () => roundCard(S.roundOpenAnonymous)],
    ["closed, anonymous", () => roundCard(S.roundClosed)],
    ["cancelled, named", () => roundCard(S.roundCancelled)],
    ["vote only, one of two votes placed", () => roundCard(S.roundVoteOnly)],
    ["commitments only, some with details", () => roundCard(S.roundCommitmentsOnly)],
    ["feedback, vote and commitments", () => roundCard(S.roundCombined)],
    ["feedback, vote and commitments, closed", () => roundCard(S.roundCombinedClosed)],
    ["feedback, vote and commitments, cancelled", () => roundCard({ ...S.roundCombinedClosed, state: "cancelled", timeLeftText: "Cancelled" })],
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
  digest: [
    ["named, with a report link", () => digestCard(S.digestSample)],
    ["anonymous, a theme and the vote withheld, no link", () => digestCard(S.digestWithheldSample)],
  ],
  review: [
    ["draft, with a banner, a dropped point and an officer's recommendation", () => reviewCard(S.reviewDraftSample)],
    ["published, with a report link", () => reviewCard(S.reviewPublishedSample)],
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
const byId = (card: unknown): Map<string, Json> => new Map(inputsOf(card).map((i) => [i.id as string, i]));
/** Ids of card elements (inputs, containers, text blocks…), not of actions. */
const elementIds = (card: AdaptiveCard): string[] =>
  collectByType(card.body, (t) => !t.startsWith("Action.")).filter((e) => typeof e.id === "string").map((e) => e.id as string);
/**
 * What a screen reader says for an input: its label; for an Input.Toggle, its label and then its title (the
 * words beside the box), as the Adaptive Cards SDK names the checkbox (aria-labelledby both).
 */
const accessibleName = (input: Json): string =>
  [input.label, input.type === "Input.Toggle" ? input.title : undefined]
    .filter((part): part is string => typeof part === "string" && part.trim() !== "")
    .map((part) => part.trim())
    .join(" ");
const bytesOf = (card: unknown): number => Buffer.byteLength(JSON.stringify(card), "utf8");
const LEVEL_VALUES = ["lead", "contribute", "support", "consult", "unable"];

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

        it("has unique element ids, and every Action.ToggleVisibility targets an element in the card", () => {
          const ids = elementIds(card);
          expect(new Set(ids).size, ids.join(", ")).to.equal(ids.length);
          for (const toggle of collectByType(card, (t) => t === "Action.ToggleVisibility")) {
            const targets = toggle.targetElements as Array<string | { elementId: string }>;
            expect(targets).to.not.be.empty;
            for (const target of targets) expect(ids).to.include(typeof target === "string" ? target : target.elementId);
          }
        });

        it("labels every input, each label different, so a screen reader can tell them apart", () => {
          const names = inputsOf(card).map((input) => [input.id as string, accessibleName(input)] as const);
          expect(names.filter(([, name]) => name === "").map(([id]) => id), "inputs with no label").to.deep.equal([]);
          const seen = new Map<string, string>();
          const repeats = names.filter(([id, name]) => seen.has(name) || !seen.set(name, id)).map(([id, name]) => `${id} (“${name}”, as ${seen.get(name)})`);
          expect(repeats, "inputs whose label another input has").to.deep.equal([]);
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

  it("keeps every sample card well under 28 KB (the officers' review card under 32 KB)", () => {
    for (const [template, cases] of Object.entries(samples)) {
      for (const [label, render] of cases) {
        const bytes = Buffer.byteLength(JSON.stringify(render()), "utf8");
        // The review card's three inputs per point each name the point and its theme ("Include point 2 of
        // Integration in the summary"), so a screen reader can tell 30 of them apart: ~2.8 KB in this sample.
        expect(bytes, `${template} (${label})`).to.be.below((template === "review" ? 32 : 28) * 1024);
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

    describe("priority vote", () => {
      it("has an Input.Number vote_<id> (0..votesPerMember) and a why_<id> per option when several votes may go on one option", () => {
        const vote = S.roundVoteOnly.vote!;
        expect(vote.allowMultiplePerOption).to.equal(true);
        const inputs = byId(roundCard(S.roundVoteOnly));
        for (const option of vote.options) {
          // Each label names its option: a screen reader can't tell four boxes called "Votes" apart.
          expect(inputs.get(`vote_${option.id}`), option.id).to.include({ type: "Input.Number", label: `Votes for ${option.label}`, min: 0, max: vote.votesPerMember, value: option.votes });
          expect(inputs.get(`why_${option.id}`), option.id).to.include({
            type: "Input.Text",
            label: `Why “${option.label}”? (optional)`,
            placeholder: "Why? (optional)",
            maxLength: vote.whyMaxLength,
            value: option.why,
          });
        }
        expect([...inputs.keys()]).to.deep.equal(vote.options.flatMap((o) => [`vote_${o.id}`, `why_${o.id}`]));
        expect(textsOf(roundCard(S.roundVoteOnly))).to.include(vote.summaryText);
      });

      it("has an Input.Toggle vote_<id> (\"1\"/\"0\") per option when only one vote may go on each", () => {
        const base = S.roundCombined.vote!;
        expect(base.allowMultiplePerOption).to.equal(false);
        const vote = { ...base, options: base.options.map((o, n) => ({ ...o, votes: n === 2 ? 1 : 0 })) };
        const inputs = byId(roundCard({ ...S.roundCombined, vote }));
        vote.options.forEach((option, n) => {
          expect(inputs.get(`vote_${option.id}`), option.id).to.include({ type: "Input.Toggle", label: option.label, title: "Vote for this", valueOn: "1", valueOff: "0", value: n === 2 ? "1" : "0" });
          expect(inputs.get(`why_${option.id}`), option.id).to.include({ type: "Input.Text", label: `Why “${option.label}”? (optional)`, placeholder: "Why? (optional)" });
        });
        expect([...inputs.values()].filter((i) => i.type === "Input.Number")).to.deep.equal([]);
      });

      it("has no vote inputs when the round has no vote", () => {
        expect(inputIds(roundCard(S.roundOpenNamed)).filter((id) => /^(vote|why)_/.test(id))).to.deep.equal([]);
        expect(textsOf(roundCard(S.roundOpenNamed))).to.not.include("Priority vote");
      });
    });

    describe("commitments", () => {
      it("has a compact commit_<id>_level ChoiceSet per intervention with exactly the five levels and the saved level", () => {
        const section = S.roundCommitmentsOnly.commitments!;
        const inputs = byId(roundCard(S.roundCommitmentsOnly));
        expect(section.items).to.have.length(10);
        section.items.forEach((item, n) => {
          const level = inputs.get(`commit_${item.id}_level`)!;
          // Numbered, so the detail inputs below can say which intervention they are for.
          expect(level, item.id).to.include({ type: "Input.ChoiceSet", style: "compact", label: `${n + 1}. ${item.label}`, placeholder: "Choose…", value: item.level });
          expect((level.choices as Json[]).map((c) => c.value)).to.deep.equal(LEVEL_VALUES);
          expect(level.choices).to.deep.equal(section.levels);
        });
        expect(section.items.filter((i) => i.level !== "").length).to.be.greaterThan(0);
      });

      it("has the four detail inputs per intervention, labelled and limited, in a details_<id> container shown only when there are details", () => {
        const section = S.roundCommitmentsOnly.commitments!;
        const card = roundCard(S.roundCommitmentsOnly);
        const inputs = byId(card);
        const containers = new Map(collectByType(card, (t) => t === "Container").filter((c) => typeof c.id === "string").map((c) => [c.id as string, c]));
        const toggles = collectByType(card, (t) => t === "Action.ToggleVisibility");
        section.items.forEach((item, n) => {
          const fields = [
            ["rep", `Intervention ${n + 1}: representative with a mandate`, item.representative],
            ["resources", `Intervention ${n + 1}: resources offered`, item.resources],
            ["timescale", `Intervention ${n + 1}: timescale`, item.timescale],
            ["impact", `Intervention ${n + 1}: intended impact`, item.impact],
          ] as const;
          for (const [suffix, label, value] of fields) {
            expect(inputs.get(`commit_${item.id}_${suffix}`), `${item.id} ${suffix}`).to.include({ type: "Input.Text", label, value, maxLength: section.detailMaxLength });
          }
          const details = containers.get(`details_${item.id}`)!;
          const hasDetails = fields.some(([, , value]) => value !== "");
          expect(details.isVisible, item.id).to.equal(hasDetails);
          expect(inputIds(details)).to.deep.equal(fields.map(([suffix]) => `commit_${item.id}_${suffix}`));
          const toggle = toggles.filter((t) => (t.targetElements as string[]).includes(`details_${item.id}`));
          expect(toggle, item.id).to.have.length(1);
          expect(toggle[0]!.title).to.equal(hasDetails ? "Details" : "Add details");
        });
        expect(section.items.some((i) => i.representative !== "") && section.items.some((i) => i.impact === "")).to.equal(true);
      });

      it("shows the intro once", () => {
        const intro = "For each intervention, say what your organisation can commit. Add a named representative with a mandate, resources, timescale and intended impact if you can.";
        expect(textsOf(roundCard(S.roundCommitmentsOnly)).filter((t) => t === intro)).to.have.length(1);
      });
    });

    describe("organisation", () => {
      it("asks for the organisation only when askOrganisation, at the top of the commitments", () => {
        const card = roundCard(S.roundCommitmentsOnly);
        expect(byId(card).get("organisation")).to.include({ type: "Input.Text", label: "Your organisation", value: "Lancashire County Council", maxLength: 120, placeholder: "e.g. Lancashire County Council" });
        expect(inputIds(card)[0]).to.equal("organisation");
        const commitments = collectByType(card, (t) => t === "Container").find((c) => c.id === "section_commitments")!;
        expect(inputIds(commitments)[0]).to.equal("organisation");
        expect(inputIds(roundCard({ ...S.roundCommitmentsOnly, askOrganisation: false }))).to.not.include("organisation");
        expect(inputIds(roundCard(S.roundVoteOnly))).to.not.include("organisation");
        expect(inputIds(roundCard(S.roundOpenNamed))).to.not.include("organisation");
      });

      it("asks above everything when there are no commitments", () => {
        const ids = inputIds(roundCard({ ...S.roundVoteOnly, askOrganisation: true, organisation: "Healthwatch Lancashire" }));
        expect(ids[0]).to.equal("organisation");
        expect(ids.filter((id) => id === "organisation")).to.have.length(1);
      });
    });

    describe("combined round", () => {
      it("has the vote, then the organisation and commitments, then the questions, each under a collapsible heading", () => {
        const data = S.roundCombined;
        const card = roundCard(data);
        const expected = [
          ...data.vote!.options.flatMap((o) => [`vote_${o.id}`, `why_${o.id}`]),
          "organisation",
          ...data.commitments!.items.flatMap((i) => ["level", "rep", "resources", "timescale", "impact"].map((f) => `commit_${i.id}_${f}`)),
          ...data.questions.map((q) => `answer_${q.id}`),
        ];
        expect(inputIds(card)).to.deep.equal(expected);
        const headings = collectByType(card, (t) => t === "TextBlock").filter((b) => b.style === "heading").map((b) => b.text);
        expect(headings).to.deep.equal([data.title, "Priority vote", "Commitments to interventions", "Your views", ...S.SEED_THEMES.map((t) => t.name)]);
        const sectionToggles = collectByType(card, (t) => t === "Action.ToggleVisibility").filter((a) => (a.targetElements as string[]).some((id) => id.startsWith("section_")));
        expect(sectionToggles.map((a) => (a.targetElements as string[])[0])).to.deep.equal(["section_vote", "section_commitments", "section_feedback"]);
        const [save, ...others] = byVerb(card, Verbs.saveResponse);
        expect(others).to.have.length(0);
        expect(save!.data).to.deep.equal({ roundId: data.roundId, boardId: data.boardId, revision: data.revision });
      });

      it("keeps single-section cards without collapsible section headings", () => {
        for (const sample of [S.roundOpenNamed, S.roundVoteOnly, S.roundCommitmentsOnly]) {
          const toggles = collectByType(roundCard(sample), (t) => t === "Action.ToggleVisibility");
          expect(toggles.filter((a) => (a.targetElements as string[]).some((id) => id.startsWith("section_")))).to.deep.equal([]);
        }
      });

      it("once closed or cancelled: no inputs or toggles for details, and a read-only record of votes and commitments", () => {
        for (const state of ["closed", "cancelled"] as const) {
          const data = { ...S.roundCombinedClosed, state };
          const card = roundCard(data);
          expect(inputsOf(card), state).to.deep.equal([]);
          expect(byVerb(card, Verbs.saveResponse)).to.deep.equal([]);
          expect(collectByType(card, (t) => t === "Action.ToggleVisibility").filter((a) => (a.targetElements as string[]).some((id) => id.startsWith("details_")))).to.deep.equal([]);
          const texts = textsOf(card);
          expect(texts).to.include.members(["You placed 2 of 2 votes.", "1 vote", "No votes", ...data.vote!.options.map((o) => o.label)]);
          expect(texts).to.not.include(data.vote!.summaryText);
          const facts = collectByType(card, (t) => t === "FactSet").flatMap((f) => f.facts as Json[]);
          const levels = facts.filter((f) => f.title === "Commitment").map((f) => f.value);
          expect(levels).to.have.length(10);
          expect(levels.filter((l) => l !== "Not chosen")).to.deep.equal(["Lead", "Contribute resources", "Support delivery (no investment)", "Need to consult my organisation"]);
          expect(facts).to.deep.include({ title: "Representative", value: "Dr Helen Marsh, Director of Public Health" });
          expect(facts).to.deep.include({ title: "Organisation", value: "Lancashire County Council" });
        }
      });

      it("does not evaluate template expressions typed into a why or a commitment detail", () => {
        const vote = { ...S.roundVoteOnly.vote!, options: S.roundVoteOnly.vote!.options.map((o) => ({ ...o, why: "${roundId}" })) };
        expect(byId(roundCard({ ...S.roundVoteOnly, vote })).get("why_o1")!.value).to.equal("${roundId}");
        const section = S.roundCommitmentsOnly.commitments!;
        const commitments = { ...section, items: section.items.map((i) => ({ ...i, impact: "${verbs.saveResponse}" })) };
        expect(byId(roundCard({ ...S.roundCommitmentsOnly, commitments })).get("commit_i1_impact")!.value).to.equal("${verbs.saveResponse}");
      });

      it("keeps the largest combined round (12 long answers, 4 vote options, 10 interventions with every detail) under the Teams size limit", () => {
        for (const [answerChars, detailChars] of [[300, 200], [2000, 200], [2000, 300]] as const) {
          const data = S.roundCombinedLarge(answerChars, detailChars);
          expect(data.questions).to.have.length(12);
          expect(data.commitments!.items.every((i) => i.impact.length === detailChars)).to.equal(true);
          for (const state of ["open", "closed"] as const) {
            const card = roundCard({ ...data, state });
            expect(bytesOf(card), `${answerChars}/${detailChars} ${state}`).to.be.below(MAX_CARD_BYTES);
            expect(parseProblems(card)).to.deep.equal([]);
          }
          expect(inputIds(roundCard(data))).to.have.length(12 + 8 + 1 + 50);
        }
        // Typical answers leave plenty of room.
        expect(bytesOf(roundCard(S.roundCombinedLarge(300)))).to.be.below(48 * 1024);
      });
    });
  });

  describe("launch card", () => {
    it("has the four inputs per theme slot, named from the slot's index, with the toggle reflecting include", () => {
      // Indexes deliberately not 0..n-1, so ids built from position would fail.
      const themes = S.launchWithBanner.themes.map((t, n) => ({ ...t, index: 10 + n * 3 }));
      const card = launchCard({ ...S.launchWithBanner, themes });
      const inputs = inputsOf(card);
      const byId = new Map(inputs.map((i) => [i.id as string, i]));
      themes.forEach((theme, n) => {
        // Labels number the slots as the card shows them ("Theme 2 of 8"), not by index.
        const toggle = byId.get(`theme_${theme.index}_include`)!;
        expect(toggle, `theme_${theme.index}_include`).to.include({ type: "Input.Toggle", title: `Include theme ${n + 1}`, valueOn: "true", valueOff: "false" });
        expect(toggle.value).to.equal(theme.include ? "true" : "false");
        expect(byId.get(`theme_${theme.index}_name`)).to.include({ type: "Input.Text", label: `Theme ${n + 1} name`, value: theme.name, maxLength: 80 });
        expect(byId.get(`theme_${theme.index}_view`)).to.include({ type: "Input.Text", isMultiline: true, label: `Theme ${n + 1} question: your view`, value: theme.viewText, maxLength: 300 });
        expect(byId.get(`theme_${theme.index}_recommend`)).to.include({
          type: "Input.Text",
          isMultiline: true,
          label: `Theme ${n + 1} optional question: what would you recommend`,
          value: theme.recommendText,
          maxLength: 300,
        });
      });
      const themeIds = inputIds(card).filter((id) => id.startsWith("theme_"));
      expect(themeIds).to.have.length(themes.length * 4);
      expect(new Set(inputIds(card)).size).to.equal(inputs.length);
      expect(themes.filter((t) => !t.include)).to.have.length(1);
    });

    it("from the team: no board chooser, the board and theme count in both actions' data, a channel chooser", () => {
      const card = launchCard(S.launchFromTeam);
      const ids = inputIds(card);
      expect(ids).to.not.include("boardId");
      expect(ids.slice(0, 7)).to.deep.equal(["kinds", "title", "deadlineDate", "deadlineTime", "anonymity", "minRespondents", "digestChannelId"]);
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
      const toggles = inputsOf(card).filter((i) => i.type === "Input.Toggle" && (i.id as string).startsWith("theme_")).map((i) => i.value);
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
      expect(byId.get("kinds")).to.include({ style: "expanded", isMultiSelect: true, value: "feedback" });
      for (const input of inputsOf(card).filter((i) => i.type !== "Input.Toggle")) expect(input.label, input.id as string).to.be.a("string").and.not.equal("");
      const banner = collectByType(card, (t) => t === "Container").find((c) => c.style === "attention")!;
      expect(textsOf(banner)).to.deep.equal([S.launchWithBanner.banner!.text]);
      expect(collectByType(launchCard(S.launchFromTeam), (t) => t === "Container").filter((c) => c.style === "attention")).to.deep.equal([]);
    });

    it("asks what the round is for with a required multi-select of the kinds, pre-selected from selectedKinds", () => {
      for (const sample of [S.launchFromTeam, S.launchVoteAndCommitments]) {
        const kinds = byId(launchCard(sample)).get("kinds")!;
        expect(kinds).to.include({
          type: "Input.ChoiceSet",
          isMultiSelect: true,
          style: "expanded",
          label: "What does this round ask members?",
          isRequired: true,
          value: sample.selectedKinds,
        });
        expect(kinds.errorMessage).to.be.a("string").and.not.equal("");
        expect(kinds.choices).to.deep.equal(S.LAUNCH_KINDS);
      }
      expect(inputIds(launchCard(S.launchFromTeam))).to.not.include("kind");
    });

    it("has the vote and commitment inputs, prefilled and limited", () => {
      const sample = S.launchVoteAndCommitments;
      const inputs = byId(launchCard(sample));
      expect(inputs.get("voteOptions")).to.include({ type: "Input.Text", isMultiline: true, label: "Options to vote on — one per line", value: sample.voteOptionsText, maxLength: 3000 });
      expect(sample.voteOptionsText.split("\n")).to.deep.equal([...S.SEED_PRIORITIES]);
      expect(inputs.get("votesPerMember")).to.include({ type: "Input.Number", label: "Votes per member", value: 2, min: 1, max: 10 });
      expect(inputs.get("allowMultipleVotes")).to.include({
        type: "Input.Toggle",
        title: "Members may put more than one vote on the same option",
        valueOn: "true",
        valueOff: "false",
        value: "true",
      });
      expect(byId(launchCard({ ...sample, allowMultipleVotes: false })).get("allowMultipleVotes")!.value).to.equal("false");
      expect(inputs.get("interventions")).to.include({ type: "Input.Text", isMultiline: true, label: "Interventions to commit to — one per line", value: sample.interventionsText, maxLength: 3000 });
      expect(sample.interventionsText.split("\n")).to.have.length(10);
    });

    it("opens the sections of the ticked kinds and collapses the others, with every input still in the card", () => {
      const sections = (card: AdaptiveCard) =>
        Object.fromEntries(collectByType(card, (t) => t === "Container").filter((c) => typeof c.id === "string" && (c.id as string).startsWith("section_")).map((c) => [c.id, c.isVisible ?? true]));
      expect(sections(launchCard(S.launchFromTeam))).to.deep.equal({ section_vote: false, section_commitment: false, section_feedback: true });
      expect(sections(launchCard(S.launchVoteAndCommitments))).to.deep.equal({ section_vote: true, section_commitment: true, section_feedback: false });
      expect(sections(launchCard({ ...S.launchFromTeam, selectedKinds: "feedback,vote,commitment" }))).to.deep.equal({ section_vote: true, section_commitment: true, section_feedback: true });
      for (const sample of [S.launchFromTeam, S.launchVoteAndCommitments]) {
        const ids = inputIds(launchCard(sample));
        expect(ids).to.include.members(["kinds", "voteOptions", "votesPerMember", "allowMultipleVotes", "interventions", "theme_0_name"]);
      }
      const texts = textsOf(launchCard(S.launchFromTeam));
      expect(texts).to.include.members([
        "Used only when “A priority vote” is ticked above.",
        "Used only when “Commitments to interventions” is ticked above.",
        "Used only when “Feedback themes” is ticked above.",
      ]);
    });
  });

  describe("review card", () => {
    const allItems = (data: typeof S.reviewDraftSample) => data.themes.flatMap((t) => [...t.points, ...t.recommendations]);

    it("has stmt_, keep_ and merge_ inputs per point and recommendation, with unique ids", () => {
      const card = reviewCard(S.reviewDraftSample);
      const inputs = byId(card);
      expect(new Set(inputIds(card)).size).to.equal(inputIds(card).length);
      for (const theme of S.reviewDraftSample.themes) {
        const kinds = [
          ["Point", theme.points],
          ["Recommendation", theme.recommendations],
        ] as const;
        for (const [kind, list] of kinds) {
          list.forEach((point, n) => {
            const stmt = inputs.get(`stmt_${point.id}`)!;
            expect(stmt, point.id).to.include({ type: "Input.Text", value: point.statement, maxLength: S.reviewDraftSample.statementMaxLength, isMultiline: true });
            // Every label names the point and its theme: "Point 2 of Integration".
            const which = `${kind} ${n + 1} of ${theme.theme}`;
            expect(stmt.label).to.equal(point.officerAdded ? which : `${which} — ${point.supportText}`);
            expect(inputs.get(`keep_${point.id}`), point.id).to.include({
              type: "Input.Toggle",
              title: `Include ${kind.toLowerCase()} ${n + 1} of ${theme.theme} in the summary`,
              value: point.keep ? "true" : "false",
              valueOn: "true",
              valueOff: "false",
            });
            const merge = inputs.get(`merge_${point.id}`);
            if (n === 0) {
              // Nothing above the first: no merge dropdown at all.
              expect(merge, point.id).to.equal(undefined);
            } else {
              expect(merge, point.id).to.include({ type: "Input.ChoiceSet", style: "compact", label: `Merge ${kind.toLowerCase()} ${n + 1} of ${theme.theme} into`, placeholder: "Don't merge", value: "" });
              expect((merge!.choices as Json[]).map((c) => c.value)).to.deep.equal(list.slice(0, n).map((p) => p.id));
            }
          });
        }
      }
      const ids = inputIds(card);
      expect(ids.filter((id) => id.startsWith("stmt_"))).to.have.length(allItems(S.reviewDraftSample).length);
      expect(ids.filter((id) => id.startsWith("keep_"))).to.have.length(allItems(S.reviewDraftSample).length);
      expect(allItems(S.reviewDraftSample).some((p) => !p.keep)).to.equal(true);
    });

    it("never offers to merge a point into itself, or into one that is not on the card", () => {
      const theme = S.reviewDraftSample.themes[0]!;
      const [first, second, third] = theme.points;
      // A careless caller: the point itself, a point that isn't shown and a blank value among the choices.
      const points = [first!, second!, { ...third!, mergeChoices: [{ value: third!.id, title: "itself" }, { value: "t9p9", title: "elsewhere" }, { value: "", title: "blank" }, ...third!.mergeChoices] }];
      const card = reviewCard({ ...S.reviewDraftSample, themes: [{ ...theme, points }] });
      for (const merge of inputsOf(card).filter((i) => (i.id as string).startsWith("merge_"))) {
        const own = (merge.id as string).slice("merge_".length);
        const values = (merge.choices as Json[]).map((c) => c.value);
        expect(values, own).to.not.include(own);
        expect(values).to.not.include.members(["t9p9", ""]);
      }
      const thirdChoices = byId(card).get(`merge_${third!.id}`)!.choices as Json[];
      expect(thirdChoices.map((c) => c.value)).to.deep.equal([first!.id, second!.id]);
      expect(thirdChoices[0]!.title).to.match(/^1\. /);
      for (const choice of thirdChoices) expect((choice.title as string).length).to.be.at.most(40);
    });

    it("has an addrec_<index> input per theme, multiline, with the theme in its label", () => {
      const inputs = byId(reviewCard(S.reviewDraftSample));
      for (const theme of S.reviewDraftSample.themes) {
        expect(inputs.get(`addrec_${theme.index}`), theme.theme).to.include({
          type: "Input.Text",
          isMultiline: true,
          label: `Add your own recommendations for ${theme.theme} — one per line`,
          maxLength: S.reviewDraftSample.statementMaxLength * 4,
        });
      }
      expect(inputIds(reviewCard(S.reviewDraftSample)).filter((id) => id.startsWith("addrec_"))).to.have.length(S.reviewDraftSample.themes.length);
    });

    it("saves and publishes with roundId, boardId and revision, in the Submit fallback too", () => {
      const card = reviewCard(S.reviewDraftSample);
      const data = { roundId: S.reviewDraftSample.roundId, boardId: S.reviewDraftSample.boardId, revision: S.reviewDraftSample.revision };
      for (const verb of [Verbs.saveSummary, Verbs.publishSummary]) {
        const [action, ...others] = byVerb(card, verb);
        expect(others).to.have.length(0);
        expect(action!.data).to.deep.equal(data);
        expect((action!.fallback as Json).data).to.deep.equal({ verb, ...data });
      }
      expect(byVerb(card, Verbs.publishSummary)[0]!.style).to.equal("positive");
      expect(card.actions!.map((a) => (a as Json).title)).to.deep.equal(["Save changes", "Publish to the board's channel"]);
    });

    it("is read-only once published: no inputs or save/publish, the statements as text, the published line and the report link", () => {
      const card = reviewCard(S.reviewPublishedSample);
      expect(inputsOf(card)).to.deep.equal([]);
      expect(executesOf(card)).to.deep.equal([]);
      const texts = textsOf(card);
      expect(texts).to.include.members([S.reviewPublishedSample.publishedText!, ...allItems(S.reviewPublishedSample).map((p) => p.statement)]);
      expect(collectByType(card, (t) => t === "Action.OpenUrl")).to.deep.equal([{ type: "Action.OpenUrl", title: "Open the full report", url: S.reviewPublishedSample.reportUrl }]);
      const noLink = reviewCard({ ...S.reviewPublishedSample, reportUrl: undefined });
      expect(collectByType(noLink, (t) => t.startsWith("Action."))).to.deep.equal([]);
    });

    it("quotes the evidence in italics, tags what an officer added and says how many points it doesn't show", () => {
      const card = reviewCard(S.reviewDraftSample);
      const runs = collectByType(card, (t) => t === "TextRun");
      expect(runs.length).to.be.greaterThan(0);
      for (const run of runs) expect(run).to.include({ italic: true, isSubtle: true });
      const first = S.reviewDraftSample.themes[0]!.points[0]!;
      expect(runs[0]!.text).to.equal(first.evidence.map((e) => `“${e}”`).join("  "));
      const texts = textsOf(card);
      const officerAdded = allItems(S.reviewDraftSample).filter((p) => p.officerAdded);
      expect(officerAdded).to.have.length(1);
      expect(texts.filter((t) => t === "Added by an officer")).to.have.length(1);
      const hidden = S.reviewDraftSample.themes.filter((t) => t.hiddenCount > 1);
      expect(hidden.length).to.be.greaterThan(0);
      for (const theme of hidden) expect(texts).to.include(`${theme.hiddenCount} smaller points aren't shown here; they are in the full report and stay in the summary.`);
      expect(textsOf(reviewCard({ ...S.reviewDraftSample, themes: [{ ...S.reviewDraftSample.themes[0]!, hiddenCount: 1 }] }))).to.include(
        "1 smaller point isn't shown here; it is in the full report and stays in the summary.",
      );
      expect(texts).to.include.members(S.reviewDraftSample.otherLines.map((l) => `• ${l}`));
    });

    it("shows a withheld theme's reason, and still lets officers add recommendations to it", () => {
      const theme = { index: 4, theme: "Integration", withheldText: "Fewer than 3 members answered this theme, so it is withheld to protect anonymity.", points: [], recommendations: [], hiddenCount: 0 };
      const card = reviewCard({ ...S.reviewDraftSample, themes: [theme] });
      expect(textsOf(card)).to.include(theme.withheldText);
      expect(inputIds(card)).to.deep.equal(["addrec_4"]);
    });

    it("keeps a draft of 6 themes × (6 points + 3 recommendations), two 200-character quotes each, under 64 KB", () => {
      const data = S.reviewDraftLarge();
      const items = allItems(data);
      expect(items).to.have.length(54);
      expect(items.every((p) => p.evidence.length === 2 && p.evidence.every((e) => e.length >= 190))).to.equal(true);
      const card = reviewCard(data);
      const bytes = bytesOf(card);
      // (60 KB before every input's label named its point and theme: ~4.6 KB for these 54 points; still under MAX_CARD_BYTES.)
      expect(bytes).to.be.below(64 * 1024);
      expect(bytes).to.be.below(MAX_CARD_BYTES);
      expect(parseProblems(card)).to.deep.equal([]);
      expect(inputIds(card).filter((id) => id.startsWith("stmt_"))).to.have.length(54);
      const published = reviewCard({ ...data, state: "published", publishedText: "Published" });
      expect(bytesOf(published)).to.be.below(60 * 1024);
    });

    it("does not evaluate template expressions typed into a statement", () => {
      const theme = S.reviewDraftSample.themes[0]!;
      const points = [{ ...theme.points[0]!, statement: "${verbs.publishSummary} ${roundId}" }];
      const card = reviewCard({ ...S.reviewDraftSample, themes: [{ ...theme, points }] });
      expect(byId(card).get(`stmt_${points[0]!.id}`)!.value).to.equal("${verbs.publishSummary} ${roundId}");
    });
  });

  describe("digest card", () => {
    it("links to the full report only when there is a report URL", () => {
      const withLink = collectByType(digestCard(S.digestSample), (t) => t.startsWith("Action."));
      expect(withLink).to.deep.equal([{ type: "Action.OpenUrl", title: "Open the full report", url: S.digestSample.reportUrl }]);
      const card = digestCard(S.digestWithheldSample);
      expect(S.digestWithheldSample.reportUrl).to.equal(undefined);
      expect(collectByType(card, (t) => t.startsWith("Action."))).to.deep.equal([]);
      expect(card.actions).to.equal(undefined);
      expect(inputsOf(digestCard(S.digestSample))).to.deep.equal([]);
    });

    it("shows each theme with its points, supporters, recommendations and what is left for the report", () => {
      const card = digestCard(S.digestSample);
      const texts = textsOf(card);
      const headings = collectByType(card, (t) => t === "TextBlock").filter((b) => b.style === "heading").map((b) => b.text);
      expect(headings).to.deep.equal([
        S.digestSample.title,
        ...S.digestSample.themes.map((t) => t.theme),
        "Priorities",
        "Commitments",
        "Collaboration opportunities",
      ]);
      for (const theme of S.digestSample.themes) {
        for (const point of theme.points) expect(texts).to.include.members([point.text, point.supportersText]);
        expect(texts).to.include.members(theme.recommendations);
      }
      const role = S.digestSample.themes[0]!;
      expect(role.morePoints).to.equal(3);
      expect(texts).to.include("and 3 more points in the full report");
      expect(texts).to.include("and 1 more recommendation in the full report");
      expect(texts.filter((t) => t === "Recommendations")).to.have.length(S.digestSample.themes.length);
      expect(texts).to.include.members([S.digestSample.closedText, S.digestSample.responseText, S.digestSample.publishedByText, S.digestSample.unledText!]);
      expect(texts).to.include.members(S.digestSample.priorities.flatMap((p) => [p.rankText, p.label, p.votesText]));
      expect(texts).to.include.members(S.digestSample.commitments.flatMap((c) => [c.label, c.text]));
      expect(S.digestSample.moreCommitments).to.be.greaterThan(1);
      expect(texts).to.include(`and ${S.digestSample.moreCommitments} more interventions in the full report`);
      const attention = collectByType(card, (t) => t === "Container").filter((c) => c.style === "attention");
      expect(attention.map((c) => textsOf(c))).to.deep.equal([[S.digestSample.unledText]]);
    });

    it("shows a withheld theme's reason instead of its points, and a withheld vote's reason instead of the ranking", () => {
      const card = digestCard(S.digestWithheldSample);
      const withheld = S.digestWithheldSample.themes.find((t) => t.withheldText)!;
      expect(withheld.theme).to.equal("Integration");
      const section = collectByType(card, (t) => t === "Container").find((c) => (c.items as Json[] | undefined)?.[0]?.text === withheld.theme)!;
      expect(textsOf(section)).to.deep.equal([withheld.theme, withheld.withheldText]);
      // Even if a caller passed points for a withheld theme, none are shown.
      const leaky = digestCard({ ...S.digestWithheldSample, themes: [{ ...S.digestSample.themes[4]!, withheldText: withheld.withheldText }] });
      expect(textsOf(leaky)).to.not.include.members(S.digestSample.themes[4]!.points.map((p) => p.text));
      const texts = textsOf(card);
      expect(texts).to.include.members([S.digestWithheldSample.prioritiesWithheldText!, S.digestWithheldSample.anonymousText!, "Priorities"]);
      expect(texts.filter((t) => /votes? from/.test(t))).to.deep.equal([]);
    });

    it("leaves out sections with nothing in them", () => {
      const bare = digestCard({
        ...S.digestSample,
        anonymousText: undefined,
        priorities: [],
        commitments: [],
        moreCommitments: 0,
        opportunities: [],
        moreOpportunities: 0,
        unledText: undefined,
        reportUrl: undefined,
      });
      const texts = textsOf(bare);
      expect(texts).to.not.include.members(["Priorities", "Commitments", "Collaboration opportunities"]);
      expect(collectByType(bare, (t) => t === "Container").filter((c) => c.style === "attention")).to.deep.equal([]);
      expect(parseProblems(bare)).to.deep.equal([]);
      const empty = digestCard({ ...S.digestSample, themes: [{ theme: "Integration", points: [], morePoints: 0, recommendations: [], moreRecommendations: 0 }] });
      expect(textsOf(empty)).to.include("No points were made on this theme.");
      expect(textsOf(empty)).to.not.include("Recommendations");
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
      // What an officer can still do: launch another round, or refresh.
      expect(executesOf(card).map((a) => a.verb)).to.deep.equal([Verbs.openLaunch, Verbs.showStatus]);
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

  describe("roles card", () => {
    it("adds people with a Teams people picker, with the team's roster as the static fallback", () => {
      const card = rolesCard(RS.rolesInChannel);
      const picker = byId(card).get("people")!;
      expect(picker).to.include({ type: "Input.ChoiceSet", isMultiSelect: true });
      expect(picker["choices.data"]).to.deep.equal({ type: "Data.Query", dataset: PEOPLE_IN_CONTEXT });
      expect(picker.choices).to.deep.equal(RS.rolesInChannel.rosterChoices);
      const role = byId(card).get("role")!;
      expect((role.choices as Json[]).map((c) => c.value)).to.deep.equal(["officer", "chair"]);
      expect(byVerb(card, Verbs.addRole).map((a) => a.data)).to.deep.equal([{ boardId: RS.rolesInChannel.boardId }]);
    });

    it("has a remove button for each person and role, naming them; none for the only officer", () => {
      const card = rolesCard(RS.rolesInChannel);
      expect(byVerb(card, Verbs.removeRole).map((a) => a.data)).to.deep.equal([
        ...RS.rolesInChannel.officers.map((p) => ({ boardId: RS.rolesInChannel.boardId, aadObjectId: p.aadObjectId, role: "officer" })),
        ...RS.rolesInChannel.chairs.map((p) => ({ boardId: RS.rolesInChannel.boardId, aadObjectId: p.aadObjectId, role: "chair" })),
      ]);
      const alone = rolesCard(RS.rolesOnlyOfficer);
      expect(byVerb(alone, Verbs.removeRole)).to.deep.equal([]);
      expect(textsOf(alone)).to.include.members(["Only officer", "No chair yet: give the role below so the chair receives each digest 1:1."]);
      expect(textsOf(alone).some((t) => t.startsWith("The list shows 6 of the team's people"))).to.equal(true);
    });
  });

  describe("board picker", () => {
    it("offers each board with the command to run for it", () => {
      const card = boardPickerCard(RS.boardPicker);
      expect(byVerb(card, Verbs.pickBoard).map((a) => a.data)).to.deep.equal(RS.boardPicker.boards.map((b) => ({ command: "summary", boardId: b.id })));
      expect(textsOf(card)).to.include.members(RS.boardPicker.boards.map((b) => b.name));
    });
  });

  describe("status card: summaries to review, launching", () => {
    it("offers officers a review button per drafted summary and a launch button; members neither", () => {
      const card = statusCard(S.statusOfficer);
      expect(byVerb(card, Verbs.openReview).map((a) => a.data)).to.deep.equal(S.statusOfficer.toReview.map((r) => ({ roundId: r.roundId, boardId: r.boardId })));
      expect(byVerb(card, Verbs.openLaunch)).to.have.length(1);
      const member = statusCard(S.statusMember);
      expect(byVerb(member, Verbs.openReview)).to.deep.equal([]);
      expect(byVerb(member, Verbs.openLaunch)).to.deep.equal([]);
    });
  });

  it("does not let display data inject template expressions", () => {
    const card = welcomeCard({ scope: "personal", name: "${verbs.showHelp}" });
    expect(JSON.stringify(card)).to.contain("Hello ${verbs.showHelp}!");
  });
});
