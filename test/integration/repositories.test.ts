import { expect } from "chai";
// Loaded on purpose: restify patches http prototypes process-wide, which once made Azurite ignore
// $filter. Storage must stay correct with restify in the same process, as it is in the bot.
import "restify";
import type { ConversationRecord } from "../../services/domain/conversation.ts";
import type { Delivery } from "../../services/domain/delivery.ts";
import type { Round } from "../../services/domain/round.ts";
import type { RoundResponse } from "../../services/domain/response.ts";
import { BoardsRepository } from "../../services/storage/boards.repository.ts";
import { ConversationsRepository } from "../../services/storage/conversations.repository.ts";
import { DeliveriesRepository } from "../../services/storage/deliveries.repository.ts";
import { AlreadyExistsError, ConcurrencyError, StorageUnavailableError } from "../../services/storage/errors.ts";
import { startEmbeddedTableServer } from "../../services/storage/embedded-azurite.ts";
import { TableStorage } from "../../services/storage/table-storage.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ResponsesRepository } from "../../services/storage/responses.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { SummariesRepository } from "../../services/storage/summaries.repository.ts";
import { TestAzurite } from "../helpers/azurite.ts";

const TEAM = "19:board-team@thread.tacv2";
const AT = "2026-11-22T10:00:00.000Z";

