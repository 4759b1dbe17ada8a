import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { DeliveriesRepository } from "../../services/storage/deliveries.repository.ts";
import { ResponsesRepository } from "../../services/storage/responses.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, personalMessage, teamInstall, TEAM, USERS } from "../helpers/activities.ts";
import { postActivity, startTestApp } from "../helpers/app.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { submit } from "../helpers/card-submit.ts";
import { FakeConnector, makeMembers } from "../helpers/fake-connector.ts";

describe("e2e: faults", function () {
  this.timeout(120_000);

  it("storage stops mid-round: saves get a 'couldn't save' card with the text kept, nothing partial is stored, /healthz is 503, and after it returns everything accepted is there", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sb-outage-"));
    const azurite = await TestAzurite.startPersistent(dir);
    const connector = await FakeConnector.start();
    connector.addTeam({ id: TEAM.id, name: TEAM.name, members: [USERS.officer, USERS.member, USERS.police].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })) });
    const app = await startTestApp(azurite, { OFFICER_AAD_IDS: USERS.officer.aadObjectId }, { clock: new ManualClock("2026-11-23T09:00:00Z") });
    try {
      await postActivity(app, teamInstall({ serviceUrl: connector.url }));
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.officer, text: "launch" }));
      const form = connector.sentActivities.at(-1)!.activity.attachments![0]!.content;
      await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: USERS.officer, verb: Verbs.launchRound, data: submit(form, Verbs.launchRound, { deadlineDate: "2026-11-30", deadlineTime: "17:00" }) }));
      await app.idle();
      const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
      const save = (text: string) =>
        postActivity(app, actionInvoke({ serviceUrl: connector.url, user: USERS.member, verb: Verbs.saveResponse, data: { roundId: round!.id, boardId: TEAM.id, answer_t1: text, answer_t2: "Second answer." } }));

      expect(JSON.stringify((await save("Accepted before the outage.")).body)).to.contain("Saved.");

      await azurite.stop();
      expect((await fetch(`${app.url}/healthz`)).status).to.equal(503);
      const during = await save("Typed during the outage.");
      expect(during.status).to.equal(200);
      const card = JSON.stringify(during.body);
      expect(card).to.contain("couldn't save just now");
      expect(card).to.contain("Typed during the outage.");

      await azurite.restart();
      expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
      const stored = await new ResponsesRepository(app.storage).get(round!.id, USERS.member.aadObjectId);
      expect(stored?.value.answers).to.deep.equal({ t1: "Accepted before the outage.", t2: "Second answer." });
      expect(stored?.value.revision).to.equal(1);
      expect(JSON.stringify((await save("Saved after it came back.")).body)).to.contain("Saved.");
      expect((await new ResponsesRepository(app.storage).get(round!.id, USERS.member.aadObjectId))?.value.revision).to.equal(2);
    } finally {
      await app.stop();
      await connector.close();
      await azurite.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Teams throttles and fails during fan-out: prompts are retried honouring Retry-After, each delivered exactly once", async () => {
    const azurite = await TestAzurite.start();
    // 25% of Teams writes answer 429 (Retry-After 1 s) or 503, like a busy tenant.
    const connector = await FakeConnector.start({ randomFailureRate: 0.25, randomFailureStatuses: [429, 503], retryAfterSeconds: 1, seed: 7 });
    const members = makeMembers(8);
    connector.addTeam({ id: TEAM.id, name: TEAM.name, members: [{ id: USERS.officer.id, aadObjectId: USERS.officer.aadObjectId, name: USERS.officer.name }, ...members] });
    const app = await startTestApp(azurite, { OFFICER_AAD_IDS: USERS.officer.aadObjectId }, { clock: new ManualClock("2026-11-23T09:00:00Z") });
    try {
      await postActivity(app, teamInstall({ serviceUrl: connector.url }));
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.officer, text: "launch" }));
      const form = connector.sentActivities.filter((s) => s.activity.attachments?.length).at(-1)?.activity.attachments?.[0]?.content;
      expect(form, "the launch form got through").to.not.equal(undefined);
      await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: USERS.officer, verb: Verbs.launchRound, data: submit(form, Verbs.launchRound, { deadlineDate: "2026-11-30", deadlineTime: "17:00" }) }));
      await app.idle();
      const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
      const ledger = await new DeliveriesRepository(app.storage).listByRound(round!.id);
      expect(connector.rejected.length, "the fake did throttle and fail").to.be.greaterThan(0);
      expect(ledger.map((d) => d.status)).to.deep.equal(Array(8).fill("sent"));
      for (const m of members) expect(connector.activitiesFor(connector.personalConversationId(m.id)), m.name).to.have.length(1);
    } finally {
      await app.stop();
      await connector.close();
      await azurite.stop();
    }
  });
});
