import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ConversationsRepository } from "../../services/storage/conversations.repository.ts";
import { actionInvoke, TENANT_ID, USERS } from "../helpers/activities.ts";
import { postActivity, startTestApp } from "../helpers/app.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { FakeConnector } from "../helpers/fake-connector.ts";
import { LocalTokenIssuer, strangerKey } from "../helpers/token-issuer.ts";

const APP_ID = "11111111-2222-3333-4444-555555555555";

describe("e2e: Bot Framework authentication with real token validation (local issuer)", function () {
  this.timeout(60_000);
  let azurite: TestAzurite;
  let connector: FakeConnector;
  let issuer: LocalTokenIssuer;
  let app: RunningApp;

  before(async () => {
    azurite = await TestAzurite.start();
    connector = await FakeConnector.start();
    issuer = await LocalTokenIssuer.start();
    app = await startTestApp(azurite, { MicrosoftAppId: APP_ID, MicrosoftAppPassword: "not-a-real-secret" }, {
      authEndpoints: { ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl, ToBotFromChannelTokenIssuer: LocalTokenIssuer.ISSUER },
    });
  });
  after(async () => {
    await app.stop();
    await issuer.close();
    await connector.close();
    await azurite.stop();
  });

  // An invoke is answered in the HTTP response, so a valid request needs no outbound token.
  const activity = (user = USERS.member) => actionInvoke({ serviceUrl: connector.url, verb: Verbs.showHelp, user });
  // Refused requests come from a member the valid one never used, so "nothing stored" is checkable.
  const stored = () => new ConversationsRepository(app.storage).get(TENANT_ID, "personal", USERS.police.aadObjectId);

  it("accepts a correctly signed channel token for this bot", async () => {
    const token = await issuer.token({ aud: APP_ID, serviceUrl: connector.url });
    const res = await postActivity(app, activity(), { authorization: `Bearer ${token}` });
    expect(res.status).to.equal(200);
    expect(JSON.stringify(res.body)).to.contain("What Sounding Board can do");
  });

  const refusals: Array<[string, () => Promise<Record<string, string>>]> = [
    ["no token", async () => ({})],
    ["a malformed token", async () => ({ authorization: "Bearer abc.def.ghi" })],
    ["an expired token", async () => ({ authorization: `Bearer ${await issuer.token({ aud: APP_ID, serviceUrl: connector.url, expiresInSeconds: -600 })}` })],
    ["a token for another bot (wrong audience)", async () => ({ authorization: `Bearer ${await issuer.token({ aud: "99999999-2222-3333-4444-555555555555", serviceUrl: connector.url })}` })],
    ["a token with the wrong signature", async () => ({ authorization: `Bearer ${await issuer.token({ aud: APP_ID, serviceUrl: connector.url, key: await strangerKey() })}` })],
    ["a token from another issuer", async () => ({ authorization: `Bearer ${await issuer.token({ aud: APP_ID, serviceUrl: connector.url, iss: "https://evil.example.org" })}` })],
    ["a token minted for another service URL", async () => ({ authorization: `Bearer ${await issuer.token({ aud: APP_ID, serviceUrl: "https://smba.elsewhere.example/" })}` })],
  ];

  for (const [label, headers] of refusals) {
    it(`answers 401 to ${label}, and processes nothing`, async () => {
      const before = connector.requests.length;
      const res = await postActivity(app, activity(USERS.police), await headers());
      expect(res.status).to.equal(401);
      expect(connector.requests.length).to.equal(before);
      expect(await stored()).to.equal(undefined);
    });
  }
});