function round(overrides: Partial<Round> = {}): Round {
  return {
    boardId: TEAM,
    id: "r-20261122-a1",
    tenantId: "tenant-1",
    boardName: "North Lancashire Health & Wellbeing Board",
    title: "Autumn 1:1s",
    status: "open",
    definition: {
      kinds: ["feedback"],
      questions: [{ id: "role", theme: "Role of the Board", text: "What is the Board's role?", kind: "view" }],
      options: [],
    },
    anonymous: true,
    minRespondents: 3,
    deadline: "2026-12-01T17:00:00.000Z",
    remindersDone: [],
    createdBy: "officer-1",
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

describe("repositories on Azurite", function () {
  let azurite: TestAzurite;
  let storage: TableStorage;

  before(async () => {
    azurite = await TestAzurite.start();
  });
  after(async () => {
    await azurite.stop();
  });
  beforeEach(async () => {
    storage = await azurite.freshStorage();
  });

  describe("ConversationsRepository", () => {
    const personal: Omit<ConversationRecord, "welcomedAt"> = {
      tenantId: "tenant-1",
      kind: "personal",
      key: "aad-user-1",
      reference: {
        channelId: "msteams",
        serviceUrl: "https://smba.example/",
        conversation: { id: "a:1/odd#id?x", conversationType: "personal", tenantId: "tenant-1" },
        user: { id: "29:user-1", aadObjectId: "aad-user-1", name: "Priya" },
      },
      userAadObjectId: "aad-user-1",
      userName: "Priya",
      updatedAt: AT,
    };

    it("round-trips a reference whose ids hold characters Table keys forbid", async () => {
      const repo = new ConversationsRepository(storage);
      await repo.save({ ...personal, kind: "channel", key: "19:chan/with#odd?chars@thread.tacv2" });
      const got = await repo.get("tenant-1", "channel", "19:chan/with#odd?chars@thread.tacv2");
      expect(got?.value.key).to.equal("19:chan/with#odd?chars@thread.tacv2");
      expect(got?.value.reference.conversation.id).to.equal("a:1/odd#id?x");
    });

    it("lists by kind within a tenant only", async () => {
      const repo = new ConversationsRepository(storage);
      await repo.save(personal);
      await repo.save({ ...personal, key: "aad-user-2" });
      await repo.save({ ...personal, kind: "team", key: TEAM, teamId: TEAM, teamName: "Board" });
      await repo.save({ ...personal, tenantId: "tenant-2", key: "aad-user-3" });
      const users = await repo.listByKind("tenant-1", "personal");
      expect(users.map((u) => u.key).sort()).to.deep.equal(["aad-user-1", "aad-user-2"]);
      const teams = await repo.listByKind("tenant-1", "team");
      expect(teams.map((t) => t.teamName)).to.deep.equal(["Board"]);
    });

    it("lets exactly one of two concurrent callers claim the welcome, and a refresh keeps the claim", async () => {
      const repo = new ConversationsRepository(storage);
      await repo.save(personal);
      const claims = await Promise.all([
        repo.claimWelcome("tenant-1", "personal", "aad-user-1", AT),
        repo.claimWelcome("tenant-1", "personal", "aad-user-1", AT),
      ]);
      expect(claims.filter(Boolean)).to.have.length(1);
      await repo.save({ ...personal, updatedAt: "2026-11-23T10:00:00.000Z" });
      expect((await repo.get("tenant-1", "personal", "aad-user-1"))?.value.welcomedAt).to.equal(AT);
      expect(await repo.claimWelcome("tenant-1", "personal", "aad-user-1", AT)).to.equal(false);
    });
  });

  describe("RoundsRepository", () => {
    it("creates, reads, lists by board and by status with a deadline filter", async () => {
      const repo = new RoundsRepository(storage);
      await repo.create(round());
      await repo.create(round({ id: "r-2", status: "closed" }));
      await repo.create(round({ id: "r-3", boardId: "19:other@thread.tacv2", deadline: "2026-11-25T09:00:00.000Z" }));
      expect((await repo.get(TEAM, "r-20261122-a1"))?.value).to.deep.equal(round());
      expect((await repo.listByBoard(TEAM)).map((r) => r.id).sort()).to.deep.equal(["r-2", "r-20261122-a1"]);
      expect((await repo.listByStatus("open")).map((r) => r.id).sort()).to.deep.equal(["r-20261122-a1", "r-3"]);
      expect((await repo.listByStatus("open", "2026-11-30T00:00:00.000Z")).map((r) => r.id)).to.deep.equal(["r-3"]);
    });

    it("refuses a second round with the same id", async () => {
      const repo = new RoundsRepository(storage);
      await repo.create(round());
      let error: unknown;
      try { await repo.create(round()); } catch (err) { error = err; }
      expect(error).to.be.instanceOf(AlreadyExistsError);
    });

    it("rejects an update made from a stale read and keeps the winner's change", async () => {
      const repo = new RoundsRepository(storage);
      const created = await repo.create(round());
      const first = await repo.get(TEAM, created.value.id);
      const second = await repo.get(TEAM, created.value.id);
      await repo.update({ ...first!.value, status: "closed" }, first!.etag);
      let error: unknown;
      try { await repo.update({ ...second!.value, title: "Renamed" }, second!.etag); } catch (err) { error = err; }
      expect(error).to.be.instanceOf(ConcurrencyError);
      const now = await repo.get(TEAM, created.value.id);
      expect(now?.value.status).to.equal("closed");
      expect(now?.value.title).to.equal("Autumn 1:1s");
    });

    it("stores a definition larger than one Table property", async () => {
      const repo = new RoundsRepository(storage);
      const questions = Array.from({ length: 40 }, (_, i) => ({
        id: `q${i}`, theme: `Theme ${i}`, text: "Explain ".repeat(250), kind: "view" as const,
      }));
      const big = round({ definition: { kinds: ["feedback"], questions, options: [] } });
      await repo.create(big);
      expect((await repo.get(TEAM, big.id))?.value.definition.questions).to.have.length(40);
    });
  });

  describe("DeliveriesRepository", () => {
    const delivery = (i: number): Delivery => ({
      roundId: "r1", boardId: TEAM, memberAadObjectId: `aad-${i}`, memberId: `29:m-${i}`, memberName: `Member ${i}`,
      status: "queued", attempts: 0, remindersSent: [], updatedAt: AT,
    });

    it("queues an audience over 100 in batches and a second call neither duplicates nor resets", async () => {
      const repo = new DeliveriesRepository(storage);
      const audience = Array.from({ length: 230 }, (_, i) => delivery(i));
      await repo.ensureQueued("r1", audience);
      const one = await repo.get("r1", "aad-7");
      await repo.update({ ...one!.value, status: "sent", activityId: "act-7", attempts: 1, sentAt: AT }, one!.etag);
      const again = await repo.ensureQueued("r1", [...audience, delivery(230)]);
      expect(again).to.have.length(231);
      expect((await repo.listByRound("r1")).length).to.equal(231);
      expect((await repo.listByRound("r1", "sent")).map((d) => d.memberAadObjectId)).to.deep.equal(["aad-7"]);
      expect((await repo.get("r1", "aad-7"))?.value.activityId).to.equal("act-7");
    });

    it("lists only the prompts still to send or in doubt, for the scheduler's resume", async () => {
      const repo = new DeliveriesRepository(storage);
      await repo.ensureQueued("r2", Array.from({ length: 5 }, (_, i) => ({ ...delivery(i), roundId: "r2" })));
      const statuses = ["sent", "sending", "unreachable", "failed"] as const;
      for (const [i, status] of statuses.entries()) {
        const row = await repo.get("r2", `aad-${i}`);
        await repo.update({ ...row!.value, status }, row!.etag);
      }
      const unfinished = await repo.listUnfinished("r2");
      expect(unfinished.map((d) => [d.memberAadObjectId, d.status]).sort()).to.deep.equal([["aad-1", "sending"], ["aad-4", "queued"]]);
      expect(await repo.listUnfinished("no-such-round")).to.deep.equal([]);
    });
  });

  describe("ResponsesRepository", () => {
    const response: RoundResponse = {
      roundId: "r1", memberAadObjectId: "aad-1", organisation: "NHS Morecambe Bay CCG",
      answers: { role: "Leadership across the county.", strategy: "Outcomes aren’t measurable — yet." },
      votes: { o1: 2 }, voteReasons: { o1: "Biggest gap in the JSNA." }, commitments: [{ interventionId: "i1", level: "lead", representative: "Dr Raman" }],
      revision: 1, firstSavedAt: AT, savedAt: AT,
    };

    it("keeps one row per member per round, with ETag-checked edits", async () => {
      const repo = new ResponsesRepository(storage);
      const first = await repo.save(response, undefined);
      let dup: unknown;
      try { await repo.save(response, undefined); } catch (err) { dup = err; }
      expect(dup).to.be.instanceOf(AlreadyExistsError);

      const edited = await repo.save({ ...response, answers: { role: "Holding the ring." }, revision: 2 }, first.etag);
      let stale: unknown;
      try { await repo.save({ ...response, revision: 2 }, first.etag); } catch (err) { stale = err; }
      expect(stale).to.be.instanceOf(ConcurrencyError);

      const all = await repo.listByRound("r1");
      expect(all).to.have.length(1);
      expect(all[0]).to.deep.equal({ ...response, answers: { role: "Holding the ring." }, revision: 2 });
      expect(edited.etag).to.not.equal(first.etag);
    });
  });

  describe("SummariesRepository", () => {
    const summary = (body: unknown) => ({
      roundId: "r1", stage: "draft" as const, revision: 1, body, createdAt: AT, updatedAt: AT,
    });

    it("stores a body bigger than one row across chunks and reads it back whole", async () => {
      const repo = new SummariesRepository(storage);
      const body = { points: Array.from({ length: 3000 }, (_, i) => `Point ${i}: ${"evidence ".repeat(30)}`) };
      await repo.save(summary(body), undefined);
      const got = await repo.get<typeof body>("r1", "draft");
      expect(got?.value.body).to.deep.equal(body);
    });

    it("shrinking a summary removes old chunks, and a stale ETag is refused", async () => {
      const repo = new SummariesRepository(storage);
      const big = { text: "x".repeat(600_000) };
      const created = await repo.save(summary(big), undefined);
      const small = await repo.save({ ...summary({ text: "short" }), revision: 2 }, created.etag);
      let stale: unknown;
      try { await repo.save({ ...summary({ text: "lost edit" }), revision: 3 }, created.etag); } catch (err) { stale = err; }
      expect(stale).to.be.instanceOf(ConcurrencyError);
      const got = await repo.get<{ text: string }>("r1", "draft");
      expect(got?.value.body.text).to.equal("short");
      expect(got?.value.revision).to.equal(2);
      expect(got?.etag).to.equal(small.etag);
      expect(await repo.get("r1", "published")).to.equal(undefined);
    });
  });

  describe("BoardsRepository", () => {
    const record = { boardId: TEAM, tenantId: "tenant-1", name: "North Lancashire", version: 1, updatedAt: AT };
    const officer = (aad: string) => ({ boardId: TEAM, aadObjectId: aad, role: "officer" as const, name: aad, addedBy: "x", addedByName: "X", addedAt: AT });

    it("writes the record and a role change together, and reads them back in one partition read", async () => {
      const repo = new BoardsRepository(storage);
      expect(await repo.read(TEAM)).to.deep.equal({ roles: [] });
      await repo.commit(record, undefined, [{ add: officer("a1") }, { add: officer("a2") }]);
      const stored = await repo.read(TEAM);
      expect(stored.record?.value).to.deep.include({ version: 1, tenantId: "tenant-1" });
      expect(stored.roles.map((r) => r.aadObjectId).sort()).to.deep.equal(["a1", "a2"]);
    });

    it("refuses a change made against an out-of-date record (412), and a second creation (409), writing nothing", async () => {
      const repo = new BoardsRepository(storage);
      await repo.commit(record, undefined, [{ add: officer("a1") }, { add: officer("a2") }]);
      const first = await repo.read(TEAM);
      await repo.commit({ ...record, version: 2 }, first.record!.etag, [{ remove: { role: "officer", aadObjectId: "a1" } }]);
      let stale: unknown;
      try { await repo.commit({ ...record, version: 2 }, first.record!.etag, [{ remove: { role: "officer", aadObjectId: "a2" } }]); } catch (err) { stale = err; }
      expect(stale).to.be.instanceOf(ConcurrencyError);
      let twice: unknown;
      try { await repo.commit(record, undefined, [{ add: officer("a3") }]); } catch (err) { twice = err; }
      expect(twice).to.be.instanceOf(AlreadyExistsError);
      expect((await repo.read(TEAM)).roles.map((r) => r.aadObjectId)).to.deep.equal(["a2"]);
    });
  });
});

describe("embedded store on disk: a save that fails stops the store", function () {
  this.timeout(30_000);

  it("answers nothing more (and says so once) when it can't write its file, instead of acknowledging what isn't on disk", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sb-fatal-"));
    const fatal: Error[] = [];
    const server = await startEmbeddedTableServer({ dataDir: path.join(dir, "data"), onFatal: (err) => fatal.push(err) });
    try {
      const storage = await TableStorage.connect(server.connectionString, "fatal");
      const repo = new RoundsRepository(storage);
      await repo.create(round({ id: "r-before" }));
      rmSync(path.join(dir, "data"), { recursive: true, force: true }); // the disk goes away
      let refused: unknown;
      // A new table is written as a new snapshot, which can't be written now.
      try { await TableStorage.connect(server.connectionString, "second"); } catch (err) { refused = err; }
      expect(refused, "the new table isn't acknowledged").to.be.instanceOf(Error);
      expect(fatal).to.have.length(1);
      expect(fatal[0]!.message).to.contain("could not save");
      let later: unknown;
      try { await repo.get(TEAM, "r-before"); await repo.create(round({ id: "r-later" })); } catch (err) { later = err; }
      expect(later, "nothing more is acknowledged").to.be.instanceOf(StorageUnavailableError);
      expect(fatal).to.have.length(1);
    } finally {
      await server.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
