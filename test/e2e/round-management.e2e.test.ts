import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import type { Round } from "../../services/domain/round.ts";
import { DeliveriesRepository } from "../../services/storage/deliveries.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { ResponsesRepository } from "../../services/storage/responses.repository.ts";
import { actionInvoke, personalMessage, teamInstall, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { postActivity, startTestApp, openedForm } from "../helpers/app.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { submit } from "../helpers/card-submit.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import { FakeConnector, type FakeConnectorOptions } from "../helpers/fake-connector.ts";

const OFFICER = USERS.officer;
const MEMBERS: TestUser[] = [USERS.chair, USERS.member, USERS.police];

interface InvokeBody { statusCode: number; type: string; value: unknown }

function cardOf(activity: { attachments?: Array<{ content?: unknown }> }): Record<string, unknown> {
  return activity.attachments?.[0]?.content as Record<string, unknown>;
}

describe("e2e: managing rounds (roles, 1:1 launch, unreachable members, extend, close, cancel, restart)", function () {
  this.timeout(60_000);
  let azurite: TestAzurite;
  let connector: FakeConnector;
  let app: RunningApp;
  let clock: ManualClock;

  before(async () => {
    azurite = await TestAzurite.start();
  });
  after(async () => {
    await azurite.stop();
  });
  let board: TestBoard;
  const boardOptions = (connectorOptions?: FakeConnectorOptions) => ({
    azurite, users: [OFFICER, ...MEMBERS], env: { OFFICER_AAD_IDS: OFFICER.aadObjectId }, app: { clock }, connector: connectorOptions,
  });
  beforeEach(async () => {
    clock = new ManualClock("2026-11-23T09:00:00Z");
    board = await startBoard(boardOptions());
    ({ connector, app } = board);
  });
  afterEach(async () => {
    // A test may have restarted the bot: stop the one running now, then the board's own.
    if (app !== board.app) await app.stop();
    await board.stop();
  });

  const invoke = async (user: TestUser, verb: string, data: unknown, extra: { inChannel?: boolean; conversationId?: string } = {}) => {
    const res = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb, data, ...extra }));
    return { status: res.status, body: res.body as InvokeBody };
  };

  /** Launch from the officer's 1:1 chat, picking the only board the bot is in. */
  async function launchFrom1to1(deadlineDate = "2026-11-30"): Promise<Round> {
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
    const form = await openedForm(app, connector.url, OFFICER, cardOf(connector.sentActivities.at(-1)!.activity));
    const res = await invoke(OFFICER, Verbs.launchRound, submit(form, Verbs.launchRound, { title: "Winter check-in", deadlineDate, deadlineTime: "12:00" }));
    expect(JSON.stringify(res.body.value)).to.contain("Winter check-in");
    await app.idle();
    const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
    return round!;
  }

  it("lists a member the bot cannot reach for the officer, never dropping them silently", async () => {
    connector.blockMember(USERS.police.id);
    const round = await launchFrom1to1();
    const ledger = await new DeliveriesRepository(app.storage).listByRound(round.id);
    expect(ledger.find((d) => d.memberAadObjectId === USERS.police.aadObjectId)?.status).to.equal("unreachable");
    expect(ledger.filter((d) => d.status === "sent")).to.have.length(2);

    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "status" }));
    const status = JSON.stringify(cardOf(connector.sentActivities.at(-1)!.activity));
    expect(status).to.contain("Tom Ashworth");
  });

  it("opens each new 1:1 with the prompt as its first message: one request to Teams per member", async () => {
    const round = await launchFrom1to1();
    const prompts = connector.requests.filter((r) => r.route === "createConversation" || r.route === "sendToConversation");
    // The officer's own 1:1 already existed (they typed "launch"): their launch card and the prompts
    // to the three members, each of whom had never talked to the bot.
    const toMembers = MEMBERS.map((m) => connector.personalConversationId(m.id));
    for (const conversationId of toMembers) {
      const sent = connector.activitiesFor(conversationId);
      expect(sent, conversationId).to.have.length(1);
      expect(sent[0]!.kind).to.equal("create");
    }
    expect(prompts.filter((r) => r.route === "sendToConversation" && toMembers.includes(r.conversationId ?? ""))).to.have.length(0);
    // The activity ID Teams returned is the one the ledger keeps, so the card can be updated later.
    const ledger = await new DeliveriesRepository(app.storage).listByRound(round.id);
    for (const m of MEMBERS) {
      const d = ledger.find((x) => x.memberAadObjectId === m.aadObjectId)!;
      expect(d.status).to.equal("sent");
      expect(d.activityId).to.equal(connector.activitiesFor(connector.personalConversationId(m.id))[0]!.id);
    }
  });

  it("falls back to a separate send when the service opens the chat but doesn't post the first message", async () => {
    await board.stop();
    board = await startBoard(boardOptions({ ignoreActivityOnCreate: true }));
    ({ connector, app } = board);
    await launchFrom1to1();
    for (const m of MEMBERS) {
      const sent = connector.activitiesFor(connector.personalConversationId(m.id));
      expect(sent, m.name).to.have.length(1);
      expect(sent[0]!.kind).to.be.oneOf(["send", "reply"]);
    }
  });

  it("says Teams couldn't be reached when the roster can't be read at launch, and launches nothing", async () => {
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
    const form = await openedForm(app, connector.url, OFFICER, cardOf(connector.sentActivities.at(-1)!.activity));
    // Every request fails for a while (more than botbuilder's own retries).
    connector.failNext(20, 503);
    const res = await invoke(OFFICER, Verbs.launchRound, submit(form, Verbs.launchRound, { title: "Winter check-in", deadlineDate: "2026-11-30", deadlineTime: "12:00" }));
    expect(res.status).to.equal(503);
    expect(JSON.stringify(res.body)).to.contain("couldn't reach Teams");
    expect(await new RoundsRepository(app.storage).listByBoard(TEAM.id)).to.deep.equal([]);
  });

  it("refuses members who try to close, extend or cancel, and changes nothing", async () => {
    const round = await launchFrom1to1();
    for (const verb of [Verbs.closeRound, Verbs.cancelRound, Verbs.extendRound]) {
      const res = await invoke(USERS.member, verb, { roundId: round.id, boardId: TEAM.id, [`extendDate_${round.id}`]: "2026-12-10", [`extendTime_${round.id}`]: "12:00" });
      expect(res.status, verb).to.equal(403);
      expect((res.body.value as { message: string }).message).to.contain("Only the board's officers");
    }
    const stored = await new RoundsRepository(app.storage).get(TEAM.id, round.id);
    expect(stored?.value.status).to.equal("open");
    expect(stored?.value.deadline).to.equal(round.deadline);
  });

  it("lets an officer extend (re-arming reminders), then close early; members' cards show closed", async () => {
    const round = await launchFrom1to1();
    const extended = await invoke(OFFICER, Verbs.extendRound, { roundId: round.id, boardId: TEAM.id, [`extendDate_${round.id}`]: "2026-12-07", [`extendTime_${round.id}`]: "12:00" });
    expect(extended.status).to.equal(200);
    expect(JSON.stringify(extended.body.value)).to.contain("now closes Monday 7 December 2026 at 12:00pm");
    expect((await new RoundsRepository(app.storage).get(TEAM.id, round.id))?.value.deadline).to.equal("2026-12-07T12:00:00.000Z");

    // An extension into the past is refused with a reason.
    const past = await invoke(OFFICER, Verbs.extendRound, { roundId: round.id, boardId: TEAM.id, [`extendDate_${round.id}`]: "2026-11-01", [`extendTime_${round.id}`]: "12:00" });
    expect(JSON.stringify(past.body.value)).to.contain("Not changed");

    // The old deadline passing no longer closes the round.
    clock.set("2026-11-30T12:00:01Z");
    await app.scheduler.tick();
    expect((await new RoundsRepository(app.storage).get(TEAM.id, round.id))?.value.status).to.equal("open");

    const closed = await invoke(OFFICER, Verbs.closeRound, { roundId: round.id, boardId: TEAM.id });
    expect(JSON.stringify(closed.body.value)).to.contain("is closed");
    await app.idle();
    expect(connector.updatedActivities).to.have.length(3);
    const again = await invoke(OFFICER, Verbs.closeRound, { roundId: round.id, boardId: TEAM.id });
    expect(again.status).to.equal(409);
  });

  it("cancels a round: cards say so and answers are refused", async () => {
    const round = await launchFrom1to1();
    const prompt = connector.activitiesFor(connector.personalConversationId(USERS.member.id))[0]!;
    await invoke(OFFICER, Verbs.cancelRound, { roundId: round.id, boardId: TEAM.id });
    await app.idle();
    expect(JSON.stringify(connector.currentActivity(prompt.id))).to.contain("cancelled");
    const res = await invoke(USERS.member, Verbs.saveResponse, submit(cardOf(prompt.activity), Verbs.saveResponse, { answer_t1: "Too late?" }), { conversationId: prompt.conversationId });
    expect(JSON.stringify(res.body.value)).to.contain("cancelled");
  });

  it("shows a member their own rounds and whether they have answered", async () => {
    await launchFrom1to1();
    const prompt = connector.activitiesFor(connector.personalConversationId(USERS.member.id))[0]!;
    await invoke(USERS.member, Verbs.saveResponse, submit(cardOf(prompt.activity), Verbs.saveResponse, { answer_t1: "Holding the ring." }), { conversationId: prompt.conversationId });
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.member, text: "status", conversationId: prompt.conversationId }));
    const status = JSON.stringify(cardOf(connector.sentActivities.at(-1)!.activity));
    expect(status).to.contain("Winter check-in");
    expect(status).to.contain("Answered ✓");
    expect(status).to.not.contain("Not answered");
  });

  it("refuses a forged save for a round the member was not invited to, storing nothing", async () => {
    const round = await launchFrom1to1();
    const stranger: TestUser = { id: "29:stranger", aadObjectId: "a1b2c3d4-0000-4000-8000-0000000000ff", name: "Stranger" };
    const res = await invoke(stranger, Verbs.saveResponse, { roundId: round.id, boardId: TEAM.id, answer_t1: "Let me in" });
    expect(res.status, "not on the team").to.equal(403);
    // On the team but not invited (officers run rounds, they aren't asked): as if the round didn't exist.
    const uninvited = await invoke(OFFICER, Verbs.saveResponse, { roundId: round.id, boardId: TEAM.id, answer_t1: "Let me in" });
    expect(uninvited.status, "not invited").to.equal(404);
    expect(await new ResponsesRepository(app.storage).listByRound(round.id)).to.deep.equal([]);
    const forgedQuestion = await invoke(USERS.member, Verbs.saveResponse, { roundId: round.id, boardId: TEAM.id, answer_zzz: "Not a question" });
    expect(JSON.stringify(forgedQuestion.body.value)).to.contain("Not saved");
  });

  it("after a restart, sends the prompts still queued (and interrupted ones) exactly once, and none already sent", async () => {
    const round = await launchFrom1to1();
    const deliveries = new DeliveriesRepository(app.storage);
    // Make the ledger look like a crash mid fan-out: Tom's prompt never went, Priya's was mid-send.
    const tom = await deliveries.get(round.id, USERS.police.aadObjectId);
    await deliveries.update({ ...tom!.value, status: "queued", activityId: undefined, sentAt: undefined }, tom!.etag);
    const priya = await deliveries.get(round.id, USERS.member.aadObjectId);
    await deliveries.update({ ...priya!.value, status: "sending", updatedAt: "2026-11-23T09:00:00.000Z" }, priya!.etag);
    const before = connector.sentActivities.length;

    await app.stop();
    clock.set("2026-11-23T09:10:00Z"); // later than the 5-minute stale claim
    app = await startTestApp(azurite, { OFFICER_AAD_IDS: OFFICER.aadObjectId, TABLES_PREFIX: tablePrefixOf(app) }, { clock });
    await app.scheduler.tick();

    const resent = connector.sentActivities.slice(before).map((s) => s.conversationId).sort();
    expect(resent).to.deep.equal([USERS.member, USERS.police].map((u) => connector.personalConversationId(u.id)).sort());
    await app.scheduler.tick();
    expect(connector.sentActivities.length).to.equal(before + 2);
    const ledger = await new DeliveriesRepository(app.storage).listByRound(round.id);
    expect(ledger.every((d) => d.status === "sent")).to.equal(true);
  });
});

