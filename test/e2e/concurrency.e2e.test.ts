import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { ResponsesRepository } from "../../services/storage/responses.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, personalMessage, teamInstall, TEAM, USERS } from "../helpers/activities.ts";
import { postActivity, postActivityPooled, startTestApp, openedForm } from "../helpers/app.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { submit } from "../helpers/card-submit.ts";
import { FakeConnector, makeMembers } from "../helpers/fake-connector.ts";

const MEMBER_COUNT = 200;
const SAVES_EACH = 5;

describe("e2e: idempotency and concurrency of submissions", function () {
  this.timeout(120_000);
  let azurite: TestAzurite;
  let connector: FakeConnector;
  let app: RunningApp;
  const members = makeMembers(MEMBER_COUNT);

  before(async () => {
    azurite = await TestAzurite.start();
    connector = await FakeConnector.start();
    connector.addTeam({ id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId, members: [{ id: USERS.officer.id, aadObjectId: USERS.officer.aadObjectId, name: USERS.officer.name }, ...members] });
    app = await startTestApp(azurite, { OFFICER_AAD_IDS: USERS.officer.aadObjectId }, { clock: new ManualClock("2026-11-23T09:00:00Z") });
    await postActivity(app, teamInstall({ serviceUrl: connector.url }));
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.officer, text: "launch" }));
    const form = await openedForm(app, connector.url, USERS.officer, connector.sentActivities.at(-1)!.activity.attachments![0]!.content);
    await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: USERS.officer, verb: Verbs.launchRound, data: submit(form, Verbs.launchRound, { kinds: "feedback,vote", deadlineDate: "2026-11-30", deadlineTime: "17:00" }) }));
    await app.idle();
  });
  after(async () => {
    await app.stop();
    await connector.close();
    await azurite.stop();
  });

  it(`takes ${MEMBER_COUNT * SAVES_EACH} concurrent saves from ${MEMBER_COUNT} members (as if from several devices, with retries): no 5xx, one row each, no vote limit exceeded`, async () => {
    const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
    const user = (i: number) => ({ id: members[i]!.id, aadObjectId: members[i]!.aadObjectId, name: members[i]!.name });
    const saves = members.flatMap((_, i) =>
      Array.from({ length: SAVES_EACH }, (_, n) =>
        postActivityPooled(app, actionInvoke({
          serviceUrl: connector.url,
          user: user(i),
          verb: Verbs.saveResponse,
          // Each device says something different; each puts both votes somewhere (never more than 2).
          data: { roundId: round!.id, boardId: TEAM.id, answer_t1: `Device ${n} of member ${i}: the Board should lead across the county.`, [`vote_o${(n % 4) + 1}`]: "2" },
        })),
      ),
    );
    const results = await Promise.all(saves);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500), "no 5xx").to.deep.equal([]);
    expect(statuses.every((s) => s === 200)).to.equal(true);

    const rows = await new ResponsesRepository(app.storage).listByRound(round!.id);
    expect(rows).to.have.length(MEMBER_COUNT);
    for (const row of rows) {
      const votes = Object.values(row.votes).reduce((a, b) => a + b, 0);
      expect(votes, "vote limit").to.equal(2);
      expect(row.revision).to.be.within(1, SAVES_EACH);
      expect(row.answers.t1).to.match(/^Device \d of member \d+:/);
    }
  });

  it("the same submission delivered twice (Teams retries invokes) is stored once", async () => {
    const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
    const who = { id: members[0]!.id, aadObjectId: members[0]!.aadObjectId, name: members[0]!.name };
    const activity = actionInvoke({ serviceUrl: connector.url, user: who, verb: Verbs.saveResponse, data: { roundId: round!.id, boardId: TEAM.id, answer_t2: "Outcomes are not measurable.", vote_o1: "2" } });
    const [a, b] = await Promise.all([postActivity(app, activity), postActivity(app, activity)]);
    expect([a.status, b.status]).to.deep.equal([200, 200]);
    const rows = (await new ResponsesRepository(app.storage).listByRound(round!.id)).filter((r) => r.memberAadObjectId === who.aadObjectId);
    expect(rows).to.have.length(1);
    expect(rows[0]!.answers).to.deep.equal({ t2: "Outcomes are not measurable." });
    expect(rows[0]!.votes).to.deep.equal({ o1: 2 });
  });
});
