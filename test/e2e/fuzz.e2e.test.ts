import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { ALL_VERBS, Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import type { TableKey } from "../../services/storage/keys.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, channelMessage, meetingInvoke, personalMessage, teamInstall, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { startTestApp } from "../helpers/app.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { expandOpener, submit } from "../helpers/card-submit.ts";
import { FakeConnector, mulberry32 } from "../helpers/fake-connector.ts";

/**
 * Throws generated garbage at the running server. Every payload here is one the bot must refuse:
 * wrong types, huge strings, odd unicode, unknown verbs and rounds, closed rounds, other members'
 * rounds, malformed JSON. The server must never crash or answer 5xx, and the data tables must be
 * exactly as they were. FUZZ_COUNT sets how many (default 10,000).
 */
const COUNT = Number(process.env.FUZZ_COUNT ?? 10_000);
const CONCURRENCY = 16;
const DATA_TABLES: TableKey[] = ["rounds", "deliveries", "responses", "summaries"];

const ODD_STRINGS = [
  "", " ", "\u0000", "\ud800", "\udfff", "😀👩🏽‍⚕️", "\u202eevil", "\u200b\u200c\u200d", "A".repeat(30_000), "<script>alert(1)</script>",
  "'; DROP TABLE Rounds; --", "${verbs.saveResponse}", "%00%2F..%2F", "r1/../../etc", "19:x@thread.tacv2;messageid=1", "\r\n\r\n", "NaN", "-1", "1e309",
];

describe(`e2e: fuzzing the running server with ${COUNT.toLocaleString("en-GB")} bad payloads`, function () {
  this.timeout(600_000);
  let azurite: TestAzurite;
  let connector: FakeConnector;
  let app: RunningApp;
  const clock = new ManualClock("2026-11-23T09:00:00Z");
  let openRoundId = "";
  let closedRoundId = "";

  async function snapshot(): Promise<string> {
    const parts: string[] = [];
    for (const key of DATA_TABLES) {
      const rows: string[] = [];
      for await (const row of app.storage.client(key).listEntities<Record<string, unknown>>()) {
        const { etag: _e, timestamp: _t, ...data } = row as Record<string, unknown>;
        rows.push(JSON.stringify(data, Object.keys(data).sort()));
      }
      parts.push(`${key}:${rows.sort().join("\n")}`);
    }
    return parts.join("\n\n");
  }

  before(async () => {
    azurite = await TestAzurite.start();
    connector = await FakeConnector.start();
    connector.addTeam({ id: TEAM.id, name: TEAM.name, members: [USERS.officer, USERS.member, USERS.police].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })) });
    app = await startTestApp(azurite, { OFFICER_AAD_IDS: USERS.officer.aadObjectId }, { clock });
    const post = (body: unknown) => fetch(`${app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    await post(teamInstall({ serviceUrl: connector.url }));
    const launch = async (title: string, deadlineDate: string) => {
      await post(personalMessage({ serviceUrl: connector.url, user: USERS.officer, text: "launch" }));
      const form = await expandOpener(connector.sentActivities.at(-1)!.activity.attachments![0]!.content, async (verb, data) => (await post(actionInvoke({ serviceUrl: connector.url, user: USERS.officer, verb, data }))).json());
      await post(actionInvoke({ serviceUrl: connector.url, user: USERS.officer, verb: Verbs.launchRound, data: submit(form, Verbs.launchRound, { title, kinds: "feedback,vote,commitment", deadlineDate, deadlineTime: "12:00" }) }));
      await app.idle();
    };
    await launch("Closing soon", "2026-11-24");
    await launch("Open round", "2026-12-20");
    clock.set("2026-11-25T09:00:00Z");
    await app.scheduler.tick();
    await app.idle();
    const rounds = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
    openRoundId = rounds.find((r) => r.status === "open")!.id;
    closedRoundId = rounds.find((r) => r.status === "closed")!.id;
  });
  after(async () => {
    await app.stop();
    await connector.close();
    await azurite.stop();
  });

  it("never crashes or answers 5xx, refuses each payload clearly, and leaves the data tables unchanged", async () => {
    const before = await snapshot();
    const random = mulberry32(20261122);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const int = (n: number) => Math.floor(random() * n);
    const oddValue = (depth = 0): unknown => {
      switch (int(depth > 2 ? 5 : 8)) {
        case 0: return pick(ODD_STRINGS);
        case 1: return random() * 1e12 - 5e11;
        case 2: return pick([true, false, null]);
        case 3: return pick(ALL_VERBS);
        case 4: return String.fromCharCode(...Array.from({ length: int(40) }, () => int(0xffff)));
        case 5: return Array.from({ length: int(4) }, () => oddValue(depth + 1));
        case 6: return Object.fromEntries(Array.from({ length: int(5) }, () => [pick(["roundId", "boardId", "answer_t1", "vote_o1", "commit_i1_level", "why_o2", "revision", "themeCount", `theme_${int(30)}_name`, pick(ODD_STRINGS).slice(0, 20)]), oddValue(depth + 1)]));
        default: return pick([openRoundId, closedRoundId, "r-nope", TEAM.id]);
      }
    };
    const stranger = (): TestUser => ({ id: `29:fuzz-${int(1e6)}`, aadObjectId: `f0f0f0f0-0000-4000-8000-${String(int(1e12)).padStart(12, "0")}`, name: pick(ODD_STRINGS).slice(0, 50) });
    const members = [USERS.member, USERS.police];

    /** One payload the bot must refuse, and how to send it. */
    const payload = (): { body: string } => {
      const kind = int(10);
      if (kind === 0) return { body: pick(["{not json", "[1,2", "\"just a string\"", "null", "42", "[]", "{}", "{\"type\":42}", "{\"type\":\"\"}", ""]) };
      if (kind === 1) return { body: JSON.stringify({ ...(oddValue() as object), type: pick(ODD_STRINGS) }) };
      if (kind === 2) {
        // An unknown verb, or a known one with data of the wrong shape, from a stranger.
        return { body: JSON.stringify(actionInvoke({ serviceUrl: connector.url, user: stranger(), verb: int(2) ? pick(ALL_VERBS) : pick(ODD_STRINGS).slice(0, 200), data: oddValue() })) };
      }
      if (kind === 3) {
        // A member saving into the closed round (refused: closed).
        return { body: JSON.stringify(actionInvoke({ serviceUrl: connector.url, user: pick(members), verb: Verbs.saveResponse, data: { roundId: closedRoundId, boardId: TEAM.id, answer_t1: pick(ODD_STRINGS) } })) };
      }
      if (kind === 4) {
        // A member forging an over-limit or malformed vote in the open round (refused: limit/format).
        const votes = pick([{ vote_o1: "5" }, { vote_o1: "2", vote_o2: "2" }, { vote_o1: "-1" }, { vote_o2: "abc" }, { vote_o3: "2.5" }, { vote_o9: "1" }, { vote_o1: "1e9" }]);
        return { body: JSON.stringify(actionInvoke({ serviceUrl: connector.url, user: pick(members), verb: Verbs.saveResponse, data: { roundId: openRoundId, boardId: TEAM.id, ...votes } })) };
      }
      if (kind === 5) {
        // Over-long answers, unknown questions, bad commitment levels (refused: validation).
        const bad = pick([{ answer_t1: "x".repeat(2001 + int(15_000)) }, { answer_zz: "hello" }, { commit_i1_level: pick(ODD_STRINGS).trim() || "maybe" }, { commit_i99_level: "lead" }, { why_o1: "w".repeat(201) }, { organisation: "o".repeat(121) }]);
        return { body: JSON.stringify(actionInvoke({ serviceUrl: connector.url, user: pick(members), verb: Verbs.saveResponse, data: { roundId: openRoundId, boardId: TEAM.id, ...bad } })) };
      }
      if (kind === 6) {
        // Somebody not invited writing into the open round, or anyone into a round that doesn't exist.
        const roundId = int(2) ? openRoundId : pick(["r-nope", pick(ODD_STRINGS).slice(0, 90) || "x"]);
        return { body: JSON.stringify(actionInvoke({ serviceUrl: connector.url, user: stranger(), verb: pick([Verbs.saveResponse, Verbs.refreshResponse, Verbs.closeRound, Verbs.extendRound, Verbs.cancelRound, Verbs.saveSummary, Verbs.publishSummary, Verbs.openReview]), data: { roundId, boardId: pick([TEAM.id, "19:other@thread.tacv2"]), answer_t1: "hi", revision: 1 } })) };
      }
      if (kind === 7) {
        // Members trying officer-only actions.
        return { body: JSON.stringify(actionInvoke({ serviceUrl: connector.url, user: pick(members), verb: pick([Verbs.launchRound, Verbs.closeRound, Verbs.cancelRound, Verbs.extendRound, Verbs.publishSummary, Verbs.saveSummary]), data: { roundId: openRoundId, boardId: TEAM.id, themeCount: 1, kinds: "feedback", title: "x", revision: 1 } })) };
      }
      if (kind === 8) {
        // Invokes this bot doesn't offer, and malformed card actions.
        const base = actionInvoke({ serviceUrl: connector.url, user: stranger(), verb: "x" });
        return { body: JSON.stringify(int(2) ? { ...base, name: pick(["task/fetch", "composeExtension/query", "signin/verifyState", pick(ODD_STRINGS).slice(0, 50)]) } : { ...base, value: oddValue() }) };
      }
      // Messages and card actions whose identity is wrong in places the bot reads (conversation, from, channelData), whole or in part.
      const user = stranger();
      const msg = pick<() => object>([
        () => personalMessage({ serviceUrl: connector.url, user, text: pick(ODD_STRINGS) }),
        () => channelMessage({ serviceUrl: connector.url, user, text: pick(ODD_STRINGS) }),
        () => actionInvoke({ serviceUrl: connector.url, user, verb: pick(ALL_VERBS), data: { roundId: openRoundId, boardId: TEAM.id } }),
        () => actionInvoke({ serviceUrl: connector.url, user, verb: pick(ALL_VERBS), inChannel: true, data: { roundId: openRoundId, boardId: TEAM.id } }),
        // A meeting chat's live card, for an activity that doesn't exist or an id of the wrong shape.
        () => meetingInvoke({ serviceUrl: connector.url, user, verb: pick(ALL_VERBS), data: { activityId: pick(["l20261201-00000000", pick(ODD_STRINGS).slice(0, 90)]), stickers_o1: pick(ODD_STRINGS), post: pick(ODD_STRINGS) } }),
      ])() as Record<string, Record<string, unknown>>;
      if (int(2)) return { body: JSON.stringify({ ...msg, [pick(["conversation", "from", "channelData", "entities", "value", "recipient"])]: oddValue() }) };
      const field = pick([["from", "aadObjectId"], ["from", "id"], ["from", "name"], ["conversation", "tenantId"], ["conversation", "id"], ["recipient", "id"]] as const);
      return { body: JSON.stringify({ ...msg, [field[0]]: { ...msg[field[0]], [field[1]]: oddValue() } }) };
    };

    const statuses = new Map<number, number>();
    const problems: string[] = [];
    let sent = 0;
    const worker = async () => {
      while (sent < COUNT) {
        sent += 1;
        const { body } = payload();
        const res = await fetch(`${app.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500 && problems.length < 5) problems.push(`${res.status} for ${body.slice(0, 1500)} → ${text.slice(0, 200)}`);
        if (res.status === 200 && text.includes('"type":"application/vnd.microsoft.card.adaptive"') === false && text.includes("statusCode") && problems.length < 5) {
          problems.push(`200 without a card for ${body.slice(0, 1500)} → ${text.slice(0, 300)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await app.idle();

    expect(problems, JSON.stringify([...statuses])).to.deep.equal([]);
    expect([...statuses.keys()].filter((s) => s >= 500)).to.deep.equal([]);
    expect((await fetch(`${app.url}/healthz`)).status, "still healthy").to.equal(200);
    const after = await snapshot();
    const beforeLines = new Set(before.split("\n"));
    const changed = after.split("\n").filter((l) => !beforeLines.has(l)).map((l) => l.slice(0, 300));
    expect(changed, "data tables unchanged").to.deep.equal([]);
    expect(after).to.equal(before);
  });
});
