import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ConversationsRepository } from "../../services/storage/conversations.repository.ts";
import { actionInvoke, channelMessage, personalInstall, personalMessage, teamInstall, TENANT_ID, TEAM, USERS } from "../helpers/activities.ts";
import { startTestApp, postActivity } from "../helpers/app.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { FakeConnector } from "../helpers/fake-connector.ts";

function attachmentText(activity: { attachments?: Array<{ contentType?: string; content?: unknown }> }): string {
  const attachment = activity.attachments?.[0];
  expect(attachment?.contentType).to.equal("application/vnd.microsoft.card.adaptive");
  return JSON.stringify(attachment?.content);
}

describe("e2e: the real server over HTTP with the fake Bot Connector and Azurite", function () {
  let azurite: TestAzurite;
  let connector: FakeConnector;
  let app: RunningApp;

  before(async () => {
    azurite = await TestAzurite.start();
    connector = await FakeConnector.start();
  });
  after(async () => {
    await connector.close();
    await azurite.stop();
  });
  beforeEach(async () => {
    connector.reset();
    app = await startTestApp(azurite);
  });
  afterEach(async () => {
    await app.stop();
  });

  it("welcomes a member on personal install, stores the conversation reference, and answers help", async () => {
    const install = await postActivity(app, personalInstall({ serviceUrl: connector.url }));
    expect(install.status).to.equal(200);

    const welcome = connector.sentActivities;
    expect(welcome).to.have.length(1);
    expect(welcome[0]?.conversationId).to.equal(`a:personal-${USERS.member.aadObjectId}`);
    expect(attachmentText(welcome[0]!.activity)).to.contain("Hello Priya!");

    const stored = await new ConversationsRepository(app.storage).get(TENANT_ID, "personal", USERS.member.aadObjectId);
    expect(stored?.value.reference.serviceUrl).to.equal(connector.url);
    expect(stored?.value.reference.conversation.id).to.equal(`a:personal-${USERS.member.aadObjectId}`);
    expect(stored?.value.welcomedAt).to.be.a("string");

    const help = await postActivity(app, personalMessage({ serviceUrl: connector.url, text: "help" }));
    expect(help.status).to.equal(200);
    const reply = connector.sentActivities[1];
    expect(reply?.kind).to.equal("reply");
    expect(attachmentText(reply!.activity)).to.contain("What Sounding Board can do");
  });

  it("welcomes a team in its General channel and keys the reference by team", async () => {
    const res = await postActivity(app, teamInstall({ serviceUrl: connector.url }));
    expect(res.status).to.equal(200);
    expect(connector.activitiesFor(TEAM.id)).to.have.length(1);
    const stored = await new ConversationsRepository(app.storage).get(TENANT_ID, "team", TEAM.id);
    expect(stored?.value.teamName).to.equal(TEAM.name);
  });

  it("replies in a channel thread when @mentioned, with a hint for unknown text", async () => {
    await postActivity(app, channelMessage({ serviceUrl: connector.url, text: "reticulate splines" }));
    const sent = connector.sentActivities;
    expect(sent).to.have.length(1);
    expect(sent[0]?.activity.text).to.contain("didn't understand “reticulate splines”");
  });

  it("returns Action.Execute results in the invoke response: a card for a known verb, 400 for an unknown one", async () => {
    const ok = await postActivity(app, actionInvoke({ serviceUrl: connector.url, verb: Verbs.showHelp }));
    expect(ok.status).to.equal(200);
    const okBody = ok.body as { statusCode: number; type: string; value: unknown };
    expect(okBody.type).to.equal("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(okBody.value)).to.contain("What Sounding Board can do");

    const bad = await postActivity(app, actionInvoke({ serviceUrl: connector.url, verb: "no.such.verb" }));
    expect(bad.status).to.equal(400);
    expect(bad.body).to.deep.include({ statusCode: 400, type: "application/vnd.microsoft.error" });
    // Invokes answer in the HTTP response; nothing is posted to the conversation.
    expect(connector.sentActivities).to.have.length(0);
  });

  it("rejects a malformed body with 400 and no side effects", async () => {
    const res = await fetch(`${app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(res.status).to.equal(400);
    expect(connector.requests).to.have.length(0);
  });

  it("refuses an activity whose identity isn't what Teams sends (from.aadObjectId not a string…) with a 400 naming the field", async () => {
    const base = actionInvoke({ serviceUrl: connector.url, verb: Verbs.showHelp });
    const shapes: Array<[string, object]> = [
      ["from.aadObjectId", { ...base, from: { ...base.from, aadObjectId: 42 } }],
      ["from.id", { ...base, from: { ...base.from, id: { nested: true } } }],
      ["from.name", { ...base, from: { ...base.from, name: ["Priya"] } }],
      ["conversation.tenantId", { ...base, conversation: { ...base.conversation, tenantId: 7 } }],
      ["channelData.team", { ...base, channelData: { tenant: { id: "t" }, team: "19:board@thread.tacv2" } }],
      ["recipient.id", { ...base, recipient: { id: false } }],
    ];
    for (const [field, activity] of shapes) {
      const res = await postActivity(app, activity);
      expect(res.status, field).to.equal(400);
      expect(JSON.stringify(res.body), field).to.contain(field);
    }
    expect(connector.requests).to.have.length(0);
  });

  it("answers /healthz 200 while storage answers", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: "ok", storage: "ok" });
  });

  it("finishes an in-flight request before shutting down, and refuses new connections meanwhile", async () => {
    const held = connector.holdNext();
    const inFlight = postActivity(app, personalMessage({ serviceUrl: connector.url, text: "help" }));
    await held.arrived; // the bot is mid-turn, waiting on the connector
    const stopped = app.stop();
    let refused = false;
    try { await fetch(`${app.url}/healthz`); } catch { refused = true; }
    expect(refused, "new connections are refused while draining").to.equal(true);
    held.release();
    const res = await inFlight;
    expect(res.status).to.equal(200);
    await stopped;
    expect(connector.sentActivities).to.have.length(1);
  });
});

describe("e2e: /healthz when storage is down", function () {
  it("answers 503 once Table storage stops answering", async () => {
    const azurite = await TestAzurite.start();
    const app = await startTestApp(azurite);
    try {
      expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
      await azurite.stop();
      const res = await fetch(`${app.url}/healthz`);
      expect(res.status).to.equal(503);
      expect(await res.json()).to.deep.equal({ status: "unavailable", storage: "unreachable" });
    } finally {
      await app.stop();
    }
  });
});

describe("e2e: authentication", function () {
  let azurite: TestAzurite;
  let connector: FakeConnector;
  let app: RunningApp;

  before(async () => {
    azurite = await TestAzurite.start();
    connector = await FakeConnector.start();
    app = await startTestApp(azurite, {
      MicrosoftAppId: "11111111-2222-3333-4444-555555555555",
      MicrosoftAppPassword: "not-a-real-secret",
    });
  });
  after(async () => {
    await app.stop();
    await connector.close();
    await azurite.stop();
  });

  for (const [label, headers] of [
    ["no Authorization header", {}],
    ["a malformed bearer token", { authorization: "Bearer not-a-jwt" }],
    ["a non-bearer scheme", { authorization: "Basic dXNlcjpwYXNz" }],
  ] as const) {
    it(`answers 401 to ${label}, and processes nothing`, async () => {
      const res = await postActivity(app, personalInstall({ serviceUrl: connector.url }), headers);
      expect(res.status).to.equal(401);
      expect(connector.requests).to.have.length(0);
      const stored = await new ConversationsRepository(app.storage).get(TENANT_ID, "personal", USERS.member.aadObjectId);
      expect(stored).to.equal(undefined);
    });
  }
});
