import { expect } from "chai";
import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from "botbuilder";
import { ManagedIdentityAppCredentials, MicrosoftAppCredentials } from "botframework-connector";
import { botFrameworkAuthOptions, createAdapter } from "../../bot/adapter.ts";
import { loadConfig } from "../../services/config/config.ts";
import { silentLogger } from "../../services/logging/logger.ts";

const APP_ID = "11111111-2222-3333-4444-555555555555";
const TENANT = "99999999-8888-4777-8666-555555555555";
const AUDIENCE = "https://api.botframework.com";

describe("the bot's Bot Framework identity, as botbuilder reads it", () => {
  it("UserAssignedMSI: botbuilder gets its tokens as the managed identity whose client ID is MicrosoftAppId, with no password", async () => {
    const config = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppType: "UserAssignedMSI", MicrosoftAppTenantId: TENANT, HOST: "0.0.0.0" });
    const options = botFrameworkAuthOptions(config);
    expect(options).to.deep.equal({ MicrosoftAppId: APP_ID, MicrosoftAppType: "UserAssignedMSI", MicrosoftAppPassword: "", MicrosoftAppTenantId: TENANT });
    // botbuilder's own factory, fed exactly what the adapter feeds it (it asserts app ID + tenant and no password for MSI).
    const factory = new ConfigurationServiceClientCredentialFactory(options);
    expect(await factory.isValidAppId(APP_ID)).to.equal(true);
    expect(await factory.createCredentials(APP_ID, AUDIENCE, "", true)).to.be.instanceOf(ManagedIdentityAppCredentials);
    expect(() => new ConfigurationBotFrameworkAuthentication(options)).not.to.throw();
    expect(() => createAdapter(config, silentLogger())).not.to.throw();
  });

  it("SingleTenant and MultiTenant: the app's client secret", async () => {
    for (const appType of ["SingleTenant", "MultiTenant"] as const) {
      const config = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: "secret", MicrosoftAppType: appType, MicrosoftAppTenantId: TENANT });
      const factory = new ConfigurationServiceClientCredentialFactory(botFrameworkAuthOptions(config));
      const credentials = await factory.createCredentials(APP_ID, AUDIENCE, "https://login.microsoftonline.com/botframework.com", true);
      expect(credentials, appType).to.be.instanceOf(MicrosoftAppCredentials);
    }
  });

  it("local mode: no app ID, authentication off", async () => {
    const factory = new ConfigurationServiceClientCredentialFactory(botFrameworkAuthOptions(loadConfig({})));
    expect(await factory.isAuthenticationDisabled()).to.equal(true);
  });
});
