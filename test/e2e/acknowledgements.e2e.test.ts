import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { connectionStringFor } from "../../services/storage/embedded-azurite.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, personalMessage, teamInstall, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { openedForm, postActivity, startTestApp } from "../helpers/app.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { submit } from "../helpers/card-submit.ts";
import { FakeConnector } from "../helpers/fake-connector.ts";
import { liveApi, meetingPath, saveInChat, seedMeeting } from "../helpers/live.ts";
import { LiveRepository } from "../../services/storage/live.repository.ts";
import { MEETING } from "../helpers/activities.ts";

/**
 * On a storage account (here Azurite behind a proxy that can refuse writes), the bot tells a person
 * "Saved", "Launched", "Published"… only after the Table write behind it succeeded: with every
 * write refused and every read still answered, no acknowledgement is given and the person is told
 * nothing was changed; with writes back, the same action is acknowledged.
 */

/** Between the bot and Azurite: forwards everything, except that while `refuseWrites` is on, every write gets a 503. */
async function startStorageProxy(target: URL): Promise<{ url: string; port: number; refuseWrites: boolean; refused: number; close(): Promise<void> }> {
  const state = { refuseWrites: false, refused: 0 };
  const server = http.createServer((req, res) => {
    if (state.refuseWrites && !["GET", "HEAD", "OPTIONS"].includes(req.method ?? "")) {
      state.refused += 1;
      req.resume();
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ "odata.error": { code: "ServerBusy", message: { value: "refused by the test" } } }));
      return;
    }
    const upstream = http.request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}

