import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { seedAction } from "../helpers/actions.ts";
import { ActionsRepository } from "../../services/storage/actions.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { SummariesRepository } from "../../services/storage/summaries.repository.ts";
import { actionInvoke, personalMessage, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { postActivity, openedForm } from "../helpers/app.ts";
import { submit } from "../helpers/card-submit.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import type { FakeConnector } from "../helpers/fake-connector.ts";

const OFFICER = USERS.officer;
const MEMBERS: TestUser[] = [USERS.chair, USERS.member, USERS.police];
const cardOf = (a: { attachments?: Array<{ content?: unknown }> }) => a.attachments?.[0]?.content as Record<string, unknown>;

/**
 * A close is one write (the round's status), and what follows it — a round's draft summary, a
 * check-in's progress digest — runs after. A bot killed in between must still produce it: the
 * scheduler finishes rounds closed a few minutes to a few days ago, and does nothing for those
 * already finished. The "crash" here is the close written straight to storage, with nothing after.
 */
describe("e2e: a close interrupted before its summary or digest is finished by the scheduler", function () {
  this.timeout(90_000);
  let connector: FakeConnector;
  let app: RunningApp;
  let board: TestBoard;
  const clock = new ManualClock("2026-12-01T09:00:00Z");

  before(async () => {
    board = await startBoard({ users: [OFFICER, ...MEMBERS], env: { OFFICER_AAD_IDS: OFFICER.aadObjectId }, app: { clock } });
    ({ connector, app } = board);
  });
  after(async () => {
    await board.stop();
  });

  const invoke = (user: TestUser, verb: string, data: unknown) => postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb, data }));
  /** Write the close the way RoundService does, but stop there (as a crash right after it would). */
  async function closeWithoutFollowUp(roundId: string) {
    const repo = new RoundsRepository(app.storage);
    const current = (await repo.get(TEAM.id, roundId))!;
    const at = clock.now().toUTC().toISO()!;
    await repo.update({ ...current.value, status: "closed", closedAt: at, updatedAt: at }, current.etag);
  }
  const officerCards = () => connector.activitiesFor(`a:personal-${OFFICER.aadObjectId}`).map((s) => JSON.stringify(cardOf(s.activity) ?? ""));

  it("drafts the summary of a round whose close was cut short, once", async () => {
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
    const form = await openedForm(app, connector.url, OFFICER, cardOf(connector.sentActivities.at(-1)!.activity));
    await invoke(OFFICER, Verbs.launchRound, submit(form, Verbs.launchRound, { title: "Cut short", anonymity: "named", deadlineDate: "2026-12-10", deadlineTime: "17:00" }));
    await app.idle();
    const round = (await new RoundsRepository(app.storage).listByBoard(TEAM.id)).find((r) => r.title === "Cut short")!;
    await closeWithoutFollowUp(round.id);

    // Within the close's own few minutes the scheduler leaves it alone.
    await app.scheduler.tick();
    await app.idle();
    expect(await new SummariesRepository(app.storage).get(round.id, "draft")).to.equal(undefined);

    clock.advance({ minutes: 6 });
    await app.scheduler.tick();
    await app.idle();
    expect(await new SummariesRepository(app.storage).get(round.id, "draft")).to.not.equal(undefined);
    const drafts = () => officerCards().filter((c) => c.includes(Verbs.openReview) && c.includes("Cut short")).length;
    expect(drafts()).to.equal(1);
    await app.scheduler.tick();
    await app.idle();
    expect(drafts(), "finished once").to.equal(1);
  });

  it("posts the progress digest of a check-in whose close was cut short, once", async () => {
    const actions = new ActionsRepository(app.storage);
    const at = clock.now().toUTC().toISO()!;
    const action = await seedAction(app.storage, at, USERS.member, { id: "a20261201-0000abcd", dueDate: "2027-02-01" });
    const launched = await invoke(OFFICER, Verbs.launchCheckIn, { boardId: TEAM.id, closeDate: "2026-12-20", closeTime: "17:00" });
    expect(JSON.stringify(launched.body)).to.contain("Check-in sent: 1 person");
    await app.idle();
    const checkIn = (await new RoundsRepository(app.storage).listByBoard(TEAM.id)).find((r) => r.definition.kinds.includes("checkin"))!;
    await invoke(USERS.member, Verbs.saveResponse, { roundId: checkIn.id, boardId: TEAM.id, revision: "0", [`progress_${action.id}_status`]: "off_track", [`progress_${action.id}_update`]: "Recruitment paused." });
    await closeWithoutFollowUp(checkIn.id);

    const digests = () => connector.activitiesFor(TEAM.id).filter((s) => JSON.stringify(cardOf(s.activity) ?? "").includes("Progress digest")).length;
    clock.advance({ minutes: 6 });
    await app.scheduler.tick();
    await app.idle();
    expect(digests()).to.equal(1);
    expect((await actions.get(TEAM.id, action.id))!.value.status).to.equal("off_track");
    await app.scheduler.tick();
    await app.idle();
    expect(digests(), "posted once").to.equal(1);
    expect((await actions.history(TEAM.id, action.id)).filter((h) => h.kind === "progress")).to.have.length(1);
  });
});
