import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunningApp } from "../../bot/app.ts";
import { ALL_VERBS, Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { DeliveriesRepository } from "../../services/storage/deliveries.repository.ts";
import { ResponsesRepository } from "../../services/storage/responses.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, meetingInvoke, personalMessage, teamInstall, TEAM, USERS } from "../helpers/activities.ts";
import { postActivity, startTestApp, openedForm } from "../helpers/app.ts";
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
      const form = await openedForm(app, connector.url, USERS.officer, connector.sentActivities.at(-1)!.activity.attachments![0]!.content);
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
      const opener = connector.sentActivities.filter((s) => s.activity.attachments?.length).at(-1)?.activity.attachments?.[0]?.content;
      expect(opener, "the launch card got through").to.not.equal(undefined);
      const form = await openedForm(app, connector.url, USERS.officer, opener);
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

  it("storage stops: every card verb answers with a clear message (503, or the member's card back), never a bare 5xx", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sb-outage-verbs-"));
    const azurite = await TestAzurite.startPersistent(dir);
    const connector = await FakeConnector.start();
    const people = [USERS.officer, USERS.member, USERS.police, USERS.chair];
    connector.addTeam({ id: TEAM.id, name: TEAM.name, members: people.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })) });
    const clock = new ManualClock("2026-11-23T09:00:00Z");
    const app = await startTestApp(azurite, {}, { clock });
    // The live workshop's card is clicked in a meeting's chat; everything else in a 1:1.
    const invoke = (user: (typeof people)[number], verb: string, data: object) =>
      postActivity(app, verb === Verbs.saveLive ? meetingInvoke({ serviceUrl: connector.url, user, verb, data }) : actionInvoke({ serviceUrl: connector.url, user, verb, data }));
    try {
      await postActivity(app, teamInstall({ serviceUrl: connector.url }));
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.officer, text: "launch" }));
      const form = await openedForm(app, connector.url, USERS.officer, connector.sentActivities.at(-1)!.activity.attachments![0]!.content);
      const launch = (title: string) => invoke(USERS.officer, Verbs.launchRound, submit(form, Verbs.launchRound, { title, anonymity: "named", deadlineDate: "2026-11-30", deadlineTime: "17:00" }));
      await launch("Stays open");
      await launch("Closed for review");
      await app.idle();
      const rounds = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
      const open = rounds.find((r) => r.title === "Stays open")!;
      const closed = rounds.find((r) => r.title === "Closed for review")!;
      await invoke(USERS.member, Verbs.saveResponse, { roundId: open.id, boardId: TEAM.id, answer_t1: "Before the outage." });
      await invoke(USERS.officer, Verbs.closeRound, { roundId: closed.id, boardId: TEAM.id });
      await app.idle();

      const ref = (r: typeof open) => ({ roundId: r.id, boardId: TEAM.id });
      const tries: Record<string, [(typeof people)[number], object]> = {
        [Verbs.showHelp]: [USERS.member, {}],
        [Verbs.openLaunch]: [USERS.officer, {}],
        [Verbs.addThemes]: [USERS.officer, submit(form, Verbs.addThemes)],
        [Verbs.launchRound]: [USERS.officer, submit(form, Verbs.launchRound, { title: "During the outage", deadlineDate: "2026-11-30", deadlineTime: "17:00" })],
        [Verbs.saveResponse]: [USERS.member, { ...ref(open), answer_t1: "Typed during the outage." }],
        [Verbs.refreshResponse]: [USERS.member, ref(open)],
        [Verbs.closeRound]: [USERS.officer, ref(open)],
        [Verbs.extendRound]: [USERS.officer, { ...ref(open), [`extendDate_${open.id}`]: "2026-12-05", [`extendTime_${open.id}`]: "12:00" }],
        [Verbs.cancelRound]: [USERS.officer, ref(open)],
        [Verbs.showStatus]: [USERS.officer, {}],
        [Verbs.saveSummary]: [USERS.officer, { ...ref(closed), revision: "1" }],
        [Verbs.publishSummary]: [USERS.officer, { ...ref(closed), revision: "1" }],
        [Verbs.openReview]: [USERS.officer, ref(closed)],
        [Verbs.pickBoard]: [USERS.member, { command: "summary", boardId: TEAM.id }],
        [Verbs.addRole]: [USERS.officer, { boardId: TEAM.id, people: USERS.police.aadObjectId, role: "chair" }],
        [Verbs.removeRole]: [USERS.officer, { boardId: TEAM.id, aadObjectId: USERS.officer.aadObjectId, role: "officer" }],
        [Verbs.showActions]: [USERS.member, { boardId: TEAM.id }],
        [Verbs.openActionForm]: [USERS.officer, { boardId: TEAM.id }],
        [Verbs.saveAction]: [USERS.officer, { boardId: TEAM.id, title: "During the outage", owner: "Lancashire County Council", due: "2027-01-15" }],
        [Verbs.closeAction]: [USERS.officer, { boardId: TEAM.id, actionId: "a20261201-00000000" }],
        [Verbs.reopenAction]: [USERS.officer, { boardId: TEAM.id, actionId: "a20261201-00000000" }],
        [Verbs.openCheckIn]: [USERS.officer, { boardId: TEAM.id }],
        [Verbs.launchCheckIn]: [USERS.officer, { boardId: TEAM.id, closeDate: "2026-12-20", closeTime: "12:00" }],
        [Verbs.stopCheckIns]: [USERS.officer, { boardId: TEAM.id, roundId: open.id }],
        [Verbs.saveLive]: [USERS.member, { activityId: "l20261201-00000000", stickers_o1: "1" }],
      };
      expect(Object.keys(tries).sort(), "a try for every verb").to.deep.equal([...ALL_VERBS].sort());

      await azurite.stop();
      for (const [verb, [user, data]] of Object.entries(tries)) {
        const res = await invoke(user, verb, data);
        const body = JSON.stringify(res.body);
        if (verb === Verbs.saveResponse) {
          expect(res.status, verb).to.equal(200);
          expect(body, verb).to.contain("couldn't save just now").and.contain("Typed during the outage.");
        } else {
          expect(res.status, verb).to.equal(503);
          expect(body, verb).to.contain("storage isn't answering just now, so nothing was changed");
        }
      }
      await azurite.restart();
      const after = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
      expect(after.map((r) => [r.title, r.status]).sort()).to.deep.equal([["Closed for review", "closed"], ["Stays open", "open"]]);
    } finally {
      await app.stop();
      await connector.close();
      await azurite.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
