import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { AuditRepository } from "../../services/storage/audit.repository.ts";
import { BoardsRepository } from "../../services/storage/boards.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, channelMessage, personalMessage, teamInstall, teamMembersRemoved, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { postActivity, openedForm } from "../helpers/app.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import { submit } from "../helpers/card-submit.ts";
import type { FakeConnector, SentActivity } from "../helpers/fake-connector.ts";

const HABIB = USERS.officer;
const TEAM_PEOPLE: TestUser[] = [HABIB, USERS.chair, USERS.member, USERS.police, USERS.fire];
const OUTSIDER: TestUser = { id: "29:outsider", aadObjectId: "0e0e0e0e-0000-4000-8000-000000000001", name: "Olive Outsider" };

const cardOf = (s: SentActivity | undefined) => s?.activity.attachments?.[0]?.content as Record<string, unknown>;

describe("e2e: roles per board, managed in Teams", function () {
  this.timeout(60_000);
  let board: TestBoard;
  let app: RunningApp;
  let connector: FakeConnector;
  const clock = new ManualClock("2026-11-23T09:00:00Z");

  before(async () => {
    // No OFFICER_AAD_IDS: nobody is an officer until the app is installed.
    board = await startBoard({ users: TEAM_PEOPLE, app: { clock }, install: false });
    ({ app, connector } = board);
  });
  after(async () => {
    await board.stop();
  });

  const chat = (user: TestUser) => `a:personal-${user.aadObjectId}`;
  const say = async (user: TestUser, text: string) => {
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user, text }));
    await app.idle();
    return connector.activitiesFor(chat(user)).at(-1)!;
  };
  const invoke = async (user: TestUser, verb: string, data: object) => {
    const res = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb, data }));
    await app.idle();
    return { status: res.status, text: JSON.stringify(res.body), card: (res.body as { value?: unknown }).value as Record<string, unknown> };
  };
  const roles = async () => (await new BoardsRepository(app.storage).read(TEAM.id)).roles.map((r) => `${r.role}:${r.name}`).sort();
  const audit = async (user: TestUser) => (await new AuditRepository(app.storage).listForMember(user.aadObjectId)).map((a) => `${a.action} by ${a.byName}: ${a.details}`);

  it("makes whoever installs the app in the team its first officer — no GUIDs — and says so in the audit", async () => {
    expect((await say(HABIB, "launch")).activity.text).to.contain("not an officer of any board");
    await postActivity(app, teamInstall({ serviceUrl: connector.url, user: HABIB }));
    expect(await roles()).to.deep.equal([`officer:${HABIB.name}`]);
    expect(await audit(HABIB)).to.deep.equal([`role-added by ${HABIB.name}: ${HABIB.name}: officer of ${TEAM.name}`]);
    // Installing again (Teams resends install events; a member re-adds the app) adds nobody.
    await postActivity(app, teamInstall({ serviceUrl: connector.url, user: USERS.police }));
    expect(await roles()).to.deep.equal([`officer:${HABIB.name}`]);
    expect(JSON.stringify(cardOf(await say(HABIB, "launch")))).to.contain("Open the launch form");
  });

  it("shows the roles card with a people picker and the roster, and gives a role to the people picked; they are told 1:1", async () => {
    const card = cardOf(await say(HABIB, "roles"));
    expect(JSON.stringify(card)).to.contain("graph.microsoft.com/users");
    for (const person of TEAM_PEOPLE) expect(JSON.stringify(card)).to.contain(person.name);
    const res = await invoke(HABIB, Verbs.addRole, submit(card, Verbs.addRole, { people: `${USERS.chair.aadObjectId}`, role: "chair" }));
    expect(res.status).to.equal(200);
    expect(res.text).to.contain(`${USERS.chair.name} is now the chair; I've told them 1:1.`);
    expect(await roles()).to.deep.equal([`chair:${USERS.chair.name}`, `officer:${HABIB.name}`]);
    const told = connector.activitiesFor(connector.personalConversationId(USERS.chair.id)).at(-1)!;
    expect(told.activity.text).to.contain(`${HABIB.name} made you the **chair** of **${TEAM.name}**`);
    expect(await audit(USERS.chair)).to.deep.equal([`role-added by ${HABIB.name}: ${USERS.chair.name}: chair of ${TEAM.name}`]);
  });

  it("takes the person's Teams user id from a people picker that sends it instead of the AAD object ID (the Agents Playground's does)", async () => {
    const res = await invoke(HABIB, Verbs.addRole, { boardId: TEAM.id, people: USERS.member.id, role: "chair" });
    expect(res.text).to.contain(`${USERS.member.name} is now the chair`);
    await invoke(HABIB, Verbs.removeRole, { boardId: TEAM.id, aadObjectId: USERS.member.aadObjectId, role: "chair" });
    expect(await roles()).to.deep.equal([`chair:${USERS.chair.name}`, `officer:${HABIB.name}`]);
  });

  it("gives a role only to people on the team's roster", async () => {
    const card = cardOf(await say(HABIB, "roles"));
    const res = await invoke(HABIB, Verbs.addRole, submit(card, Verbs.addRole, { people: OUTSIDER.aadObjectId, role: "officer" }));
    expect(res.text).to.contain("One person isn't on the team, so nothing was given to them");
    expect(await roles()).to.deep.equal([`chair:${USERS.chair.name}`, `officer:${HABIB.name}`]);
    expect((await say(HABIB, `roles add ${OUTSIDER.name} officer`)).activity.text).to.contain("couldn't find");
  });

  it("takes roles by text too: an @mention in the channel, or a name in the 1:1 chat", async () => {
    await postActivity(app, channelMessage({ serviceUrl: connector.url, user: HABIB, text: `roles add <at>${USERS.police.name}</at> officer`, mentions: [USERS.police] }));
    await app.idle();
    expect(await roles()).to.include(`officer:${USERS.police.name}`);
    // A surname is enough when only one person on the team has it.
    const reply = await say(HABIB, `roles add Mirza officer`);
    expect(JSON.stringify(cardOf(reply))).to.contain(`${USERS.fire.name} is now an officer`);
    // Members can't change roles, whatever they type or press.
    expect((await say(USERS.member, `roles add ${USERS.member.name} officer`)).activity.text).to.contain("Only a board's officers");
    const forged = await invoke(USERS.member, Verbs.addRole, { boardId: TEAM.id, people: USERS.member.aadObjectId, role: "officer" });
    expect(forged.status).to.equal(403);
    expect(await roles()).to.not.include(`officer:${USERS.member.name}`);
  });

  it("never removes the last officer, even when two officers remove each other at the same moment", async () => {
    await invoke(HABIB, Verbs.removeRole, { boardId: TEAM.id, aadObjectId: USERS.fire.aadObjectId, role: "officer" });
    expect(await roles()).to.deep.equal([`chair:${USERS.chair.name}`, `officer:${HABIB.name}`, `officer:${USERS.police.name}`]);
    const [a, b] = await Promise.all([
      invoke(HABIB, Verbs.removeRole, { boardId: TEAM.id, aadObjectId: USERS.police.aadObjectId, role: "officer" }),
      invoke(USERS.police, Verbs.removeRole, { boardId: TEAM.id, aadObjectId: HABIB.aadObjectId, role: "officer" }),
    ]);
    const officers = (await roles()).filter((r) => r.startsWith("officer:"));
    expect(officers, "exactly one officer is left").to.have.length(1);
    expect([a.text, b.text].filter((t) => t.includes("only officer"))).to.have.length(1);
    // Put the board back as it was: Habib its officer.
    if (officers[0] !== `officer:${HABIB.name}`) {
      await invoke(USERS.police, Verbs.addRole, { boardId: TEAM.id, people: HABIB.aadObjectId, role: "officer" });
      await invoke(HABIB, Verbs.removeRole, { boardId: TEAM.id, aadObjectId: USERS.police.aadObjectId, role: "officer" });
    }
    expect(await roles()).to.deep.equal([`chair:${USERS.chair.name}`, `officer:${HABIB.name}`]);
    const alone = await invoke(HABIB, Verbs.removeRole, { boardId: TEAM.id, aadObjectId: HABIB.aadObjectId, role: "officer" });
    expect(alone.text).to.contain("is the board's only officer");
    expect(await audit(USERS.police)).to.include(`role-removed by ${HABIB.name}: ${USERS.police.name}: officer of ${TEAM.name}`);
  });

  it("sends the chair each published digest 1:1, and `summary` as chair shows the latest digest with the full report", async () => {
    const form = await openedForm(app, connector.url, HABIB, cardOf(await say(HABIB, "launch")));
    await invoke(HABIB, Verbs.launchRound, submit(form, Verbs.launchRound, { title: "Chair's digest round", anonymity: "named", minRespondents: "2", deadlineDate: "2026-11-30", deadlineTime: "12:00" }));
    const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
    for (const user of [USERS.chair, USERS.member, USERS.police]) {
      await invoke(user, Verbs.saveResponse, { roundId: round!.id, boardId: TEAM.id, answer_t1: `The Board should lead on prevention across the county, says ${user.name}.` });
    }
    await invoke(HABIB, Verbs.closeRound, { roundId: round!.id, boardId: TEAM.id });
    const draft = await openedForm(app, connector.url, HABIB, connector.activitiesFor(chat(HABIB)).map(cardOf).filter((c) => JSON.stringify(c ?? "").includes(Verbs.openReview)).at(-1)!);
    await invoke(HABIB, Verbs.publishSummary, submit(draft, Verbs.publishSummary));
    const toChair = connector.activitiesFor(connector.personalConversationId(USERS.chair.id)).concat(connector.activitiesFor(chat(USERS.chair))).map(cardOf).filter(Boolean);
    const digest = toChair.find((c) => JSON.stringify(c).includes("Chair's digest round") && JSON.stringify(c).includes("members responded"));
    expect(digest, "the digest reached the chair 1:1").to.not.equal(undefined);
    expect(JSON.stringify(digest)).to.contain("/reports/");
    // A member who isn't the chair gets it in the channel, not 1:1.
    expect(connector.activitiesFor(connector.personalConversationId(USERS.member.id)).map(cardOf).filter((c) => JSON.stringify(c ?? "").includes("responded"))).to.deep.equal([]);
    const summary = JSON.stringify(cardOf(await say(USERS.chair, "summary")));
    expect(summary).to.contain("Chair's digest round").and.contain("/reports/");
  });

  it("ends the roles and the access of someone who leaves the team (audited), whether Teams says so or the roster shows it", async () => {
    // Police are made an officer, then removed from the team: Teams sends membersRemoved.
    await invoke(HABIB, Verbs.addRole, { boardId: TEAM.id, people: USERS.police.aadObjectId, role: "officer" });
    connector.addTeam({ id: TEAM.id, name: TEAM.name, members: [HABIB, USERS.chair, USERS.member, USERS.fire].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })) });
    await postActivity(app, teamMembersRemoved({ serviceUrl: connector.url, removed: [USERS.police] }));
    expect(await roles()).to.not.include(`officer:${USERS.police.name}`);
    expect(await audit(USERS.police)).to.include(`role-removed by Teams (left the team): ${USERS.police.name}: officer of ${TEAM.name}`);
    expect((await say(USERS.police, "roles")).activity.text).to.contain("not an officer of any board");
    expect((await say(USERS.police, "summary")).activity.text).to.contain("not on the team of any board");

    // The chair leaves without Teams telling us: once the roster is read again (≤ 5 minutes), she's out too.
    connector.addTeam({ id: TEAM.id, name: TEAM.name, members: [HABIB, USERS.member, USERS.fire].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })) });
    clock.advance({ minutes: 6 });
    expect((await say(USERS.chair, "summary")).activity.text).to.contain("not on the team of any board");
    await say(HABIB, "roles"); // the roles card tidies up roles of people no longer on the team
    expect(await roles()).to.deep.equal([`officer:${HABIB.name}`]);
    expect(await audit(USERS.chair)).to.include(`role-removed by Teams (left the team): ${USERS.chair.name}: chair of ${TEAM.name}`);
  });
});

