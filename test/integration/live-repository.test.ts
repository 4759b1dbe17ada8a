import { expect } from "chai";
import type { LiveActivity } from "../../services/domain/live.ts";
import { ConcurrencyError } from "../../services/storage/errors.ts";
import { LiveRepository } from "../../services/storage/live.repository.ts";
import type { TableStorage } from "../../services/storage/table-storage.ts";
import { TestAzurite } from "../helpers/azurite.ts";

const AT = "2026-12-01T14:00:00.000Z";
const CHAT = "19:meeting_Zm9vL2Jhcj9i#YXo=@thread.v2";
const activity = (id: string, over: Partial<LiveActivity> = {}): LiveActivity => ({
  id, tenantId: "t", boardId: "19:board@thread.tacv2", boardName: "Board", meetingChatId: CHAT, kind: "vote", title: "Priorities",
  options: [{ id: "o1", label: "A" }, { id: "o2", label: "B" }], stickers: 2, stacking: true, maxChars: 0, postsPerPerson: 0, allowGuests: true,
  status: "open", startedBy: "officer", startedByName: "Habib", startedAt: AT, updatedAt: AT, ...over,
});

describe("LiveRepository on Azurite", function () {
  this.timeout(60_000);
  let azurite: TestAzurite;
  let storage: TableStorage;
  before(async () => {
    azurite = await TestAzurite.start();
  });
  beforeEach(async () => {
    storage = await azurite.freshStorage();
  });
  afterEach(async () => {
    await storage.close();
  });
  after(async () => {
    await azurite.stop();
  });

  it("round-trips an activity and lists a meeting's activities (a chat id with characters keys forbid)", async () => {
    const repo = new LiveRepository(storage);
    await repo.create(activity("l20261201-00000001"));
    await repo.create(activity("l20261201-00000002", { kind: "wall", options: [], prompt: "Plans?", theme: "Plans" }));
    await repo.create(activity("l20261201-00000003", { meetingChatId: "19:meeting_other@thread.v2" }));
    expect((await repo.get("l20261201-00000002"))?.value).to.deep.include({ kind: "wall", prompt: "Plans?", theme: "Plans", meetingChatId: CHAT });
    expect((await repo.listByMeeting(CHAT)).map((a) => a.id).sort()).to.deep.equal(["l20261201-00000001", "l20261201-00000002"]);
  });

  it("keeps one contribution per person, replaced whole, and lists them apart from the activity", async () => {
    const repo = new LiveRepository(storage);
    await repo.create(activity("l20261201-00000001"));
    const entry = { activityId: "l20261201-00000001", participantAadObjectId: "aad-1", participantId: "29:1", guest: false, name: "Priya", stickers: { o1: 2 }, answer: "", posts: [], savedAt: AT };
    await repo.saveEntry(entry);
    await repo.saveEntry({ ...entry, stickers: { o2: 1 } });
    await repo.saveEntry({ ...entry, participantAadObjectId: "aad-2", guest: true, name: "" });
    const entries = await repo.listEntries("l20261201-00000001");
    expect(entries.map((e) => [e.participantAadObjectId, e.stickers, e.guest])).to.deep.equal([["aad-1", { o2: 1 }, false], ["aad-2", { o1: 2 }, true]]);
    expect((await repo.entriesOf("aad-1")).map((e) => e.activityId)).to.deep.equal(["l20261201-00000001"]);
  });

  it("refuses a stale update of an activity (two officers ending it at once: one wins)", async () => {
    const repo = new LiveRepository(storage);
    const created = await repo.create(activity("l20261201-00000001"));
    await repo.update({ ...created.value, status: "ended" }, created.etag);
    let error: unknown;
    try {
      await repo.update({ ...created.value, title: "Late" }, created.etag);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(ConcurrencyError);
  });

  it("lets one of two activities started at once in a meeting have it, and takes over a claim whose activity ended or was never written", async () => {
    const repo = new LiveRepository(storage);
    const t0 = "2026-12-01T14:00:00.000Z";
    const [a, b] = await Promise.all([repo.claimMeeting(CHAT, "l20261201-0000000a", t0), repo.claimMeeting(CHAT, "l20261201-0000000b", t0)]);
    expect([a, b].filter((x) => x === undefined), "exactly one claim wins").to.have.length(1);
    const winner = a === undefined ? "l20261201-0000000a" : "l20261201-0000000b";
    expect([a, b], "the loser is told who has it").to.include(winner);
    // Within a minute the winner's activity may still be on its way; after it, a claim with no activity is taken over.
    expect(await repo.claimMeeting(CHAT, "l20261201-0000000c", "2026-12-01T14:00:30.000Z")).to.equal(winner);
    expect(await repo.claimMeeting(CHAT, "l20261201-0000000c", "2026-12-01T14:01:01.000Z")).to.equal(undefined);
    const created = await repo.create(activity("l20261201-0000000c"));
    expect(await repo.claimMeeting(CHAT, "l20261201-0000000d", "2026-12-01T15:00:00.000Z"), "busy while it is open").to.equal("l20261201-0000000c");
    await repo.update({ ...created.value, status: "ended" }, created.etag);
    expect(await repo.claimMeeting(CHAT, "l20261201-0000000d", "2026-12-01T15:00:00.000Z")).to.equal(undefined);
    expect((await repo.listByMeeting(CHAT)).map((x) => x.id), "the claim row is not an activity").to.deep.equal(["l20261201-0000000c"]);
  });
});