describe("e2e: on a storage account, every acknowledgement waits for its Table write", function () {
  this.timeout(120_000);
  let azurite: TestAzurite;
  let proxy: Awaited<ReturnType<typeof startStorageProxy>>;
  let connector: FakeConnector;
  let app: RunningApp;
  const clock = new ManualClock("2026-11-23T09:00:00Z");
  const MEMBERS: TestUser[] = [USERS.chair, USERS.member, USERS.police];

  before(async () => {
    azurite = await TestAzurite.start();
    proxy = await startStorageProxy(new URL(/TableEndpoint=([^;]+)/.exec(azurite.connectionString)![1]!));
    connector = await FakeConnector.start();
    connector.addTeam({ id: TEAM.id, name: TEAM.name, members: [USERS.officer, ...MEMBERS].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })) });
    app = await startTestApp(azurite, { TABLES_CONNECTION_STRING: connectionStringFor("127.0.0.1", proxy.port), DEV_USER_AAD_ID: USERS.officer.aadObjectId }, { clock });
    await postActivity(app, teamInstall({ serviceUrl: connector.url }));
  });
  after(async () => {
    await app.stop();
    await connector.close();
    await proxy.close();
    await azurite.stop();
  });

  const invoke = async (user: TestUser, verb: string, data: object) => {
    const res = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb, data }));
    await app.idle();
    return { status: res.status, text: JSON.stringify(res.body) };
  };
  const say = async (user: TestUser, text: string) => {
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user, text }));
    await app.idle();
    return JSON.stringify(connector.activitiesFor(`a:personal-${user.aadObjectId}`).at(-1)!.activity);
  };
  /** Try with every write refused (no acknowledgement, "nothing was changed"), then again with writes back (acknowledged). */
  async function acknowledgedOnlyAfterItsWrite(label: string, act: () => Promise<{ text: string }>, ack: string): Promise<void> {
    proxy.refuseWrites = true;
    const refusedBefore = proxy.refused;
    const failed = await act();
    proxy.refuseWrites = false;
    expect(proxy.refused, `${label}: it did try to write`).to.be.greaterThan(refusedBefore);
    expect(failed.text, `${label}: no acknowledgement while its write fails`).to.not.contain(ack);
    expect(failed.text, `${label}: says it didn't happen`).to.match(/nothing was changed|couldn't save|couldn't finish/);
    const done = await act();
    expect(done.text, `${label}: acknowledged once its write succeeds`).to.contain(ack);
  }

  let form: unknown;
  const roundOf = async (title: string) => (await new RoundsRepository(app.storage).listByBoard(TEAM.id)).find((r) => r.title === title)!;

  it("launch: “Round launched” only once the round is stored", async () => {
    form = await openedForm(app, connector.url, USERS.officer, JSON.parse(await say(USERS.officer, "launch")).attachments[0].content);
    await acknowledgedOnlyAfterItsWrite("launch", () => invoke(USERS.officer, Verbs.launchRound, submit(form, Verbs.launchRound, { title: "Acks", anonymity: "named", minRespondents: "2", deadlineDate: "2026-11-30", deadlineTime: "12:00" })), "Round launched");
  });

  it("a member's save: “Saved” only once the answer is stored", async () => {
    const round = await roundOf("Acks");
    await acknowledgedOnlyAfterItsWrite("save", () => invoke(USERS.member, Verbs.saveResponse, { roundId: round.id, boardId: TEAM.id, answer_t1: "Stored before it is acknowledged." }), "Saved.");
    for (const m of [USERS.chair, USERS.police]) await invoke(m, Verbs.saveResponse, { roundId: round.id, boardId: TEAM.id, answer_t1: `A view from ${m.name}.` });
  });

  it("extend, close: acknowledged only once the round is updated", async () => {
    const round = await roundOf("Acks");
    await acknowledgedOnlyAfterItsWrite("extend", () => invoke(USERS.officer, Verbs.extendRound, { roundId: round.id, boardId: TEAM.id, [`extendDate_${round.id}`]: "2026-12-02", [`extendTime_${round.id}`]: "12:00" }), "now closes");
    await acknowledgedOnlyAfterItsWrite("close", () => invoke(USERS.officer, Verbs.closeRound, { roundId: round.id, boardId: TEAM.id }), "is closed");
  });

  it("review and publish: “Saved” and “Published” only once the summary is stored", async () => {
    const round = await roundOf("Acks");
    await acknowledgedOnlyAfterItsWrite("summary save", () => invoke(USERS.officer, Verbs.saveSummary, { roundId: round.id, boardId: TEAM.id, revision: "1" }), "Saved. Nothing goes");
    await acknowledgedOnlyAfterItsWrite("publish", () => invoke(USERS.officer, Verbs.publishSummary, { roundId: round.id, boardId: TEAM.id, revision: "2" }), "Published.");
  });

  it("roles: given and taken only once the board's roles are stored", async () => {
    await acknowledgedOnlyAfterItsWrite("give a role", () => invoke(USERS.officer, Verbs.addRole, { boardId: TEAM.id, people: USERS.police.aadObjectId, role: "officer" }), "is now an officer");
    await acknowledgedOnlyAfterItsWrite("take a role", () => invoke(USERS.officer, Verbs.removeRole, { boardId: TEAM.id, aadObjectId: USERS.police.aadObjectId, role: "officer" }), "no longer an officer");
  });

  it("cancel and member erasure: acknowledged only once stored", async () => {
    await invoke(USERS.officer, Verbs.launchRound, submit(form, Verbs.launchRound, { title: "To cancel", deadlineDate: "2026-11-30", deadlineTime: "12:00" }));
    const round = await roundOf("To cancel");
    await acknowledgedOnlyAfterItsWrite("cancel", () => invoke(USERS.officer, Verbs.cancelRound, { roundId: round.id, boardId: TEAM.id }), "was cancelled");
    await acknowledgedOnlyAfterItsWrite("erase", async () => ({ text: await say(USERS.officer, `member erase ${USERS.member.name} confirm`) }), "Erased");
  });

  it("live workshop: started, a sticker “Saved” and “ended” only once each is stored", async () => {
    await seedMeeting(app, connector, { participants: [USERS.officer, ...MEMBERS] });
    const api = async (method: "POST" | "PUT", path: string, body?: unknown) => ({ text: JSON.stringify((await liveApi(app, method, path, body)).body) });
    await acknowledgedOnlyAfterItsWrite("start a live activity", () => api("POST", meetingPath(), { boardId: TEAM.id, kind: "vote", title: "Live acks", options: ["A", "B"], stickers: 2 }), '"status":"open"');
    const [activity] = await new LiveRepository(app.storage).listByMeeting(MEETING.chatId);
    await acknowledgedOnlyAfterItsWrite("place stickers in the chat", async () => ({ text: JSON.stringify((await saveInChat(app, connector, USERS.member, { activityId: activity!.id, stickers_o1: "2", stickers_o2: "0" })).body) }), "Saved:");
    await acknowledgedOnlyAfterItsWrite("place stickers in the side panel", () => api("PUT", `/api/live/${activity!.id}/mine`, { stickers: { o2: 1 } }), '"savedText"');
    await acknowledgedOnlyAfterItsWrite("end it", () => api("POST", `/api/live/${activity!.id}/end`), '"status":"ended"');
  });
});
