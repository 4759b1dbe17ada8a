import { expect } from "chai";
import { TestAdapter, type Activity, type ResourceResponse, type TurnContext } from "botbuilder";
import { helpCommand, showHelpVerb } from "../../bot/handlers/help.handler.ts";
import { unknownText } from "../../bot/handlers/unknown.handler.ts";
import { CommandRouter, VerbRouter } from "../../bot/router.ts";
import { SoundingBoardBot } from "../../bot/sounding-board.bot.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import { ConversationService } from "../../services/conversations/conversation.service.ts";
import { silentLogger } from "../../services/logging/logger.ts";
import { ConversationsRepository } from "../../services/storage/conversations.repository.ts";
import type { TableStorage } from "../../services/storage/table-storage.ts";
import { actionInvoke, channelMessage, personalInstall, personalMessage, teamInstall, teamInstallationUpdate, TENANT_ID, TEAM, USERS } from "../helpers/activities.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { staticRoster } from "../helpers/static-roster.ts";
import { BoardDirectory } from "../../services/boards/board-directory.ts";
import { RolesService } from "../../services/boards/roles.service.ts";
import { AuditRepository } from "../../services/storage/audit.repository.ts";
import { BoardsRepository } from "../../services/storage/boards.repository.ts";

const SERVICE_URL = "https://smba.trafficmanager.net/uk/";
const TEAM_ROSTER = [USERS.officer, USERS.chair, USERS.member];

/** TestAdapter drops updates of activities it did not send; record them so the test can see them. */
class RecordingTestAdapter extends TestAdapter {
  readonly updates: Partial<Activity>[] = [];
  override updateActivity(ctx: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    this.updates.push(activity);
    return super.updateActivity(ctx, activity);
  }
}

interface Harness {
  adapter: RecordingTestAdapter;
  repo: ConversationsRepository;
}

/** Teams JSON (string timestamps) as botbuilder's Activity type. */
const asActivity = (a: object) => a as unknown as Partial<Activity>;

function cardOf(activity: Partial<Activity>): Record<string, unknown> {
  const attachment = activity.attachments?.[0];
  expect(attachment?.contentType).to.equal("application/vnd.microsoft.card.adaptive");
  return attachment!.content as Record<string, unknown>;
}

function cardText(card: unknown): string {
  return JSON.stringify(card);
}

