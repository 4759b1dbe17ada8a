import { expect } from "chai";
import { DateTime } from "luxon";
import type { LiveActivity, LiveEntry } from "../../services/domain/live.ts";
import { ValidationError } from "../../services/rounds/errors.ts";
import { liveLabel, liveResults } from "../../services/live/live.results.ts";
import { liveRoundId, workshopRound } from "../../services/live/live.round.ts";
import { checkContribution, checkStart, LIVE_LIMITS } from "../../services/live/live.rules.ts";
import { MeetingAccess } from "../../services/live/meeting-access.ts";
import { LiveNotFoundError } from "../../services/live/errors.ts";
import { ForbiddenError } from "../../services/boards/errors.ts";
import { ManualClock } from "../../services/clock.ts";
import type { ConversationRecord } from "../../services/domain/conversation.ts";
import type { Membership } from "../../services/boards/board-directory.ts";

const AT = "2026-12-01T14:00:00.000Z";
const activity = (over: Partial<LiveActivity> = {}): LiveActivity => ({
  id: "l20261201-0a0b0c0d",
  tenantId: "t",
  boardId: "19:board@thread.tacv2",
  boardName: "North Lancashire Health & Wellbeing Board",
  meetingChatId: "19:meeting_x@thread.v2",
  kind: "vote",
  title: "Priorities",
  options: [{ id: "o1", label: "Healthy weight" }, { id: "o2", label: "Mental wellbeing" }, { id: "o3", label: "Housing" }],
  stickers: 2,
  stacking: true,
  maxChars: 0,
  postsPerPerson: 0,
  allowGuests: false,
  status: "open",
  startedBy: "officer",
  startedByName: "Habib Patel",
  startedAt: AT,
  updatedAt: AT,
  ...over,
});
const entry = (who: string, over: Partial<LiveEntry> = {}): LiveEntry => ({ activityId: "l20261201-0a0b0c0d", participantAadObjectId: who, participantId: `29:${who}`, guest: false, name: `Name of ${who}`, stickers: {}, answer: "", posts: [], savedAt: AT, ...over });
const problems = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.problems;
    throw err;
  }
  return [];
};
const none = { stickers: {}, answer: "", posts: [] };

describe("live activities: the rules", () => {
  it("starts a sticker vote with two stickers and stacking by default, options trimmed and numbered", () => {
    const fields = checkStart({ boardId: "b", kind: "vote", title: " Priorities ", options: ["- Healthy weight", "", "Mental wellbeing"] });
    expect(fields).to.include({ title: "Priorities", stickers: 2, stacking: true, allowGuests: false });
    expect(fields.options).to.deep.equal([{ id: "o1", label: "Healthy weight" }, { id: "o2", label: "Mental wellbeing" }]);
  });

  const refusals: Array<[string, Parameters<typeof checkStart>[0], string]> = [
    ["no title", { boardId: "b", kind: "vote", title: " ", options: ["A", "B"] }, "Give the activity a title."],
    ["one option", { boardId: "b", kind: "vote", title: "T", options: ["A"] }, "at least two options"],
    ["the same option twice", { boardId: "b", kind: "vote", title: "T", options: ["A", "a"] }, "appears twice"],
    ["too many stickers", { boardId: "b", kind: "vote", title: "T", options: ["A", "B"], stickers: 11 }, "from 1 to 10"],
    ["more stickers than options without stacking", { boardId: "b", kind: "vote", title: "T", options: ["A", "B"], stickers: 3, stacking: false }, "Without stacking, 3 stickers can't go on 2 options."],
    ["a wall with nothing to ask", { boardId: "b", kind: "wall", title: "T" }, "Say what the wall asks for"],
    ["a title over the round limit", { boardId: "b", kind: "question", title: "x".repeat(121), prompt: "Q" }, "the limit is 120"],
  ];
  for (const [label, input, expected] of refusals) {
    it(`refuses to start ${label}`, () => {
      expect(problems(() => checkStart(input)).join(" ")).to.contain(expected);
    });
  }

  it("limits a wall's cards and a question's answer like a round's answers", () => {
    expect(checkStart({ boardId: "b", kind: "wall", title: "Plans", prompt: "What next?" })).to.include({ maxChars: LIVE_LIMITS.cardChars, postsPerPerson: 5, theme: "Plans" });
    expect(checkStart({ boardId: "b", kind: "question", title: "Q", prompt: "Why?", theme: "Prevention" })).to.include({ maxChars: 2000, theme: "Prevention" });
  });

  it("takes a placement within the stickers, replaces the last one, and refuses a third sticker or an unknown option", () => {
    const a = activity();
    expect(checkContribution(a, { stickers: { o1: 2, o2: 0 } }, none).stickers).to.deep.equal({ o1: 2 });
    const moved = checkContribution(a, { stickers: { o3: 1 } }, { ...none, stickers: { o1: 2 } });
    expect(moved.stickers).to.deep.equal({ o3: 1 });
    expect(problems(() => checkContribution(a, { stickers: { o1: 2, o2: 1 } }, none))).to.deep.equal(["You have 2 stickers; you placed 3."]);
    expect(problems(() => checkContribution(a, { stickers: { o9: 1 } }, none))).to.deep.equal(["A sticker was placed on an option this vote doesn't have."]);
    expect(problems(() => checkContribution(activity({ stacking: false }), { stickers: { o1: 2 } }, none))).to.deep.equal(["This vote allows one sticker per option."]);
    expect(problems(() => checkContribution(a, { answer: "hi" }, none))).to.deep.equal(["This activity doesn't ask for an answer."]);
  });

  it("takes up to five cards of up to 280 characters on a wall, blank ones dropped", () => {
    const wall = activity({ kind: "wall", options: [], stickers: 0, maxChars: 280, postsPerPerson: 5, prompt: "Plans?" });
    expect(checkContribution(wall, { posts: [" One ", "", "Two"] }, none).posts).to.deep.equal(["One", "Two"]);
    expect(problems(() => checkContribution(wall, { posts: ["a", "b", "c", "d", "e", "f"] }, none))).to.deep.equal(["You can have 5 cards on the wall; you sent 6."]);
    expect(problems(() => checkContribution(wall, { posts: ["x".repeat(281)] }, none))).to.deep.equal(["Card 1 is 281 characters; the limit is 280."]);
  });
});

