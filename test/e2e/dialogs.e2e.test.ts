import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, dialogInvoke, personalMessage, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { postActivity } from "../helpers/app.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import type { FakeConnector } from "../helpers/fake-connector.ts";

type Json = Record<string, unknown>;
const OFFICER = USERS.officer;
const MEMBERS: TestUser[] = [USERS.chair, USERS.member, USERS.police];
const cardOf = (a: { attachments?: Array<{ content?: unknown }> }) => a.attachments?.[0]?.content as Json;

function collect(node: unknown, match: (o: Json) => boolean, out: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => collect(n, match, out));
  else if (node && typeof node === "object") {
    if (match(node as Json)) out.push(node as Json);
    Object.values(node as Json).forEach((v) => collect(v, match, out));
  }
  return out;
}
/** What Teams sends when a dialog form's Action.Submit is pressed: its data merged with the inputs' values (empty ones left out). */
function dialogSubmit(card: unknown, verb: string, typed: Record<string, string> = {}): Json {
  const action = collect(card, (o) => o.type === "Action.Submit" && (o.data as Json | undefined)?.verb === verb)[0];
  if (!action) throw new Error(`no Action.Submit for ${verb} in the dialog`);
  const inputs = Object.fromEntries(collect(card, (o) => typeof o.type === "string" && o.type.startsWith("Input.") && typeof o.id === "string").map((i) => [i.id as string, i.value === undefined ? "" : String(i.value)]));
  const values = Object.fromEntries(Object.entries({ ...inputs, ...typed }).filter(([, v]) => v !== ""));
  return { ...(action.data as Json), ...values };
}

describe("e2e: long forms in a Teams dialog (task/fetch → the form, task/submit → the same verbs)", function () {
  this.timeout(60_000);
  let connector: FakeConnector;
  let app: RunningApp;
  let board: TestBoard;
  const clock = new ManualClock("2026-11-23T09:00:00Z");

  before(async () => {
    board = await startBoard({ users: [OFFICER, ...MEMBERS], env: { OFFICER_AAD_IDS: OFFICER.aadObjectId }, app: { clock } });
    ({ connector, app } = board);
  });
  after(async () => {
    await board.stop();
  });

  const dialog = async (user: TestUser, name: "task/fetch" | "task/submit", data: unknown) => {
    const res = await postActivity(app, dialogInvoke({ serviceUrl: connector.url, user, name, data }));
    return { status: res.status, body: res.body as { task: { type: string; value: Json & { card?: { contentType: string; content: Json } } } } };
  };
  const officerChat = `a:personal-${OFFICER.aadObjectId}`;

  it("launches a round from the dialog the short launch card opens; the draft's short card opens the review, which publishes", async () => {
    // `launch` in the chat: a short card, not the 4,000-pixel form.
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
    const opener = cardOf(connector.activitiesFor(officerChat).at(-1)!.activity);
    expect(collect(opener, (o) => typeof o.type === "string" && o.type.startsWith("Input."))).to.deep.equal([]);
    const open = collect(opener, (o) => o.type === "Action.Submit" && (o.data as Json | undefined)?.msteams !== undefined)[0]!;
    expect((open.data as Json).msteams).to.deep.equal({ type: "task/fetch" });

    // Teams sends the button's data as task/fetch; the form comes back for the dialog, every button an Action.Submit.
    const fetched = await dialog(OFFICER, "task/fetch", open.data);
    expect([fetched.status, fetched.body.task.type, fetched.body.task.value.title]).to.deep.equal([200, "continue", "Launch a round"]);
    const form = fetched.body.task.value.card!.content;
    expect(fetched.body.task.value.card!.contentType).to.equal("application/vnd.microsoft.card.adaptive");
    expect(collect(form, (o) => o.type === "Action.Execute")).to.deep.equal([]);
    expect(form.refresh).to.equal(undefined);

    // A bad deadline: the dialog stays open with the form and what is wrong.
    const refused = await dialog(OFFICER, "task/submit", dialogSubmit(form, Verbs.launchRound, { title: "In a dialog", deadlineDate: "2020-01-01", deadlineTime: "12:00" }));
    expect(refused.body.task.type).to.equal("continue");
    expect(JSON.stringify(refused.body.task.value.card)).to.contain("Not launched yet");
    expect(await new RoundsRepository(app.storage).listByBoard(TEAM.id)).to.have.length(0);

    const launched = await dialog(OFFICER, "task/submit", dialogSubmit(form, Verbs.launchRound, { title: "In a dialog", anonymity: "named", deadlineDate: "2026-11-30", deadlineTime: "17:00" }));
    expect(JSON.stringify(launched.body.task.value.card)).to.contain("Round launched");
    await app.idle();
    const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
    expect(round!.title).to.equal("In a dialog");

    // The draft arrives as a short card too; its dialog is the review, which publishes.
    const chat = (u: TestUser) => connector.activitiesFor(connector.personalConversationId(u.id));
    for (const m of MEMBERS) {
      const prompt = chat(m)[0]!;
      await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: m, verb: Verbs.saveResponse, data: { roundId: round!.id, boardId: TEAM.id, answer_t1: `The Board leads across the county (${m.name}).` }, conversationId: prompt.conversationId }));
    }
    clock.set("2026-11-30T17:00:01Z");
    await app.scheduler.tick();
    await app.idle();
    const draftCard = connector.activitiesFor(officerChat).map((s) => cardOf(s.activity)).filter((c) => c && JSON.stringify(c).includes("Draft summary ready")).at(-1)!;
    const openReview = collect(draftCard, (o) => o.type === "Action.Submit" && (o.data as Json | undefined)?.msteams !== undefined)[0]!;
    // Only the board's officers may open it.
    const notOfficer = await dialog(USERS.member, "task/fetch", openReview.data);
    expect([notOfficer.status, notOfficer.body.task.type]).to.deep.equal([403, "message"]);
    const review = await dialog(OFFICER, "task/fetch", openReview.data);
    expect(review.body.task.value.title).to.equal("Review the draft summary");
    const published = await dialog(OFFICER, "task/submit", dialogSubmit(review.body.task.value.card!.content, Verbs.publishSummary));
    expect(JSON.stringify(published.body.task.value)).to.contain("Published");
    await app.idle();
    expect(connector.activitiesFor(TEAM.id).some((s) => JSON.stringify(cardOf(s.activity) ?? "").includes("In a dialog"))).to.equal(true);
  });

  it("refuses a dialog it doesn't know, clearly, with nothing done", async () => {
    const bad = await postActivity(app, dialogInvoke({ serviceUrl: connector.url, user: OFFICER, name: "task/fetch", data: { msteams: { type: "task/fetch" } } }));
    expect(bad.status).to.equal(400);
    const unknown = await dialog(OFFICER, "task/submit", { verb: "nothing.here" });
    expect(unknown.body.task.type).to.equal("message");
  });
});