describe("SoundingBoardBot (TestAdapter, real storage)", function () {
  let azurite: TestAzurite;
  let storage: TableStorage;

  before(async () => { azurite = await TestAzurite.start(); });
  after(async () => { await azurite.stop(); });

  async function harness(): Promise<Harness> {
    storage = await azurite.freshStorage();
    const repo = new ConversationsRepository(storage);
    const clock = new ManualClock("2026-11-22T09:00:00Z");
    const conversations = new ConversationService(repo, clock);
    const boardsRepo = new BoardsRepository(storage);
    // The chair comes from CHAIR_AAD_IDS here (the setting from before roles were per board).
    const boards = new BoardDirectory({
      conversations, messenger: staticRoster({ [TEAM.id]: TEAM_ROSTER }), boards: boardsRepo, adminAadIds: [], legacyChairAadIds: [USERS.chair.aadObjectId], clock, rosterTtlMs: 60_000,
    });
    const roles = new RolesService({ directory: boards, boards: boardsRepo, audit: new AuditRepository(storage), clock });
    const bot = new SoundingBoardBot({
      conversations,
      team: {
        // As the app does: the install event names the installer by id, the roster has their name.
        installed: async (board, installer) => {
          const known = await boards.board(board.tenantId, board.id);
          const name = installer.name ?? (known ? (await boards.roster(known)).get(installer.aadObjectId ?? "")?.name : undefined);
          return (await roles.bootstrap(board, { ...installer, ...(name ? { name } : {}) })) ? (name ?? "") : undefined;
        },
        membersLeft: async () => undefined,
      },
      commands: new CommandRouter(unknownText).register(helpCommand({ boards })),
      verbs: new VerbRouter().register(showHelpVerb({ boards })),
      logger: silentLogger(),
    });
    const adapter = new RecordingTestAdapter(async (ctx) => { await bot.run(ctx); });
    return { adapter, repo };
  }

  it("welcomes a member who installs the app personally, once, and stores their reference", async () => {
    const { adapter, repo } = await harness();
    await adapter.send(asActivity(personalInstall({ serviceUrl: SERVICE_URL }))).assertReply((reply) => {
      const card = cardOf(reply);
      expect(card.version).to.equal("1.5");
      expect(cardText(card)).to.contain("Hello Priya!");
    });
    const stored = await repo.get(TENANT_ID, "personal", USERS.member.aadObjectId);
    expect(stored?.value.reference.serviceUrl).to.equal(SERVICE_URL);
    expect(stored?.value.reference.user?.id).to.equal(USERS.member.id);
    expect(stored?.value.welcomedAt).to.equal("2026-11-22T09:00:00.000Z");
    // The same install event again (Teams retries, or a reinstall) does not welcome twice.
    await adapter.send(asActivity(personalInstall({ serviceUrl: SERVICE_URL })));
    expect(adapter.activeQueue).to.have.length(0);
  });

  it("welcomes a team once whether conversationUpdate or installationUpdate arrives, and keys it by team", async () => {
    const { adapter, repo } = await harness();
    await adapter.send(asActivity(teamInstall({ serviceUrl: SERVICE_URL }))).assertReply((reply) => {
      expect(cardText(cardOf(reply))).to.contain(TEAM.name);
      expect(cardText(cardOf(reply))).to.contain(`${USERS.officer.name}, who added me, is the board's first officer`);
    });
    await adapter.send(asActivity(teamInstallationUpdate({ serviceUrl: SERVICE_URL })));
    expect(adapter.activeQueue).to.have.length(0);
    const stored = await repo.get(TENANT_ID, "team", TEAM.id);
    expect(stored?.value.teamName).to.equal(TEAM.name);
    expect(stored?.value.reference.conversation.id).to.equal(TEAM.id);
  });

  it("answers help with a role-aware card listing member, officer and chair abilities", async () => {
    const { adapter } = await harness();
    // Habib installs the app in the team, so he is its first officer.
    await adapter.send(asActivity(teamInstall({ serviceUrl: SERVICE_URL, user: USERS.officer }))).assertReply(() => undefined);
    await adapter.send(asActivity(personalMessage({ serviceUrl: SERVICE_URL, text: "Help!", user: USERS.officer }))).assertReply((reply) => {
      const text = cardText(cardOf(reply));
      expect(text).to.contain(`You're an officer of ${TEAM.name}`);
      for (const section of ["Board members", "Officers", "Chair"]) expect(text).to.contain(section);
    });
    await adapter.send(asActivity(personalMessage({ serviceUrl: SERVICE_URL, text: "help", user: USERS.member }))).assertReply((reply) => {
      expect(cardText(cardOf(reply))).to.contain(`You're a board member of ${TEAM.name}`);
    });
    await adapter.send(asActivity(personalMessage({ serviceUrl: SERVICE_URL, text: "help", user: USERS.police }))).assertReply((reply) => {
      expect(cardText(cardOf(reply))).to.contain("You're not on the team of any board I'm in yet.");
    });
  });

  it("understands help when @mentioned in a channel", async () => {
    const { adapter } = await harness();
    await adapter.send(asActivity(teamInstall({ serviceUrl: SERVICE_URL }))).assertReply(() => undefined);
    await adapter.send(asActivity(channelMessage({ serviceUrl: SERVICE_URL, text: "help", user: USERS.chair }))).assertReply((reply) => {
      expect(cardText(cardOf(reply))).to.contain("You're the chair on this board.");
    });
  });

  it("gives a friendly hint for text it does not understand", async () => {
    const { adapter } = await harness();
    await adapter.send(asActivity(personalMessage({ serviceUrl: SERVICE_URL, text: "what's for lunch" }))).assertReply((reply) => {
      expect(reply.text).to.contain("didn't understand “what's for lunch”");
      expect(reply.text).to.contain("help");
    });
  });

  it("remembers a member's 1:1 conversation from an ordinary message", async () => {
    const { adapter, repo } = await harness();
    await adapter.send(asActivity(personalMessage({ serviceUrl: SERVICE_URL, text: "hi" })));
    expect((await repo.get(TENANT_ID, "personal", USERS.member.aadObjectId))?.value.userName).to.equal(USERS.member.name);
  });

  it("returns the help card for the showHelp verb as an Action.Execute invoke response", async () => {
    const { adapter } = await harness();
    await adapter.send(asActivity(actionInvoke({ serviceUrl: SERVICE_URL, verb: Verbs.showHelp }))).assertReply((reply) => {
      expect(reply.type).to.equal("invokeResponse");
      const value = reply.value as { status: number; body: { statusCode: number; type: string; value: unknown } };
      expect(value.status).to.equal(200);
      expect(value.body.type).to.equal("application/vnd.microsoft.card.adaptive");
      expect(cardText(value.body.value)).to.contain("What Sounding Board can do");
    });
  });

  it("answers an unknown verb, or a malformed action, with a 400 invoke response", async () => {
    const { adapter } = await harness();
    await adapter.send(asActivity(actionInvoke({ serviceUrl: SERVICE_URL, verb: "round.delete-everything" }))).assertReply((reply) => {
      const value = reply.value as { status: number; body: { statusCode: number; type: string; value: { message: string } } };
      expect(value.status).to.equal(400);
      expect(value.body.statusCode).to.equal(400);
      expect(value.body.type).to.equal("application/vnd.microsoft.error");
      expect(value.body.value.message).to.contain("Unknown action");
    });
    await adapter.send(asActivity(actionInvoke({ serviceUrl: SERVICE_URL, verb: "x", value: { action: { type: "Action.Execute" } } }))).assertReply((reply) => {
      expect((reply.value as { status: number }).status).to.equal(400);
    });
  });

  it("handles the Action.Submit fallback through the same verbs, replacing the clicked card", async () => {
    const { adapter } = await harness();
    await adapter.send(asActivity(personalMessage({ serviceUrl: SERVICE_URL, value: { verb: Verbs.showHelp }, replyToId: "card-1" })));
    // The card was replaced in place, not sent again.
    expect(adapter.activeQueue).to.have.length(0);
    expect(adapter.updates).to.have.length(1);
    expect(adapter.updates[0]?.id).to.equal("card-1");
    expect(cardText(cardOf(adapter.updates[0]!))).to.contain("What Sounding Board can do");
    await adapter.send(asActivity(personalMessage({ serviceUrl: SERVICE_URL, value: { verb: "nope" } }))).assertReply((reply) => {
      expect(reply.text).to.contain("Unknown action");
    });
  });
});
