import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, personalMessage, teamInstall, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { postActivity, openedForm } from "../helpers/app.ts";
import { findAction, submit } from "../helpers/card-submit.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import type { FakeConnector, SentActivity } from "../helpers/fake-connector.ts";

const OFFICER = USERS.officer;
const MEMBERS: TestUser[] = [USERS.chair, USERS.member, USERS.police, USERS.fire, USERS.voluntary];
const DIGEST_CHANNEL = "19:board-digest@thread.tacv2";

const ROLE_ANSWERS: Record<string, string> = {
  [USERS.chair.aadObjectId]: "The Board should provide leadership across the whole county. I am unclear how partners will hold each other to account.",
  [USERS.member.aadObjectId]: "We have a county-wide leadership role as a Board. It is not clear to me how we hold one another to account.",
  // Naming another member in an anonymous round: the summary quotes it without the name.
  [USERS.police.aadObjectId]: "The Board's job is to lead on health and wellbeing across all of Lancashire, as Margaret said.",
  [USERS.fire.aadObjectId]: "Leadership for the whole county is the Board's role. Nobody has explained how partners will be held to account.",
};

function cardOf(activity: { attachments?: Array<{ content?: unknown }> }): Record<string, unknown> {
  return activity.attachments?.[0]?.content as Record<string, unknown>;
}

