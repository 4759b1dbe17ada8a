import type { AppOptions, RunningApp } from "../../bot/app.ts";
import { teamInstall, TEAM, type TestUser } from "./activities.ts";
import { postActivity, startTestApp } from "./app.ts";
import { TestAzurite } from "./azurite.ts";
import { FakeConnector, type FakeConnectorOptions } from "./fake-connector.ts";

/** A board as most end-to-end tests need it: its team on a fake Bot Connector, and the bot running. */
export interface TestBoard {
  azurite: TestAzurite;
  connector: FakeConnector;
  app: RunningApp;
  /** Stops the bot, then the connector, then Azurite if the board started it. */
  stop(): Promise<void>;
}

export interface BoardOptions {
  /** Storage shared with other boards of the test file; by default the board starts (and stops) its own. */
  azurite?: TestAzurite;
  /** Everyone in the board's team (officers, chair and members alike). */
  users: TestUser[];
  /** Configuration on top of the test defaults (e.g. OFFICER_AAD_IDS). */
  env?: Record<string, string>;
  app?: AppOptions;
  connector?: FakeConnectorOptions;
  /** The team's channels besides General (e.g. a digest channel). */
  channels?: Array<{ id: string; name?: string }>;
  /** Send the team install (default true): the bot then knows the board. */
  install?: boolean;
}

/** Start the fake connector with the board's team, start the bot on Azurite, install it in the team. */
export async function startBoard(options: BoardOptions): Promise<TestBoard> {
  const ownAzurite = options.azurite === undefined;
  const azurite = options.azurite ?? (await TestAzurite.start());
  const connector = await FakeConnector.start(options.connector);
  connector.addTeam({
    id: TEAM.id,
    name: TEAM.name,
    aadGroupId: TEAM.aadGroupId,
    ...(options.channels ? { channels: [{ id: TEAM.id }, ...options.channels] } : {}),
    members: options.users.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })),
  });
  let app: RunningApp;
  try {
    app = await startTestApp(azurite, options.env, options.app);
  } catch (err) {
    await connector.close();
    if (ownAzurite) await azurite.stop();
    throw err;
  }
  if (options.install !== false) await postActivity(app, teamInstall({ serviceUrl: connector.url }));
  return {
    azurite,
    connector,
    app,
    async stop() {
      await app.stop();
      await connector.close();
      if (ownAzurite) await azurite.stop();
    },
  };
}