describe("live activities: results and the round they become", () => {
  const now = DateTime.fromISO("2026-12-01T14:05:07Z", { zone: "utc" });

  it("tallies stickers per option in the options' order, with shares and ranks, counting guests but naming nobody", () => {
    const entries = [entry("a", { stickers: { o2: 2 } }), entry("b", { stickers: { o2: 1, o3: 1 } }), entry("c", { stickers: { o1: 1, o3: 1 }, guest: true, name: "" }), entry("d")];
    const r = liveResults(activity(), entries, now, "Europe/London");
    expect(r.bars.map((b) => [b.optionId, b.stickers, b.percent, b.rank])).to.deep.equal([["o1", 1, 17, "3"], ["o2", 3, 50, "1"], ["o3", 2, 33, "2"]]);
    expect(r).to.include({ participants: 3, guests: 1, stickersPlaced: 6, updatedText: "Updated 2:05:07pm" });
    expect(JSON.stringify(r)).to.not.contain("Name of");
  });

  it("groups a wall's cards into points with how many people made each, quoting cards verbatim", () => {
    const wall = activity({ kind: "wall", options: [], stickers: 0, maxChars: 280, postsPerPerson: 5, prompt: "What will you do next year?", theme: "Plans" });
    const entries = [
      entry("a", { posts: ["Expand social prescribing in GP practices.", "Open a housing and health hub."] }),
      entry("b", { posts: ["Social prescribing in every GP practice."] }),
      entry("c", { posts: ["More social prescribing through GP practices."] }),
    ];
    const r = liveResults(wall, entries, now, "Europe/London");
    expect(r).to.include({ participants: 3, contributions: 4 });
    expect(r.clusters[0]!.people).to.equal(3);
    expect(r.clusters[0]!.examples.every((e) => entries.some((x) => x.posts.includes(e)))).to.equal(true);
    expect(r.clusters.reduce((n, c) => n + c.cards, 0)).to.equal(4);
    // Guests are in the room: the stage says "Everyone" / "One person", never "Board members".
    expect(r.clusters[0]!.label).to.match(/^Everyone (said|called for) /);
    expect(r.clusters.at(-1)!.label).to.match(/^One person /);
  });

  it("labels a point by how many of those taking part made it, in workshop words", () => {
    const point = { statement: "they will open a housing hub", verb: "said" as const, quantifier: "some" as const, source: "members" as const };
    expect(liveLabel({ ...point, supporters: 1 }, 10)).to.equal("One person said they will open a housing hub.");
    expect(liveLabel({ ...point, supporters: 4 }, 10)).to.equal("Some people said they will open a housing hub.");
    expect(liveLabel({ ...point, supporters: 6 }, 10)).to.equal("Most people said they will open a housing hub.");
    expect(liveLabel({ ...point, supporters: 10, quantifier: "all" }, 10)).to.equal("Everyone said they will open a housing hub.");
    expect(liveLabel({ ...point, statement: "who owns the shared data", verb: "asked", supporters: 2 }, 10)).to.equal("Some people asked who owns the shared data.");
  });

  it("becomes a closed anonymous round with a derived id, a ledger of who took part (guests as Guest) and their contributions", () => {
    const a = activity({ status: "ended", endedAt: "2026-12-01T14:40:00.000Z" });
    const entries = [entry("a", { stickers: { o2: 2 } }), entry("g", { stickers: { o1: 2 }, guest: true, name: "" }), entry("idle")];
    const { round, deliveries, responses } = workshopRound(a, entries, a.endedAt!);
    expect(round.id).to.match(/^r20261201-[0-9a-f]{8}$/).and.equal(liveRoundId(a));
    expect(round).to.include({ status: "closed", anonymous: true, closedAt: a.endedAt, boardId: a.boardId });
    expect(round.definition).to.deep.include({ kinds: ["vote"], votesPerMember: 2, allowMultipleVotesPerOption: true, workshop: { activityId: a.id, kind: "vote", participants: 2, guests: 1 } });
    expect(deliveries.map((d) => [d.memberAadObjectId, d.memberName, d.status])).to.deep.equal([["a", "Name of a", "sent"], ["g", "Guest", "sent"]]);
    expect(responses.map((r) => r.votes)).to.deep.equal([{ o2: 2 }, { o1: 2 }]);
  });

  it("a wall's round is one feedback question whose answers are each person's cards, one per line", () => {
    const wall = activity({ kind: "wall", options: [], prompt: "Plans?", theme: "Plans", postsPerPerson: 5, maxChars: 280 });
    const { round, responses } = workshopRound(wall, [entry("a", { posts: ["One.", "Two."] })], AT);
    expect(round.definition.questions).to.deep.equal([{ id: "t1", theme: "Plans", text: "Plans?", kind: "view" }]);
    expect(responses[0]!.answers).to.deep.equal({ t1: "One.\nTwo." });
  });
});

