import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import type { Round } from "../../services/domain/round.ts";
import { seedAction } from "../helpers/actions.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, personalMessage, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { postActivity } from "../helpers/app.ts";
import { findAction } from "../helpers/card-submit.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import type { FakeConnector } from "../helpers/fake-connector.ts";

const OFFICER = USERS.officer;
const LEAD = USERS.member;
const cardOf = (a: { attachments?: Array<{ content?: unknown }> }) => a.attachments?.[0]?.content as Record<string, unknown>;

describe("e2e: check-ins on a cadence — every 4 weeks until an officer stops it", function () {
  this.timeout(90_000);
  let connector: FakeConnector;
  let app: RunningApp;
  let board: TestBoard;
  const clock = new ManualClock("2026-12-01T09:00:00Z");

  before(async () => {
    board = await startBoard({ users: [OFFICER, LEAD, USERS.police], env: { OFFICER_AAD_IDS: OFFICER.aadObjectId }, app: { clock } });
    ({ connector, app } = board);
  });
  after(async () => {
    await board.stop();
  });

  const invoke = async (user: TestUser, verb: string, data: unknown) => {
    const res = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb, data }));
    return { status: res.status, body: res.body as { value: Record<string, unknown> } };
  };
  const checkIns = async () => (await new RoundsRepository(app.storage).listByBoard(TEAM.id)).filter((r) => r.definition.kinds.includes("checkin")).sort((a, b) => a.deadline.localeCompare(b.deadline));
  const cardsTo = (user: TestUser, roundId: string) => connector.activitiesFor(connector.personalConversationId(user.id)).filter((s) => JSON.stringify(s.activity).includes(roundId));
  async function tickAt(iso: string) {
    clock.set(iso);
    await app.scheduler.tick();
    await app.idle();
  }

  it("schedules the next check-in when one closes, sends it two weeks before it closes, and stops when asked", async () => {
    const at = clock.now().toUTC().toISO()!;
    await seedAction(app.storage, at, LEAD, { id: "a20261201-00c0ffee" });

    const bad = await invoke(OFFICER, Verbs.launchCheckIn, { boardId: TEAM.id, closeDate: "2026-12-14", closeTime: "17:00", repeat: "5" });
    expect(JSON.stringify(bad.body.value)).to.contain("Not sent: Choose how often to repeat");
    expect(await checkIns()).to.have.length(0);

    const launched = await invoke(OFFICER, Verbs.launchCheckIn, { boardId: TEAM.id, closeDate: "2026-12-14", closeTime: "17:00", repeat: "4" });
    expect(JSON.stringify(launched.body.value)).to.contain("Check-in sent: 1 person");
    await app.idle();
    const [first] = await checkIns();
    expect(first!.definition.checkIn!.repeatEveryWeeks).to.equal(4);
    expect(cardsTo(LEAD, first!.id)).to.have.length(1);

    // Two days before it closes, whoever hasn't replied is reminded, on the check-in's own card.
    await tickAt("2026-12-13T12:00:00Z");
    const reminders = cardsTo(LEAD, first!.id).map((s) => JSON.stringify(cardOf(s.activity)));
    expect(reminders).to.have.length(2);
    expect(reminders[1]).to.contain("left to send your update").and.contain("Progress check-in");

    // It closes: the digest says when the next one goes out; the next is scheduled, not sent.
    await tickAt("2026-12-14T17:00:01Z");
    const digest = JSON.stringify(cardOf(connector.activitiesFor(TEAM.id).at(-1)!.activity));
    expect(digest).to.contain("Progress digest");
    expect(digest).to.contain("The next check-in goes out Monday 28 December 2026");
    const [, second] = await checkIns();
    expect([second!.status, second!.deadline, second!.definition.checkIn!.opensAt]).to.deep.equal(["draft", "2027-01-11T17:00:00.000Z", "2026-12-28T17:00:00.000Z"]);
    expect(cardsTo(LEAD, second!.id)).to.have.length(0);

    // A second run of the close (the scheduler's catch-up) schedules nothing more.
    await tickAt("2026-12-14T17:10:00Z");
    expect(await checkIns()).to.have.length(2);

    // Not yet; then on time, to whoever answers for the open actions now.
    await tickAt("2026-12-27T12:00:00Z");
    expect(cardsTo(LEAD, second!.id)).to.have.length(0);
    await tickAt("2026-12-28T17:00:01Z");
    expect((await checkIns())[1]!.status).to.equal("open");
    expect(cardsTo(LEAD, second!.id)).to.have.length(1);
    await tickAt("2026-12-28T17:05:00Z");
    expect(cardsTo(LEAD, second!.id), "sent once").to.have.length(1);

    // The second closes; the third is scheduled; the officer stops it (a member can't).
    await tickAt("2027-01-11T17:00:01Z");
    const third: Round = (await checkIns())[2]!;
    expect([third.status, third.deadline]).to.deep.equal(["draft", "2027-02-08T17:00:00.000Z"]);
    const list = await invoke(OFFICER, Verbs.showActions, { boardId: TEAM.id });
    expect(JSON.stringify(list.body.value)).to.contain("Next check-in goes out Monday 25 January 2027");
    const stop = findAction(list.body.value, Verbs.stopCheckIns).data as Record<string, unknown>;
    expect((await invoke(USERS.police, Verbs.stopCheckIns, stop)).status).to.equal(403);
    const stopped = await invoke(OFFICER, Verbs.stopCheckIns, stop);
    expect(JSON.stringify(stopped.body.value)).to.contain("Check-ins no longer repeat");
    expect(JSON.stringify(stopped.body.value)).to.not.contain("Stop repeating");
    await tickAt("2027-01-25T17:00:01Z");
    expect((await checkIns())[2]!.status).to.equal("cancelled");
    expect(cardsTo(LEAD, third.id)).to.have.length(0);
  });

  it("an officer can close a check-in early from status: its digest is posted at once", async () => {
    clock.set("2027-03-01T09:00:00Z");
    await invoke(OFFICER, Verbs.launchCheckIn, { boardId: TEAM.id, closeDate: "2027-03-20", closeTime: "12:00", repeat: "once" });
    await app.idle();
    const early = (await checkIns()).find((r) => r.status === "open")!;
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "status" }));
    const status = cardOf(connector.activitiesFor(`a:personal-${OFFICER.aadObjectId}`).at(-1)!.activity);
    expect(JSON.stringify(status)).to.contain(early.title);
    const before = connector.activitiesFor(TEAM.id).length;
    const closed = await invoke(OFFICER, Verbs.closeRound, { roundId: early.id, boardId: TEAM.id });
    expect(closed.status).to.equal(200);
    await app.idle();
    const posted = connector.activitiesFor(TEAM.id).slice(before).map((s) => JSON.stringify(cardOf(s.activity)));
    expect(posted).to.have.length(1);
    expect(posted[0]).to.contain("Progress digest").and.not.contain("next check-in");
    expect((await checkIns()).filter((r) => r.status === "draft")).to.have.length(0);
  });
});
