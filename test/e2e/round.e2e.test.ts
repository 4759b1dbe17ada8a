import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { ResponsesRepository } from "../../services/storage/responses.repository.ts";
import { DeliveriesRepository } from "../../services/storage/deliveries.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, channelMessage, teamInstall, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { postActivity, openedForm } from "../helpers/app.ts";
import { submit } from "../helpers/card-submit.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import type { FakeConnector, SentActivity } from "../helpers/fake-connector.ts";

const OFFICER = USERS.officer;
const MEMBERS: TestUser[] = [USERS.chair, USERS.member, USERS.police, USERS.fire, USERS.voluntary];

function cardOf(activity: { attachments?: Array<{ content?: unknown }> }): Record<string, unknown> {
  const content = activity.attachments?.[0]?.content;
  expect(content, "an Adaptive Card attachment").to.be.an("object");
  return content as Record<string, unknown>;
}

interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

describe("e2e: a whole feedback round, launch to close", function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let app: RunningApp;
  const clock = new ManualClock("2026-11-23T09:00:00Z"); // Monday 23 November 2026, 9am GMT

  let board: TestBoard;
  before(async () => {
    board = await startBoard({
      users: [OFFICER, ...MEMBERS],
      channels: [{ id: "19:board-digest@thread.tacv2", name: "Board digests" }],
      env: { OFFICER_AAD_IDS: OFFICER.aadObjectId, CHAIR_AAD_IDS: USERS.chair.aadObjectId },
      app: { clock },
      install: false,
    });
    ({ connector, app } = board);
  });
  after(async () => {
    await board.stop();
  });

  const invoke = async (user: TestUser, verb: string, data: unknown, extra: { conversationId?: string; inChannel?: boolean } = {}) => {
    const res = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb, data, ...extra }));
    return { status: res.status, body: res.body as InvokeBody };
  };

  it("walks the round: launch, five prompts, answers and edits, reminders to non-responders only, close, late answers refused", async () => {
    // The board installs the app in its team.
    expect((await postActivity(app, teamInstall({ serviceUrl: connector.url }))).status).to.equal(200);

    // A member cannot launch: polite refusal, nothing changes.
    await postActivity(app, channelMessage({ serviceUrl: connector.url, user: USERS.member, text: "launch" }));
    expect(connector.sentActivities.at(-1)?.activity.text).to.contain("Only the board's officers can launch");

    // The officer asks for the launch form in the channel.
    await postActivity(app, channelMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
    const form = await openedForm(app, connector.url, OFFICER, cardOf(connector.sentActivities.at(-1)!.activity), { inChannel: true });
    expect(JSON.stringify(form)).to.contain("Role of the Board");

    // A deadline in the past is refused, and the form comes back with what was typed.
    const tooEarly = await invoke(OFFICER, Verbs.launchRound, submit(form, Verbs.launchRound, { title: "Autumn 1:1s", deadlineDate: "2026-11-20", deadlineTime: "17:00" }), { inChannel: true });
    expect(tooEarly.status).to.equal(200);
    expect(JSON.stringify(tooEarly.body.value)).to.contain("Not launched yet");
    expect(JSON.stringify(tooEarly.body.value)).to.contain("Autumn 1:1s");
    expect(await new RoundsRepository(app.storage).listByBoard(TEAM.id)).to.have.length(0);

    // Launch: deadline Monday 30 November, 5pm UK time, anonymous; digest to the "Board digests" channel.
    const launched = await invoke(
      OFFICER,
      Verbs.launchRound,
      submit(form, Verbs.launchRound, { title: "Autumn 1:1s", deadlineDate: "2026-11-30", deadlineTime: "17:00", digestChannelId: "19:board-digest@thread.tacv2" }),
      { inChannel: true },
    );
    expect(launched.status).to.equal(200);
    const launchedText = JSON.stringify(launched.body.value);
    expect(launchedText).to.contain("Autumn 1:1s");
    expect(launchedText).to.contain("Board digests");

    const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
    expect(round?.deadline).to.equal("2026-11-30T17:00:00.000Z");
    expect(round?.anonymous).to.equal(true);
    expect(round?.digestConversationId).to.equal("19:board-digest@thread.tacv2");

    // Five prompts arrive, one per member, each in that member's own 1:1 chat; none to the officer.
    await app.idle();
    const prompts = new Map<string, SentActivity>();
    for (const m of MEMBERS) {
      const sent = connector.activitiesFor(connector.personalConversationId(m.id));
      expect(sent, `prompt for ${m.name}`).to.have.length(1);
      prompts.set(m.aadObjectId, sent[0]!);
    }
    expect(connector.activitiesFor(connector.personalConversationId(OFFICER.id))).to.have.length(0);
    const ledger = await new DeliveriesRepository(app.storage).listByRound(round!.id);
    expect(ledger.map((d) => d.status)).to.deep.equal(["sent", "sent", "sent", "sent", "sent"]);

    // Three members answer; Priya edits her answers twice.
    const answer = async (user: TestUser, typed: Record<string, string>, cardSource?: Record<string, unknown>) => {
      const prompt = prompts.get(user.aadObjectId)!;
      const card = cardSource ?? cardOf(prompt.activity);
      return invoke(user, Verbs.saveResponse, submit(card, Verbs.saveResponse, typed), { conversationId: prompt.conversationId });
    };
    const chair = await answer(USERS.chair, { answer_t1: "We hold the ring on health and wellbeing across the county." });
    expect(chair.status).to.equal(200);
    expect(JSON.stringify(chair.body.value)).to.contain("Saved.");
    await answer(USERS.police, { answer_t3: "Not clear how the four interventions were chosen." });

    const first = await answer(USERS.member, { answer_t1: "A leadership role across the whole county." });
    const second = await answer(USERS.member, { answer_t2: "Outcomes are clear but not measurable." }, first.body.value as Record<string, unknown>);
    expect(JSON.stringify(second.body.value)).to.contain("Last saved");
    const third = await answer(USERS.member, { answer_t1: "" , answer_t2: "Outcomes are clear but not measurable yet." }, second.body.value as Record<string, unknown>);
    expect(third.status).to.equal(200);
    const priya = await new ResponsesRepository(app.storage).get(round!.id, USERS.member.aadObjectId);
    expect(priya?.value.revision).to.equal(3);
    expect(priya?.value.answers).to.deep.equal({ t2: "Outcomes are clear but not measurable yet." });

    // An over-long answer is refused with a clear message, keeps the text on the card, and stores nothing new.
    const long = "x".repeat(2001);
    const tooLong = await answer(USERS.member, { answer_t4: long }, third.body.value as Record<string, unknown>);
    expect(JSON.stringify(tooLong.body.value)).to.contain("the limit is 2,000");
    expect(JSON.stringify(tooLong.body.value)).to.contain(long);
    expect((await new ResponsesRepository(app.storage).get(round!.id, USERS.member.aadObjectId))?.value.revision).to.equal(3);

    // The officer's status shows progress.
    await postActivity(app, channelMessage({ serviceUrl: connector.url, user: OFFICER, text: "status" }));
    const status = JSON.stringify(cardOf(connector.sentActivities.at(-1)!.activity));
    expect(status).to.contain("Autumn 1:1s");

    // 48 hours before the deadline, reminders reach only the two who have not answered.
    const before = connector.sentActivities.length;
    clock.set("2026-11-28T17:00:30Z");
    await app.scheduler.tick();
    const reminders = connector.sentActivities.slice(before);
    const remindedConversations = reminders.map((r) => r.conversationId).sort();
    expect(remindedConversations).to.deep.equal(
      [USERS.fire, USERS.voluntary].map((u) => connector.personalConversationId(u.id)).sort(),
    );
    for (const r of reminders) expect(JSON.stringify(cardOf(r.activity))).to.contain("Reminder");
    // A second tick (or a second instance) sends nothing more.
    await app.scheduler.tick();
    expect(connector.sentActivities.length).to.equal(before + 2);

    // The deadline passes: the round closes and every member's card shows it has closed.
    clock.set("2026-11-30T17:00:01Z");
    await app.scheduler.tick();
    expect((await new RoundsRepository(app.storage).get(TEAM.id, round!.id))?.value.status).to.equal("closed");
    const updatedIds = connector.updatedActivities.map((u) => u.id).sort();
    expect(updatedIds).to.deep.equal([...prompts.values()].map((p) => p.id).sort());
    for (const u of connector.updatedActivities) expect(JSON.stringify(u.activity)).to.contain("This round has closed");

    // A late answer is refused and nothing is stored.
    const late = await answer(USERS.fire, { answer_t1: "Sorry I'm late." });
    expect(JSON.stringify(late.body.value)).to.contain("closed");
    expect(await new ResponsesRepository(app.storage).get(round!.id, USERS.fire.aadObjectId)).to.equal(undefined);
  });
});