describe("e2e: a deployment from before roles were per board (OFFICER_AAD_IDS, CHAIR_AAD_IDS) keeps working", function () {
  this.timeout(60_000);
  const ADMIN_OFF_TEAM: TestUser = { id: "29:it-admin", aadObjectId: "0a0a0a0a-0000-4000-8000-000000000001", name: "County IT admin" };

  it("lets the configured officers run the board with no stored roles, sends the configured chair the digest, and lets an administrator not on the team recover it", async () => {
    const clock = new ManualClock("2026-11-23T09:00:00Z");
    const board = await startBoard({
      users: [HABIB, USERS.chair, USERS.member, USERS.police],
      env: { OFFICER_AAD_IDS: `${HABIB.aadObjectId},${ADMIN_OFF_TEAM.aadObjectId}`, CHAIR_AAD_IDS: USERS.chair.aadObjectId },
      app: { clock },
      install: false,
    });
    const { app, connector } = board;
    try {
      // The old version stored the team when it was installed, and nothing about roles.
      const install = teamInstall({ serviceUrl: connector.url, user: USERS.member });
      await postActivity(app, { ...install, type: "message", text: "<at>Sounding Board</at> hello", membersAdded: undefined, entities: [] });
      expect((await new BoardsRepository(app.storage).read(TEAM.id)).roles).to.deep.equal([]);

      const invoke = (user: TestUser, verb: string, data: object) => postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb, data }));
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: HABIB, text: "launch" }));
      const form = await openedForm(app, connector.url, HABIB, cardOf(connector.activitiesFor(`a:personal-${HABIB.aadObjectId}`).at(-1)));
      await invoke(HABIB, Verbs.launchRound, submit(form, Verbs.launchRound, { title: "Legacy round", anonymity: "named", minRespondents: "2", deadlineDate: "2026-11-30", deadlineTime: "12:00" }));
      await app.idle();
      const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
      // Configured officers run rounds; they aren't asked (the chair and members are).
      expect(connector.activitiesFor(connector.personalConversationId(HABIB.id))).to.deep.equal([]);
      for (const user of [USERS.chair, USERS.member, USERS.police]) await invoke(user, Verbs.saveResponse, { roundId: round!.id, boardId: TEAM.id, answer_t1: "Lead on prevention across the county." });
      await invoke(HABIB, Verbs.closeRound, { roundId: round!.id, boardId: TEAM.id });
      await app.idle();
      const opener = connector.activitiesFor(`a:personal-${HABIB.aadObjectId}`).map(cardOf).filter((c) => JSON.stringify(c ?? "").includes("Draft summary ready")).at(-1);
      expect(opener, "the configured officer on the team got the draft").to.not.equal(undefined);
      const draft = await openedForm(app, connector.url, HABIB, opener);
      await invoke(HABIB, Verbs.publishSummary, submit(draft, Verbs.publishSummary));
      await app.idle();
      expect(connector.activitiesFor(TEAM.id).map(cardOf).some((c) => JSON.stringify(c ?? "").includes("Legacy round"))).to.equal(true);
      const toChair = connector.sentActivities.filter((s) => s.conversationId.includes(USERS.chair.aadObjectId) || s.conversationId === connector.personalConversationId(USERS.chair.id));
      expect(toChair.map(cardOf).some((c) => JSON.stringify(c ?? "").includes("members responded")), "the configured chair got the digest 1:1").to.equal(true);

      // An administrator who isn't on the team can still act, e.g. to give the board an officer of its own.
      const res = await invoke(ADMIN_OFF_TEAM, Verbs.addRole, { boardId: TEAM.id, people: USERS.police.aadObjectId, role: "officer" });
      expect(res.status).to.equal(200);
      expect((await new BoardsRepository(app.storage).read(TEAM.id)).roles.map((r) => [r.role, r.name])).to.deep.equal([["officer", USERS.police.name]]);
    } finally {
      await board.stop();
    }
  });
});