/** The restarted app must use the same tables: reuse the prefix the first app got. */
function tablePrefixOf(app: RunningApp): string {
  return app.tablePrefix;
}

/** A board's team on the fake connector, with its own Azurite behind a real server. */
async function startOwnBoard(clock = new ManualClock("2026-11-23T09:00:00Z"), blocked: TestUser[] = []) {
  const board = await startBoard({ users: [OFFICER, ...MEMBERS], env: { OFFICER_AAD_IDS: OFFICER.aadObjectId }, app: { clock } });
  for (const user of blocked) board.connector.blockMember(user.id);
  const stop = async (...apps: RunningApp[]) => {
    for (const a of apps) await a.stop();
    await board.stop();
  };
  return { azurite: board.azurite, connector: board.connector, app: board.app, clock, stop };
}

/** The officer launches from their 1:1 chat with the form's defaults plus `typed`. */
async function launchAs(app: RunningApp, connector: FakeConnector, typed: Record<string, string>): Promise<void> {
  await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
  const form = await openedForm(app, connector.url, OFFICER, cardOf(connector.sentActivities.at(-1)!.activity));
  await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: OFFICER, verb: Verbs.launchRound, data: submit(form, Verbs.launchRound, typed) }));
}

describe("e2e: reaching members who could not be reached at launch", function () {
  this.timeout(60_000);

  it("tells the officer 1:1 who was missed, and sends the prompt as soon as that member says hello", async () => {
    const { app, connector, stop } = await startOwnBoard(undefined, [USERS.police]);
    try {
      await launchAs(app, connector, { deadlineDate: "2026-11-30", deadlineTime: "12:00" });
      await app.idle();
      const officerChat = `a:personal-${OFFICER.aadObjectId}`;

      const report = connector.activitiesFor(officerChat).at(-1)!;
      expect(report.activity.text).to.contain("prompts reached 2 of 3 members");
      expect(report.activity.text).to.contain("Tom Ashworth");

      // Tom opens the app and says hello: his 1:1 chat is now known, and his prompt follows.
      const tomChat = "a:tom-opened-the-app";
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.police, text: "hello", conversationId: tomChat }));
      await app.idle();
      const toTom = connector.activitiesFor(tomChat);
      expect(toTom.some((s) => JSON.stringify(s.activity).includes("Save answers"))).to.equal(true);
      const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
      expect((await new DeliveriesRepository(app.storage).get(round!.id, USERS.police.aadObjectId))?.value.status).to.equal("sent");
    } finally {
      await stop();
    }
  });
});

