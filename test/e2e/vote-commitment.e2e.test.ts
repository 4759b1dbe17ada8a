import { expect } from "chai";
import { ORGANISATIONS } from "../helpers/actions.ts";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { collaborationOpportunities, commitmentMatrix } from "../../services/results/commitments.ts";
import { tallyVotes } from "../../services/results/votes.ts";
import { ResponsesRepository } from "../../services/storage/responses.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, personalMessage, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { postActivity, openedForm } from "../helpers/app.ts";
import { inputsOf, submit } from "../helpers/card-submit.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import type { FakeConnector, SentActivity } from "../helpers/fake-connector.ts";

const OFFICER = USERS.officer;
const MEMBERS: TestUser[] = [USERS.chair, USERS.member, USERS.police, USERS.fire];
const ORGS = ORGANISATIONS;

interface InvokeBody { statusCode: number; type: string; value: Record<string, unknown> }

function cardOf(activity: { attachments?: Array<{ content?: unknown }> }): Record<string, unknown> {
  return activity.attachments?.[0]?.content as Record<string, unknown>;
}

describe("e2e: vote and commitment rounds over HTTP", function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let app: RunningApp;

  let board: TestBoard;
  beforeEach(async () => {
    board = await startBoard({ users: [OFFICER, ...MEMBERS], env: { OFFICER_AAD_IDS: OFFICER.aadObjectId }, app: { clock: new ManualClock("2026-11-23T09:00:00Z") } });
    ({ connector, app } = board);
  });
  afterEach(async () => {
    await board.stop();
  });

  const invoke = async (user: TestUser, verb: string, data: unknown, conversationId?: string) => {
    const res = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb, data, conversationId }));
    return { status: res.status, body: res.body as InvokeBody };
  };

  async function launch(typed: Record<string, string>) {
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
    const form = await openedForm(app, connector.url, OFFICER, cardOf(connector.sentActivities.at(-1)!.activity));
    const res = await invoke(OFFICER, Verbs.launchRound, submit(form, Verbs.launchRound, { deadlineDate: "2026-11-30", deadlineTime: "17:00", ...typed }));
    expect(res.status).to.equal(200);
    await app.idle();
    const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
    expect(round, JSON.stringify(res.body.value).slice(0, 600)).to.not.equal(undefined);
    const prompts = new Map<string, SentActivity>();
    for (const m of MEMBERS) prompts.set(m.aadObjectId, connector.activitiesFor(connector.personalConversationId(m.id))[0]!);
    return { round: round!, prompts };
  }

  it("runs a priority vote: two votes each, moved before the deadline, a forged 5-vote payload refused, ranking computed", async () => {
    const { round, prompts } = await launch({ title: "Priorities for 2027", kinds: "vote" });
    expect(round.definition.kinds).to.deep.equal(["vote"]);
    expect(round.definition.options.map((o) => o.label)).to.deep.equal([
      "Maternal and child health", "Mental health and wellbeing", "Long term conditions", "Improve health and independence of older people",
    ]);
    expect(round.definition.votesPerMember).to.equal(2);

    const card = cardOf(prompts.get(USERS.member.aadObjectId)!.activity);
    expect(Object.keys(inputsOf(card))).to.include.members(["vote_o1", "vote_o2", "vote_o3", "vote_o4", "why_o1"]);
    const vote = (user: TestUser, typed: Record<string, string>, from?: Record<string, unknown>) => {
      const prompt = prompts.get(user.aadObjectId)!;
      return invoke(user, Verbs.saveResponse, submit(from ?? cardOf(prompt.activity), Verbs.saveResponse, typed), prompt.conversationId);
    };

    // Forged: 5 votes when members have 2. Refused, clearly; nothing stored.
    const forged = await invoke(USERS.member, Verbs.saveResponse, { roundId: round.id, boardId: TEAM.id, vote_o1: "3", vote_o2: "2" }, prompts.get(USERS.member.aadObjectId)!.conversationId);
    expect(JSON.stringify(forged.body.value)).to.contain("You placed 5 votes but have 2");
    expect(await new ResponsesRepository(app.storage).get(round.id, USERS.member.aadObjectId)).to.equal(undefined);

    // Priya puts both votes on mental health, then moves one to older people.
    const first = await vote(USERS.member, { vote_o2: "2", why_o2: "The JSNA shows the biggest gap here." });
    expect(JSON.stringify(first.body.value)).to.contain("2 of 2 votes placed");
    await vote(USERS.member, { vote_o2: "1", vote_o4: "1" }, first.body.value);
    await vote(USERS.chair, { vote_o2: "1", vote_o3: "1" });
    await vote(USERS.police, { vote_o3: "2" });

    const responses = await new ResponsesRepository(app.storage).listByRound(round.id);
    const priya = responses.find((r) => r.memberAadObjectId === USERS.member.aadObjectId)!;
    expect(priya.votes).to.deep.equal({ o2: 1, o4: 1 });
    expect(priya.voteReasons).to.deep.equal({ o2: "The JSNA shows the biggest gap here." });
    const ranking = tallyVotes(round.definition.options, responses).map((r) => [r.label, r.votes, r.voters]);
    expect(ranking.slice(0, 2)).to.deep.equal([["Long term conditions", 3, 2], ["Mental health and wellbeing", 2, 2]]);
  });

  it("runs a commitment round: levels and details per intervention, organisation kept as the member's profile, matrix and opportunities", async () => {
    const { round, prompts } = await launch({ title: "Who will do what", kinds: "commitment" });
    expect(round.definition.interventions).to.have.length(10);
    const commit = (user: TestUser, typed: Record<string, string>) => {
      const prompt = prompts.get(user.aadObjectId)!;
      return invoke(user, Verbs.saveResponse, submit(cardOf(prompt.activity), Verbs.saveResponse, { organisation: ORGS[user.aadObjectId]!, ...typed }), prompt.conversationId);
    };

    const lead = await commit(USERS.chair, {
      commit_i3_level: "lead", commit_i3_rep: "Director of Public Health", commit_i3_resources: "Two officers", commit_i3_timescale: "From April 2027", commit_i3_impact: "Fewer DV repeat incidents",
      commit_i5_level: "contribute",
    });
    expect(lead.status).to.equal(200);
    expect(JSON.stringify(lead.body.value)).to.contain("Saved.");
    await commit(USERS.police, { commit_i3_level: "contribute", commit_i5_level: "consult" });
    await commit(USERS.member, { commit_i5_level: "support", commit_i7_level: "lead" });

    // A made-up level is refused, with nothing stored.
    const bad = await commit(USERS.fire, { commit_i3_level: "champion" });
    expect(JSON.stringify(bad.body.value)).to.contain("is not a commitment level");
    expect(await new ResponsesRepository(app.storage).get(round.id, USERS.fire.aadObjectId)).to.equal(undefined);

    const responses = await new ResponsesRepository(app.storage).listByRound(round.id);
    const matrix = commitmentMatrix(round.definition.interventions ?? [], responses);
    const i3 = matrix.rows.find((r) => r.interventionId === "i3")!;
    expect(i3.cells).to.deep.equal({ "Lancashire County Council": "lead", "Lancashire Constabulary": "contribute" });
    const report = collaborationOpportunities(matrix, round.definition.options, responses);
    expect(report.collaborations.map((c) => c.id)).to.deep.equal(["i3", "i5"]);
    expect(report.unled.map((u) => u.id)).to.include("i5");

    // The organisation is remembered: the member's next card offers it.
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: USERS.chair, text: "status", conversationId: prompts.get(USERS.chair.aadObjectId)!.conversationId }));
    const status = cardOf(connector.sentActivities.at(-1)!.activity);
    const reopened = await invoke(USERS.chair, Verbs.refreshResponse, submit(status, Verbs.refreshResponse), prompts.get(USERS.chair.aadObjectId)!.conversationId);
    expect(inputsOf(reopened.body.value).organisation).to.equal("Lancashire County Council");
  });

  it("runs a combined round (feedback, vote and commitments) on one card, under the size limit", async () => {
    const { round, prompts } = await launch({ title: "Everything at once", kinds: "feedback,vote,commitment" });
    expect(round.definition.kinds).to.deep.equal(["feedback", "vote", "commitment"]);
    const prompt = prompts.get(USERS.member.aadObjectId)!;
    const card = cardOf(prompt.activity);
    expect(Buffer.byteLength(JSON.stringify(card))).to.be.lessThan(70 * 1024);
    const res = await invoke(USERS.member, Verbs.saveResponse, submit(card, Verbs.saveResponse, {
      answer_t1: "Leadership across the county.", vote_o1: "1", vote_o3: "1", organisation: "NHS Morecambe Bay CCG", commit_i1_level: "support",
    }), prompt.conversationId);
    expect(JSON.stringify(res.body.value)).to.contain("Saved.");
    const saved = await new ResponsesRepository(app.storage).get(round.id, USERS.member.aadObjectId);
    expect(saved?.value).to.deep.include({ answers: { t1: "Leadership across the county." }, votes: { o1: 1, o3: 1 }, organisation: "NHS Morecambe Bay CCG" });
    expect(saved?.value.commitments).to.deep.equal([{ interventionId: "i1", level: "support" }]);
  });
});
