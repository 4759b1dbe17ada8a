import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import type { SummaryDoc } from "../../services/summary/summary.service.ts";
import { AuditRepository } from "../../services/storage/audit.repository.ts";
import { DeliveriesRepository } from "../../services/storage/deliveries.repository.ts";
import { ResponsesRepository } from "../../services/storage/responses.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { SummariesRepository } from "../../services/storage/summaries.repository.ts";
import { actionInvoke, personalMessage, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { openedForm, postActivity } from "../helpers/app.ts";
import { submit } from "../helpers/card-submit.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import type { FakeConnector } from "../helpers/fake-connector.ts";

const OFFICER = USERS.officer;
const MEMBERS: TestUser[] = [USERS.chair, USERS.member, USERS.police, USERS.fire];
const PRIYA_SAYS = "Priya's distinctive view: the Board must lead on health inequalities in Morecambe.";

describe("e2e: member data rights — export and erasure, audited", function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let app: RunningApp;
  const clock = new ManualClock("2026-11-23T09:00:00Z");

  let board: TestBoard;
  before(async () => {
    board = await startBoard({
      users: [OFFICER, ...MEMBERS],
      env: { OFFICER_AAD_IDS: OFFICER.aadObjectId, AUTO_PUBLISH: "true", PUBLIC_BASE_URL: "http://127.0.0.1:1", REPORT_LINK_SECRET: "member-data-secret-member-data-secret" },
      app: { clock },
    });
    ({ connector, app } = board);
  });
  after(async () => {
    await board.stop();
  });

  const officerSays = async (text: string) => {
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text }));
    return connector.activitiesFor(`a:personal-${OFFICER.aadObjectId}`).at(-1)!.activity;
  };

  async function launchAndAnswer(title: string, deadlineDate: string) {
    const form = await openedForm(app, connector.url, OFFICER, (await officerSays("launch")).attachments![0]!.content);
    await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: OFFICER, verb: Verbs.launchRound, data: submit(form, Verbs.launchRound, { title, anonymity: "named", deadlineDate, deadlineTime: "12:00" }) }));
    await app.idle();
    const round = (await new RoundsRepository(app.storage).listByBoard(TEAM.id)).find((r) => r.title === title)!;
    for (const [user, text] of [[USERS.member, PRIYA_SAYS], [USERS.chair, "The Board should lead across the county."], [USERS.police, "Leadership across the county is our role."], [USERS.fire, "We lead for the whole county together."]] as const) {
      await postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb: Verbs.saveResponse, data: { roundId: round.id, boardId: TEAM.id, answer_t1: text } }));
    }
    return round;
  }

  it("exports everything held about a member, then erases them from open and closed rounds and rebuilds summaries", async () => {
    const closed = await launchAndAnswer("Closed round", "2026-11-25");
    clock.set("2026-11-26T09:00:00Z");
    await app.scheduler.tick();
    await app.idle();
    const open = await launchAndAnswer("Open round", "2026-12-20");
    const summaries = new SummariesRepository(app.storage);
    expect(JSON.stringify((await summaries.get<SummaryDoc>(closed.id, "published"))?.value.body)).to.contain("Morecambe");

    // A member can't do this.
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.police, text: "member erase Priya Raman confirm" }));
    expect(connector.sentActivities.at(-1)!.activity.text).to.contain("Only a board's officers can export or erase");

    // Export: a link to JSON with both rounds and Priya's own words.
    const exportMsg = await officerSays("member export Priya Raman");
    const url = (exportMsg.text!.match(/\((http[^)]+)\)/) ?? [])[1]!;
    const exported = await (await fetch(url.replace("http://127.0.0.1:1", app.url))).json() as { rounds: Array<{ title: string; response?: { answers: Array<{ answer: string }> } }> };
    expect(exported.rounds.map((r) => r.title).sort()).to.deep.equal(["Closed round", "Open round"]);
    expect(exported.rounds.every((r) => r.response?.answers[0]?.answer === PRIYA_SAYS)).to.equal(true);

    // Erasure asks for confirmation first, and changes nothing until then.
    expect((await officerSays("member erase Priya Raman")).text).to.contain("type: **member erase Priya Raman confirm**");
    expect(await new ResponsesRepository(app.storage).get(open.id, USERS.member.aadObjectId)).to.not.equal(undefined);

    expect((await officerSays("member erase Priya Raman confirm")).text).to.contain("2 responses removed across 2 rounds; 2 summaries rebuilt");
    for (const round of [open, closed]) {
      expect(await new ResponsesRepository(app.storage).get(round.id, USERS.member.aadObjectId)).to.equal(undefined);
      const invitation = (await new DeliveriesRepository(app.storage).get(round.id, USERS.member.aadObjectId))?.value;
      expect(invitation).to.deep.include({ status: "erased", memberName: "Erased member" });
    }
    for (const stage of ["draft", "published"] as const) {
      const doc = JSON.stringify((await summaries.get<SummaryDoc>(closed.id, stage))?.value.body);
      expect(doc, stage).to.not.contain("Morecambe");
      expect(doc, stage).to.contain("county");
    }
    // Her card no longer takes answers (this instance had her invitation cached from her saves).
    const again = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: USERS.member, verb: Verbs.saveResponse, data: { roundId: open.id, boardId: TEAM.id, answer_t1: "Back again?" } }));
    expect(again.status).to.equal(404);
    expect(await new ResponsesRepository(app.storage).get(open.id, USERS.member.aadObjectId)).to.equal(undefined);
    const audit = await new AuditRepository(app.storage).listForMember(USERS.member.aadObjectId);
    expect(audit.map((a) => [a.action, a.by]).sort()).to.deep.equal([["erase", OFFICER.aadObjectId], ["export", OFFICER.aadObjectId]]);
    expect(JSON.stringify(audit)).to.not.contain("Morecambe");
  });
});