describe("e2e: a member finds their card again from status", function () {
  this.timeout(60_000);

  it("status offers 'Answer now', which brings back the member's own round card", async () => {
    const { app, connector, stop } = await startOwnBoard();
    try {
      await launchAs(app, connector, { title: "Lost card round" });
      await app.idle();
      const chat = connector.personalConversationId(USERS.member.id);
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.member, text: "status", conversationId: chat }));
      const status = cardOf(connector.sentActivities.at(-1)!.activity);
      const res = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: USERS.member, verb: Verbs.refreshResponse, data: submit(status, Verbs.refreshResponse), conversationId: chat }));
      const card = JSON.stringify((res.body as { value: unknown }).value);
      expect(card).to.contain("Lost card round");
      expect(card).to.contain("Save answers");
    } finally {
      await stop();
    }
  });
});

describe("e2e: two instances of the bot on the same storage", function () {
  this.timeout(60_000);

  it("send each reminder once and close the round once, however their ticks interleave", async () => {
    const { azurite, app: a, connector, clock, stop } = await startOwnBoard();
    const b = await startTestApp(azurite, { OFFICER_AAD_IDS: OFFICER.aadObjectId, TABLES_PREFIX: a.tablePrefix }, { clock });
    try {
      await launchAs(b, connector, { deadlineDate: "2026-11-30", deadlineTime: "17:00" });
      await b.idle();
      const afterPrompts = connector.sentActivities.length;

      clock.set("2026-11-28T17:05:00Z");
      await Promise.all([a.scheduler.tick(), b.scheduler.tick(), a.scheduler.tick()]);
      await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
      expect(connector.sentActivities.length - afterPrompts, "one reminder per member").to.equal(MEMBERS.length);

      clock.set("2026-11-30T17:00:05Z");
      await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
      await Promise.all([a.idle(), b.idle()]);
      expect(connector.updatedActivities.length, "each card closed once").to.equal(MEMBERS.length);
    } finally {
      await stop(b);
    }
  });
});

