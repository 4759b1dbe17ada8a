import { expect } from "chai";
import { ManualClock } from "../../services/clock.ts";
import { ConversationService, type ConversationSighting } from "../../services/conversations/conversation.service.ts";
import { ConversationsRepository } from "../../services/storage/conversations.repository.ts";
import type { TableStorage } from "../../services/storage/table-storage.ts";
import { TestAzurite } from "../helpers/azurite.ts";

const TENANT = "tenant-1";

function sighting(overrides: Partial<ConversationSighting["reference"]> = {}): ConversationSighting {
  return {
    tenantId: TENANT,
    conversationType: "personal",
    conversationId: "a:1-priya",
    userAadObjectId: "aad-priya",
    userId: "29:priya",
    userName: "Priya Shah",
    reference: {
      channelId: "msteams",
      serviceUrl: "https://smba.trafficmanager.net/uk/",
      conversation: { id: "a:1-priya", conversationType: "personal", tenantId: TENANT },
      user: { id: "29:priya", name: "Priya Shah", aadObjectId: "aad-priya" },
      bot: { id: "28:bot", name: "Sounding Board" },
      ...overrides,
    },
  };
}

describe("ConversationService on Azurite: remembering where to reach people", function () {
  let azurite: TestAzurite;
  let storage: TableStorage;
  let repo: ConversationsRepository;
  let clock: ManualClock;
  let service: ConversationService;

  before(async () => {
    azurite = await TestAzurite.start();
  });
  after(async () => {
    await azurite.stop();
  });
  beforeEach(async () => {
    storage = await azurite.freshStorage();
    repo = new ConversationsRepository(storage);
    clock = new ManualClock("2026-11-22T09:00:00Z");
    service = new ConversationService(repo, clock);
  });

  const stored = async () => (await repo.get(TENANT, "personal", "aad-priya"))?.value;

  it("stores a reference once, re-writes it when it changes, and refreshes 'last seen' after a while", async () => {
    await service.remember(sighting());
    expect((await stored())?.updatedAt).to.equal("2026-11-22T09:00:00.000Z");

    // The same reference a minute later: nothing to write.
    clock.advance({ minutes: 1 });
    await service.remember(sighting());
    expect((await stored())?.updatedAt).to.equal("2026-11-22T09:00:00.000Z");

    // Teams moved the member to another service URL: stored at once.
    clock.advance({ minutes: 1 });
    await service.remember(sighting({ serviceUrl: "https://smba.trafficmanager.net/emea/" }));
    expect((await stored())?.reference.serviceUrl).to.equal("https://smba.trafficmanager.net/emea/");
    expect((await stored())?.updatedAt).to.equal("2026-11-22T09:02:00.000Z");

    // Unchanged but older than the refresh interval: written again, so "last seen" stays roughly right.
    clock.advance({ seconds: ConversationService.REFRESH_MS / 1000 });
    await service.remember(sighting({ serviceUrl: "https://smba.trafficmanager.net/emea/" }));
    expect((await stored())?.updatedAt).to.equal(clock.now().toUTC().toISO());
  });

  it("after forgetting a member (erasure), their next message stores the reference again", async () => {
    await service.remember(sighting());
    await service.forget(TENANT, "personal", "aad-priya");
    expect(await stored()).to.equal(undefined);

    clock.advance({ minutes: 1 });
    await service.remember(sighting());
    expect((await stored())?.reference.conversation.id).to.equal("a:1-priya");
  });

  it("an install always writes, so the welcome can be claimed even for a reference it has seen", async () => {
    await service.remember(sighting());
    await repo.delete(TENANT, "personal", "aad-priya"); // e.g. removed by another instance
    expect(await service.rememberAndClaimWelcome(sighting())).to.equal(true);
    expect(await service.rememberAndClaimWelcome(sighting())).to.equal(false);
  });
});