describe("e2e: a round closes, officers review the draft, the digest reaches the chair's channel", function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let app: RunningApp;
  const clock = new ManualClock("2026-11-23T09:00:00Z");

  let board: TestBoard;
  before(async () => {
    board = await startBoard({
      users: [OFFICER, ...MEMBERS],
      channels: [{ id: DIGEST_CHANNEL, name: "Board digests" }],
      env: {
        OFFICER_AAD_IDS: OFFICER.aadObjectId,
        CHAIR_AAD_IDS: USERS.chair.aadObjectId,
        PUBLIC_BASE_URL: "http://127.0.0.1:1",
        REPORT_LINK_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e",
      },
      app: { clock },
      install: false,
    });
    ({ connector, app } = board);
  });
  after(async () => {
    await board.stop();
  });

  const invoke = async (user: TestUser, verb: string, data: unknown, conversationId?: string) => {
    const res = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb, data, conversationId }));
    return { status: res.status, body: res.body as { value: Record<string, unknown> } };
  };
  /** Links in cards point at PUBLIC_BASE_URL; fetch them from the running test server instead. */
  const local = (url: string) => url.replace("http://127.0.0.1:1", app.url);

  it("drafts on close, keeps it from the channel until an officer publishes, then posts a digest with no names", async () => {
    await postActivity(app, teamInstall({ serviceUrl: connector.url }));
    const officerChat = `a:personal-${OFFICER.aadObjectId}`;
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
    const form = await openedForm(app, connector.url, OFFICER, cardOf(connector.sentActivities.at(-1)!.activity));
    await invoke(OFFICER, Verbs.launchRound, submit(form, Verbs.launchRound, {
      title: "Autumn 1:1s", deadlineDate: "2026-11-30", deadlineTime: "17:00", anonymity: "anonymous", minRespondents: "3", digestChannelId: DIGEST_CHANNEL,
    }));
    await app.idle();
    const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
    const prompts = new Map<string, SentActivity>();
    for (const m of MEMBERS) prompts.set(m.aadObjectId, connector.activitiesFor(connector.personalConversationId(m.id))[0]!);

    for (const [member, text] of Object.entries(ROLE_ANSWERS)) {
      const user = MEMBERS.find((m) => m.aadObjectId === member)!;
      const prompt = prompts.get(member)!;
      await invoke(user, Verbs.saveResponse, submit(cardOf(prompt.activity), Verbs.saveResponse, { answer_t1: text }), prompt.conversationId);
    }
    // One member answers only Integration: too few for an anonymous theme.
    const janet = prompts.get(USERS.voluntary.aadObjectId)!;
    await invoke(USERS.voluntary, Verbs.saveResponse, submit(cardOf(janet.activity), Verbs.saveResponse, { answer_t5: "Integration of plans is not being discussed yet." }), janet.conversationId);

    clock.set("2026-11-30T17:00:01Z");
    await app.scheduler.tick();
    await app.idle();

    // The officer has the draft 1:1; the channel has nothing yet.
    const opener = connector.activitiesFor(officerChat).map((s) => cardOf(s.activity)).filter(Boolean).at(-1)!;
    expect(JSON.stringify(opener)).to.contain("Draft summary ready");
    const review = await openedForm(app, connector.url, OFFICER, opener);
    const reviewText = JSON.stringify(review);
    expect(reviewText).to.contain("Role of the Board");
    expect(connector.activitiesFor(DIGEST_CHANNEL)).to.have.length(0);

    // A stale card is refused with the latest version shown.
    const stale = await invoke(OFFICER, Verbs.saveSummary, { ...(findAction(review, Verbs.saveSummary).data as object), revision: 99 });
    expect(JSON.stringify(stale.body.value)).to.contain("Another officer changed this draft");

    // The officer rewrites the top point and publishes.
    const pointInput = Object.keys(submit(review, Verbs.saveSummary)).find((k) => k.startsWith("stmt_t1p"))!;
    const published = await invoke(OFFICER, Verbs.publishSummary, submit(review, Verbs.publishSummary, { [pointInput]: "The Board leads on health and wellbeing across the whole county" }));
    expect(JSON.stringify(published.body.value)).to.contain("Published");
    await app.idle();

    const digests = connector.activitiesFor(DIGEST_CHANNEL);
    expect(digests).to.have.length(1);
    const digest = JSON.stringify(cardOf(digests[0]!.activity));
    expect(digest).to.contain("Board leads on health and wellbeing across the whole county");
    expect(digest).to.contain("withheld");
    expect(digest).to.contain("5 of 5 members responded");
    for (const m of MEMBERS) expect(digest, `no name in an anonymous digest: ${m.name}`).to.not.contain(m.name);
    expect(Buffer.byteLength(digest)).to.be.lessThan(70 * 1024);

    // Publishing twice is refused; the channel still has one digest.
    const again = await invoke(OFFICER, Verbs.publishSummary, submit(review, Verbs.publishSummary));
    expect(JSON.stringify(again.body.value)).to.match(/already been published|changed this draft/);
    await app.idle();
    expect(connector.activitiesFor(DIGEST_CHANNEL)).to.have.length(1);

    // The digest's report link serves the printable report; a tampered link is refused.
    const reportUrl = (JSON.stringify(cardOf(digests[0]!.activity)).match(/"url":"([^"]+)"/) ?? [])[1]!;
    const report = await fetch(local(reportUrl));
    expect(report.status).to.equal(200);
    const html = await report.text();
    expect(html).to.contain("Role of the Board");
    for (const m of MEMBERS) expect(html).to.not.contain(m.name);
    expect(html).to.not.contain("Margaret");
    expect(html).to.contain("as [name] said");
    expect((await fetch(local(reportUrl.replace(/sig=(.)/, (_m, c: string) => `sig=${c === "A" ? "B" : "A"}`)))).status).to.equal(403);

    // Exports: officers only, 1:1; summary CSV has a BOM; raw answers of an anonymous round are refused.
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "export" }));
    const exportText = connector.activitiesFor(officerChat).at(-1)!.activity.text ?? "";
    const csvUrl = (exportText.match(/\((http[^)]+summary\.csv[^)]+)\)/) ?? [])[1]!;
    // fetch's text() drops a BOM, so look at the bytes Excel will see.
    const csv = Buffer.from(await (await fetch(local(csvUrl))).arrayBuffer());
    expect([...csv.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(exportText).to.contain("Raw answers: not available, the round was anonymous");

    // The chair asks for the summary and gets the published digest.
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.chair, text: "summary", conversationId: prompts.get(USERS.chair.aadObjectId)!.conversationId }));
    expect(JSON.stringify(cardOf(connector.sentActivities.at(-1)!.activity))).to.contain("Board leads on health and wellbeing");
    expect(round).to.not.equal(undefined);
  });
});

describe("e2e: AUTO_PUBLISH", function () {
  this.timeout(60_000);

  it("posts the digest as soon as the round closes, without a review", async () => {
    const clock = new ManualClock("2026-11-23T09:00:00Z");
    const { app, connector, stop } = await startBoard({ users: [OFFICER, ...MEMBERS], env: { OFFICER_AAD_IDS: OFFICER.aadObjectId, AUTO_PUBLISH: "true" }, app: { clock } });
    try {
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
      const form = await openedForm(app, connector.url, OFFICER, cardOf(connector.sentActivities.at(-1)!.activity));
      await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: OFFICER, verb: Verbs.launchRound, data: submit(form, Verbs.launchRound, { title: "Quick round", deadlineDate: "2026-11-30", deadlineTime: "17:00" }) }));
      await app.idle();
      clock.set("2026-11-30T17:00:01Z");
      await app.scheduler.tick();
      await app.idle();
      const digests = connector.activitiesFor(TEAM.id).filter((s) => JSON.stringify(s.activity).includes("Quick round"));
      expect(digests).to.have.length(1);
      expect(JSON.stringify(digests[0]!.activity)).to.contain("Published automatically");
    } finally {
      await stop();
    }
  });
});