describe("live activities: who may take part (MeetingAccess)", () => {
  const chat: ConversationRecord = { tenantId: "t", kind: "groupChat", key: "19:meeting_x@thread.v2", reference: { channelId: "msteams", serviceUrl: "https://smba.example/", conversation: { id: "19:meeting_x@thread.v2" } }, updatedAt: AT };
  const roster = [{ id: "29:m", aadObjectId: "member", name: "Priya" }, { id: "29:g", aadObjectId: "guest", name: "Lee Visitor" }];
  const access = (onBoard: string[]) =>
    new MeetingAccess({
      conversations: { find: async (tenantId, _kind, key) => (tenantId === "t" && key === chat.key ? chat : undefined), findChatAnyTenant: async () => chat },
      messenger: { listChatMembers: async () => roster },
      directory: {
        membership: async (actor) => (onBoard.includes(actor.aadObjectId ?? "") ? ({ onRoster: true, isOfficer: false } as Membership) : undefined),
        membershipsOf: async () => [],
      },
      clock: new ManualClock(AT),
    });
  const refusal = async (work: Promise<unknown>) => work.then(() => undefined, (err: unknown) => err);

  it("takes a board member in the meeting, by name, and a guest only when the officer allowed guests, without their name", async () => {
    expect(await access(["member"]).participant({ aadObjectId: "member", tenantId: "t" }, activity())).to.include({ guest: false, name: "Priya", canManage: false });
    expect(await refusal(access(["member"]).participant({ aadObjectId: "guest", tenantId: "t" }, activity()))).to.be.instanceOf(ForbiddenError);
    expect(await access(["member"]).participant({ aadObjectId: "guest", tenantId: "t" }, activity({ allowGuests: true }))).to.include({ guest: true, name: "" });
  });

  it("refuses someone on the board who isn't in the meeting, and a token from another tenant even for someone in the chat", async () => {
    expect(await refusal(access(["outsider"]).participant({ aadObjectId: "outsider", tenantId: "t" }, activity({ allowGuests: true })))).to.be.instanceOf(ForbiddenError);
    expect(await refusal(access(["member"]).participant({ aadObjectId: "member", tenantId: "another-tenant" }, activity({ allowGuests: true })))).to.be.instanceOf(LiveNotFoundError);
  });
});

