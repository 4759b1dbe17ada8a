import { expect } from "chai";
import { Writable } from "node:stream";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { createLogger } from "../../services/logging/logger.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, personalMessage, teamInstall, TEAM, USERS } from "../helpers/activities.ts";
import { postActivity, startTestApp, openedForm } from "../helpers/app.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { submit } from "../helpers/card-submit.ts";
import { FakeConnector } from "../helpers/fake-connector.ts";

const SECRET_VIEW = "Zebra-7 confidential view about the hospice funding";
const SECRET_WHY = "Quokka-3 reason for my vote";
const SECRET_LONG = `Narwhal-9 ${"x".repeat(2100)}`;

describe("e2e: logs never contain what members wrote", function () {
  this.timeout(60_000);

  it("at trace level, through a round's whole life (saves, refusals, close, publish, erasure)", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const azurite = await TestAzurite.start();
    const connector = await FakeConnector.start();
    connector.addTeam({ id: TEAM.id, name: TEAM.name, members: [USERS.officer, USERS.member, USERS.police, USERS.fire].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })) });
    const clock = new ManualClock("2026-11-23T09:00:00Z");
    const app = await startTestApp(azurite, { OFFICER_AAD_IDS: USERS.officer.aadObjectId, AUTO_PUBLISH: "true" }, { clock, logger: createLogger("trace", sink) });
    try {
      await postActivity(app, teamInstall({ serviceUrl: connector.url }));
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.officer, text: "launch" }));
      const form = await openedForm(app, connector.url, USERS.officer, connector.sentActivities.at(-1)!.activity.attachments![0]!.content);
      await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: USERS.officer, verb: Verbs.launchRound, data: submit(form, Verbs.launchRound, { kinds: "feedback,vote", deadlineDate: "2026-11-30", deadlineTime: "17:00" }) }));
      await app.idle();
      const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
      const save = (user: typeof USERS.member, data: Record<string, string>) =>
        postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb: Verbs.saveResponse, data: { roundId: round!.id, boardId: TEAM.id, ...data } }));
      await save(USERS.member, { answer_t1: SECRET_VIEW, vote_o1: "1", why_o1: SECRET_WHY });
      await save(USERS.police, { answer_t1: SECRET_LONG });
      await save(USERS.fire, { answer_t1: SECRET_VIEW, vote_o1: "9" });
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.member, text: SECRET_VIEW }));
      clock.set("2026-11-30T17:00:01Z");
      await app.scheduler.tick();
      await app.idle();
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.officer, text: "member erase Priya Raman confirm" }));
      await app.idle();
    } finally {
      await app.stop();
      await connector.close();
      await azurite.stop();
    }
    const log = lines.join("");
    expect(lines.length, "something was logged").to.be.greaterThan(5);
    for (const secret of ["Zebra-7", "Quokka-3", "Narwhal-9", "hospice"]) expect(log, secret).to.not.contain(secret);
  });
});
