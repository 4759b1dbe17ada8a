import { expect } from "chai";
import { ORGANISATIONS } from "../helpers/actions.ts";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { ActionsRepository } from "../../services/storage/actions.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, personalMessage, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { postActivity, openedForm } from "../helpers/app.ts";
import { findAction, inputsOf, submit } from "../helpers/card-submit.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import type { FakeConnector, SentActivity } from "../helpers/fake-connector.ts";

const OFFICER = USERS.officer;
const MEMBERS: TestUser[] = [USERS.chair, USERS.member, USERS.police, USERS.fire];
const ORGS = ORGANISATIONS;

interface InvokeBody { statusCode: number; type: string; value: Record<string, unknown> }
const cardOf = (a: { attachments?: Array<{ content?: unknown }> }) => a.attachments?.[0]?.content as Record<string, unknown>;

describe("e2e: the accountability loop — a commitment round becomes actions, a check-in, and a progress digest", function () {
  this.timeout(90_000);
  let connector: FakeConnector;
  let app: RunningApp;
  let board: TestBoard;
  const clock = new ManualClock("2026-11-23T09:00:00Z");

  before(async () => {
    board = await startBoard({ users: [OFFICER, ...MEMBERS], env: { OFFICER_AAD_IDS: OFFICER.aadObjectId, CHAIR_AAD_IDS: USERS.chair.aadObjectId }, app: { clock } });
    ({ connector, app } = board);
  });
  after(async () => {
    await board.stop();
  });

  const invoke = async (user: TestUser, verb: string, data: unknown, conversationId?: string) => {
    const res = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb, data, conversationId }));
    return { status: res.status, body: res.body as InvokeBody };
  };
  /** The latest card in a chat that has this verb on it. */
  const lastCardIn = (conversationId: string, verb: string) =>
    connector.activitiesFor(conversationId).map((s) => cardOf(s.activity)).filter((c) => c && JSON.stringify(c).includes(`"${verb}"`)).at(-1)!;
  const promptsOf = (roundId: string) => {
    const prompts = new Map<string, SentActivity>();
    for (const m of MEMBERS) {
      const mine = connector.activitiesFor(connector.personalConversationId(m.id)).filter((s) => JSON.stringify(s.activity).includes(roundId));
      if (mine[0]) prompts.set(m.aadObjectId, mine[0]);
    }
    return prompts;
  };

  it("publishes a commitment round, makes two actions from it, checks in with the right people, and posts the progress digest by organisation", async () => {
    // 1. A commitment round: the council leads i3 with the police contributing; the CCG leads i7 with fire contributing.
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
    const form = await openedForm(app, connector.url, OFFICER, cardOf(connector.sentActivities.at(-1)!.activity));
    await invoke(OFFICER, Verbs.launchRound, submit(form, Verbs.launchRound, { title: "Who will do what", kinds: "commitment", anonymity: "named", deadlineDate: "2026-11-30", deadlineTime: "17:00" }));
    await app.idle();
    const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
    const prompts = promptsOf(round!.id);
    const commit = async (user: TestUser, typed: Record<string, string>) => {
      const prompt = prompts.get(user.aadObjectId)!;
      const res = await invoke(user, Verbs.saveResponse, submit(cardOf(prompt.activity), Verbs.saveResponse, { organisation: ORGS[user.aadObjectId]!, ...typed }), prompt.conversationId);
      expect(JSON.stringify(res.body.value)).to.contain("Saved.");
    };
    await commit(USERS.chair, { commit_i3_level: "lead" });
    await commit(USERS.police, { commit_i3_level: "contribute" });
    await commit(USERS.member, { commit_i7_level: "lead" });
    await commit(USERS.fire, { commit_i7_level: "contribute", commit_i3_level: "support" });

    clock.set("2026-11-30T17:00:01Z");
    await app.scheduler.tick();
    await app.idle();
    const officerChat = `a:personal-${OFFICER.aadObjectId}`;
    const review = await openedForm(app, connector.url, OFFICER, lastCardIn(officerChat, Verbs.openReview));
    expect((await invoke(OFFICER, Verbs.publishSummary, submit(review, Verbs.publishSummary))).status).to.equal(200);
    await app.idle();
    const digest = cardOf(connector.activitiesFor(TEAM.id).at(-1)!.activity);

    // 2. Two actions from the digest's "Make actions" (officers only).
    const open = findAction(digest, Verbs.openActionForm).data as Record<string, unknown>;
    expect((await invoke(USERS.police, Verbs.openActionForm, open)).status, "a member can't open the action form").to.equal(403);
    const formRes = await invoke(OFFICER, Verbs.openActionForm, open);
    const actionForm = formRes.body.value;
    expect(JSON.stringify(actionForm)).to.contain("commitment:i3");
    const make = async (typed: Record<string, string>) => {
      clock.advance({ minutes: 1 });
      const res = await invoke(OFFICER, Verbs.saveAction, submit(actionForm, Verbs.saveAction, typed));
      expect(JSON.stringify(res.body.value), JSON.stringify(res.body.value).match(/Not saved[^"]*/)?.[0]).to.contain("Saved:");
      return res;
    };
    // Refused: no due date; nothing stored.
    const bad = await invoke(OFFICER, Verbs.saveAction, submit(actionForm, Verbs.saveAction, { source: "commitment:i3", due: "" }));
    expect(JSON.stringify(bad.body.value)).to.contain("Not saved: Pick a due date.");
    expect(await new ActionsRepository(app.storage).listByBoard(TEAM.id)).to.have.length(0);
    // Blank title and owner: the intervention's own words and the organisation that leads it.
    await make({ source: "commitment:i3", due: "2027-01-29" });
    await make({ source: "commitment:i7", due: "2026-12-10", lead: USERS.member.aadObjectId, title: "Falls prevention pathway live in two districts" });
    const repo = new ActionsRepository(app.storage);
    const actions = await repo.listByBoard(TEAM.id);
    expect(actions.map((a) => [a.ownerOrganisation, a.source?.kind, a.source?.roundId])).to.deep.equal([
      ["Lancashire County Council", "commitment", round!.id],
      ["NHS Morecambe Bay CCG", "commitment", round!.id],
    ]);
    expect(actions[1]!.leadName).to.equal(USERS.member.name);
    const [dv, falls] = actions as [(typeof actions)[0], (typeof actions)[0]];

    // 3. The check-in goes to the people who answer for each action, and nobody else.
    clock.set("2026-12-01T09:00:00Z");
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "checkin" }));
    const checkInForm = lastCardIn(officerChat, Verbs.launchCheckIn);
    const launched = await invoke(OFFICER, Verbs.launchCheckIn, submit(checkInForm, Verbs.launchCheckIn, { closeDate: "2026-12-14", closeTime: "17:00" }));
    expect(JSON.stringify(launched.body.value)).to.contain("Check-in sent: 4 people from 4 organisations asked about 2 actions.");
    await app.idle();
    const checkIn = (await new RoundsRepository(app.storage).listByBoard(TEAM.id)).find((r) => r.definition.kinds.includes("checkin"))!;
    const cards = promptsOf(checkIn.id);
    expect([...cards.keys()].sort()).to.deep.equal(MEMBERS.map((m) => m.aadObjectId).sort());
    expect(connector.activitiesFor(officerChat).some((s) => JSON.stringify(s.activity).includes("Progress check-in") && JSON.stringify(s.activity).includes(checkIn.id) && !JSON.stringify(s.activity).includes("Start a"))).to.equal(false);
    const policeCard = cardOf(cards.get(USERS.police.aadObjectId)!.activity);
    expect(JSON.stringify(policeCard)).to.contain("Named check-in");
    expect(Object.keys(inputsOf(policeCard))).to.include(`progress_${dv.id}_status`).and.not.include(`progress_${falls.id}_status`);

    const reply = async (user: TestUser, typed: Record<string, string>) => {
      const prompt = cards.get(user.aadObjectId)!;
      return invoke(user, Verbs.saveResponse, submit(cardOf(prompt.activity), Verbs.saveResponse, typed), prompt.conversationId);
    };
    // Refused, nothing stored: an action this person isn't asked about; a link that isn't a web address.
    expect(JSON.stringify((await reply(USERS.fire, { [`progress_${dv.id}_status`]: "done" })).body.value)).to.contain("doesn't ask you about");
    expect(JSON.stringify((await reply(USERS.police, { [`progress_${dv.id}_status`]: "at_risk", [`progress_${dv.id}_link`]: "javascript:alert(1)" })).body.value)).to.contain("must be a web address");

    expect(JSON.stringify((await reply(USERS.chair, { [`progress_${dv.id}_status`]: "on_track", [`progress_${dv.id}_update`]: "Two officers recruited." })).body.value)).to.contain("Saved.");
    clock.advance({ minutes: 5 });
    expect(JSON.stringify((await reply(USERS.police, { [`progress_${dv.id}_status`]: "at_risk", [`progress_${dv.id}_update`]: "Funding for year two not yet agreed.", [`progress_${dv.id}_link`]: "https://example.org/dv-plan" })).body.value)).to.contain("Saved.");
    expect(JSON.stringify((await reply(USERS.member, { [`progress_${falls.id}_status`]: "on_track" })).body.value)).to.contain("Saved.");
    // Fire and Rescue stays silent.

    // 4. Replies close: the progress digest reaches the channel (and the chair 1:1), organisations only.
    const channelBefore = connector.activitiesFor(TEAM.id).length;
    clock.set("2026-12-14T17:00:01Z");
    await app.scheduler.tick();
    await app.idle();
    const posted = connector.activitiesFor(TEAM.id).slice(channelBefore).map((s) => JSON.stringify(cardOf(s.activity)));
    expect(posted).to.have.length(1);
    const text = posted[0]!;
    expect(text).to.contain("Progress digest");
    expect(text).to.contain("2 actions checked: 3 organisations reported, 1 did not.");
    expect(text).to.match(/"title":"On track","value":"1"/);
    expect(text).to.match(/"title":"At risk","value":"1"/);
    expect(text).to.contain("Did not report");
    expect(text).to.contain("Lancashire Fire and Rescue Service");
    expect(text).to.contain("Overdue");
    expect(text).to.contain("Falls prevention pathway live in two districts (NHS Morecambe Bay CCG), due 10 Dec 2026");
    expect(text).to.contain("(Lancashire County Council): first update → At risk");
    for (const m of MEMBERS) expect(text, `no person's name in the progress digest: ${m.name}`).to.not.contain(m.name);
    const chairChat = connector.activitiesFor(connector.personalConversationId(USERS.chair.id)).map((s) => JSON.stringify(cardOf(s.activity)));
    expect(chairChat.some((c) => c.includes("Progress digest"))).to.equal(true);

    // Closing again (a second tick, or a restart) posts nothing more.
    await app.scheduler.tick();
    await app.idle();
    expect(connector.activitiesFor(TEAM.id).length).to.equal(channelBefore + 1);

    // 5. The tracker's history: who reported what, for which organisation, in order; the action's status is the latest.
    const history = await repo.history(TEAM.id, dv.id);
    expect(history.map((h) => [h.kind, h.organisation ?? "", h.status ?? ""])).to.deep.equal([
      ["created", "", ""],
      ["progress", "Lancashire County Council", "on_track"],
      ["progress", "Lancashire Constabulary", "at_risk"],
    ]);
    expect(history[2]!.link).to.equal("https://example.org/dv-plan");
    expect((await repo.get(TEAM.id, dv.id))!.value.status).to.equal("at_risk");
    expect((await repo.get(TEAM.id, falls.id))!.value.status).to.equal("on_track");

    // 6. Erasure: the board's actions stay; the lead's name goes from the one she led, the police
    // officer's name, words and link from his update (his organisation's status stays).
    for (const who of [USERS.member, USERS.police]) await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: `member erase ${who.name} confirm` }));
    await app.idle();
    const unled = (await repo.get(TEAM.id, falls.id))!.value;
    expect([unled.leadAadObjectId, unled.leadName]).to.deep.equal([undefined, undefined]);
    expect((await repo.history(TEAM.id, falls.id)).at(-1)!.change).to.contain("named lead removed");
    const police = (await repo.history(TEAM.id, dv.id)).find((h) => h.organisation === "Lancashire Constabulary")!;
    expect([police.byName, police.by, police.text, police.link, police.status]).to.deep.equal(["Erased member", "erased", undefined, undefined, "at_risk"]);
    expect(JSON.stringify(await repo.boardHistory(TEAM.id))).to.not.contain(USERS.police.name).and.not.contain("Funding for year two");
  });
});