describe("e2e: officers of one board can't touch another board's rounds", function () {
  this.timeout(60_000);

  // Each installer is the first officer of the board they installed the app in; nobody is a tenant administrator.
  it("refuses close, extend, cancel and review on a board whose team the officer isn't on", async () => {
    const azurite = await TestAzurite.start();
    const connector = await FakeConnector.start();
    const OTHER = { id: "19:other-board@thread.tacv2", name: "South Ribble Partnership" };
    const otherOfficer = USERS.chair; // an officer of the other board only
    connector.addTeam({ id: TEAM.id, name: TEAM.name, members: [OFFICER, ...MEMBERS].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })) });
    connector.addTeam({ id: OTHER.id, name: OTHER.name, members: [otherOfficer, USERS.fire].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })) });
    const app = await startTestApp(azurite, {}, { clock: new ManualClock("2026-11-23T09:00:00Z") });
    try {
      await postActivity(app, teamInstall({ serviceUrl: connector.url }));
      const otherInstall = teamInstall({ serviceUrl: connector.url, user: otherOfficer });
      await postActivity(app, { ...otherInstall, conversation: { ...otherInstall.conversation, id: OTHER.id }, channelData: { ...otherInstall.channelData, team: { id: OTHER.id, name: OTHER.name } } });

      // The other board's officer launches there, picking it on the form.
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: otherOfficer, text: "launch" }));
      const form = await openedForm(app, connector.url, otherOfficer, cardOf(connector.sentActivities.at(-1)!.activity));
      const launched = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: otherOfficer, verb: Verbs.launchRound, data: submit(form, Verbs.launchRound, { boardId: OTHER.id, deadlineDate: "2026-11-30", deadlineTime: "17:00" }) }));
      expect(JSON.stringify(launched.body)).to.contain("Round launched");
      await app.idle();
      const [round] = await new RoundsRepository(app.storage).listByBoard(OTHER.id);

      // Habib is an officer, but not of that board.
      for (const verb of [Verbs.closeRound, Verbs.cancelRound, Verbs.extendRound, Verbs.openReview]) {
        const res = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: OFFICER, verb, data: { roundId: round!.id, boardId: OTHER.id, [`extendDate_${round!.id}`]: "2026-12-10", [`extendTime_${round!.id}`]: "12:00" } }));
        expect(res.status, verb).to.equal(403);
        expect(JSON.stringify(res.body)).to.contain("not on this board's team");
      }
      // And he can't launch for it either.
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
      const habibForm = await openedForm(app, connector.url, OFFICER, cardOf(connector.sentActivities.at(-1)!.activity));
      const refused = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: OFFICER, verb: Verbs.launchRound, data: submit(habibForm, Verbs.launchRound, { boardId: OTHER.id, deadlineDate: "2026-11-30", deadlineTime: "17:00" }) }));
      expect(refused.status).to.equal(403);
      expect((await new RoundsRepository(app.storage).listByBoard(OTHER.id))).to.have.length(1);
      expect((await new RoundsRepository(app.storage).get(OTHER.id, round!.id))?.value.status).to.equal("open");
    } finally {
      await app.stop();
      await connector.close();
      await azurite.stop();
    }
  });
});
