import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import type { LiveActivityDto, LiveResultsDto, MeetingLiveDto } from "../../services/live/live.types.ts";
import { DeliveriesRepository } from "../../services/storage/deliveries.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { SummariesRepository } from "../../services/storage/summaries.repository.ts";
import { actionInvoke, MEETING, personalMessage, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { LiveRepository } from "../../services/storage/live.repository.ts";
import { liveRoundId } from "../../services/live/live.round.ts";
import { openedForm, postActivity, startTestApp } from "../helpers/app.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import { submit } from "../helpers/card-submit.ts";
import type { FakeConnector } from "../helpers/fake-connector.ts";
import { liveApi, meetingPath, saveInChat, seedMeeting } from "../helpers/live.ts";
import { cardOf } from "./two-boards.setup.ts";

const OFFICER = USERS.officer;
/** 30 people in the workshop: 28 board members and 2 guests from outside the board's team. */
const MEMBERS: TestUser[] = Array.from({ length: 28 }, (_, i) => ({ id: `29:workshop-${i}`, aadObjectId: `c0ffee00-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `Workshop Member ${i}` }));
const GUESTS: TestUser[] = [0, 1].map((i) => ({ id: `29:guest-${i}`, aadObjectId: `9e570000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `Visiting Guest ${i}` }));
/** On the board, not in the meeting. */
const ABSENT = USERS.police;
const OPTIONS = ["Healthy weight", "Mental wellbeing", "Housing and health", "Tobacco control", "Best start in life"];

describe("e2e: a live workshop in a Teams meeting — 30 people, two stickers each, results on the stage, then a round of the board", function () {
  this.timeout(120_000);
  let board: TestBoard;
  let app: RunningApp;
  let connector: FakeConnector;
  const clock = new ManualClock("2026-12-01T14:00:00Z");

  before(async () => {
    board = await startBoard({ users: [OFFICER, USERS.chair, ABSENT, ...MEMBERS], env: { DEV_USER_AAD_ID: OFFICER.aadObjectId, CHAIR_AAD_IDS: USERS.chair.aadObjectId, OFFICER_AAD_IDS: OFFICER.aadObjectId }, app: { clock } });
    ({ app, connector } = board);
    await seedMeeting(app, connector, { participants: [OFFICER, ...MEMBERS], guests: GUESTS });
  });
  after(async () => {
    await board.stop();
  });

  const stickers = (d: Record<string, number>) => Object.fromEntries(OPTIONS.map((_, i) => [`stickers_o${i + 1}`, String(d[`o${i + 1}`] ?? 0)]));
  const body = (res: { body: unknown }) => JSON.stringify(res.body);
  /** Where each person puts their two stickers: a spread the tallies below are worked out from. */
  const placement = (i: number): Record<string, number> => (i % 3 === 0 ? { o1: 2 } : i % 3 === 1 ? { o2: 1, o3: 1 } : { o2: 1, o5: 1 });
  let activity: LiveActivityDto;

  it("offers the officer their board in the side panel, and starts a sticker vote that the bot posts in the meeting chat", async () => {
    const meeting = await liveApi(app, "GET", meetingPath());
    expect(meeting.status).to.equal(200);
    expect((meeting.body as MeetingLiveDto).canStart.map((b) => b.id)).to.deep.equal([TEAM.id]);
    const refused = await liveApi(app, "POST", meetingPath(), { boardId: TEAM.id, kind: "vote", title: "", options: ["Only one"], stickers: 2 });
    expect(refused.status).to.equal(400);
    expect(refused.body.message).to.contain("Give the activity a title.").and.contain("at least two options");
    const started = await liveApi(app, "POST", meetingPath(), { boardId: TEAM.id, kind: "vote", title: "Where should the board focus next year?", options: OPTIONS, stickers: 2, stacking: true, allowGuests: true });
    expect(started.status).to.equal(200);
    activity = started.body as LiveActivityDto;
    expect(activity).to.include({ status: "open", stickers: 2, stacking: true, boardName: TEAM.name });
    await app.idle();
    const posted = connector.activitiesFor(MEETING.chatId).map((s) => cardOf(s.activity)).filter((c) => JSON.stringify(c ?? "").includes(Verbs.saveLive));
    expect(posted).to.have.length(1);
    expect(JSON.stringify(posted[0])).to.contain("Where should the board focus next year?").and.contain("You have 2 stickers");
    const again = await liveApi(app, "POST", meetingPath(), { boardId: TEAM.id, kind: "vote", title: "A second one", options: ["A", "B"] });
    expect(again.status, "one open activity per meeting").to.equal(409);
  });

  it("answers malformed API calls with a clear 400 and changes nothing", async () => {
    const before = JSON.stringify((await liveApi(app, "GET", activity.resultsPath)).body.bars);
    const bad: Array<[string, "PUT" | "POST", string, unknown]> = [
      ["stickers not a map", "PUT", `/api/live/${activity.id}/mine`, { stickers: "o1" }],
      ["a fractional sticker", "PUT", `/api/live/${activity.id}/mine`, { stickers: { o1: 1.5 } }],
      ["two kinds at once", "PUT", `/api/live/${activity.id}/mine`, { stickers: { o1: 1 }, answer: "x" }],
      ["an answer to a vote", "PUT", `/api/live/${activity.id}/mine`, { answer: "Not a vote" }],
      ["an empty body", "PUT", `/api/live/${activity.id}/mine`, {}],
      ["an unknown field on start", "POST", meetingPath(), { boardId: TEAM.id, kind: "vote", title: "X", options: ["A", "B"], colour: "red" }],
      ["an unknown kind", "POST", meetingPath(), { boardId: TEAM.id, kind: "poll", title: "X" }],
      ["an id of the wrong shape", "PUT", "/api/live/not-an-id/mine", { stickers: {} }],
    ];
    for (const [label, method, path, body] of bad) {
      const res = await liveApi(app, method, path, body);
      expect(res.status, label).to.equal(400);
      expect(res.body.message, label).to.be.a("string").and.not.equal("");
    }
    const raw = await fetch(`${app.url}/api/live/${activity.id}/mine`, { method: "PUT", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(raw.status, "not JSON").to.equal(400);
    expect(JSON.stringify((await liveApi(app, "GET", activity.resultsPath)).body.bars)).to.equal(before);
  });

  it("takes 30 people's stickers from the meeting chat's card, refuses a third sticker and people outside the meeting", async () => {
    const people = [...MEMBERS, ...GUESTS];
    for (const [i, person] of people.entries()) {
      const res = await saveInChat(app, connector, person, { activityId: activity.id, ...stickers(placement(i)) });
      expect(res.status, person.name).to.equal(200);
      expect(body(res)).to.contain("Saved: 2 of your 2 stickers placed.");
    }
    const third = await saveInChat(app, connector, MEMBERS[0]!, { activityId: activity.id, ...stickers({ o1: 2, o4: 1 }) });
    expect(body(third)).to.contain("You have 2 stickers; you placed 3.");
    const absent = await saveInChat(app, connector, ABSENT, { activityId: activity.id, ...stickers({ o4: 2 }) });
    expect(absent.status).to.equal(403);
    expect(body(absent)).to.contain("Only this meeting's participants");
  });

  it("shows the right tallies on the stage API — totals only, never a name — and answers 304 while nothing changes", async () => {
    const expected = { o1: 0, o2: 0, o3: 0, o4: 0, o5: 0 } as Record<string, number>;
    for (let i = 0; i < 30; i += 1) for (const [o, n] of Object.entries(placement(i))) expected[o]! += n;
    const res = await liveApi(app, "GET", activity.resultsPath);
    expect(res.status).to.equal(200);
    const results = res.body as LiveResultsDto;
    expect(Object.fromEntries(results.bars.map((b) => [b.optionId, b.stickers]))).to.deep.equal(expected);
    expect(results).to.include({ participants: 30, guests: 2, stickersPlaced: 60 });
    expect(results.bars.find((b) => b.optionId === "o2")!.rank).to.equal("1");
    for (const p of [...MEMBERS, ...GUESTS, OFFICER]) {
      expect(body(res)).to.not.contain(p.name);
      expect(body(res)).to.not.contain(p.aadObjectId);
    }
    const unchanged = await liveApi(app, "GET", activity.resultsPath, undefined, { "if-none-match": res.etag! });
    expect(unchanged.status).to.equal(304);

    // A participant moves their stickers: the tallies follow, and the old ETag no longer matches.
    await saveInChat(app, connector, MEMBERS[0]!, { activityId: activity.id, ...stickers({ o4: 2 }) });
    const moved = await liveApi(app, "GET", activity.resultsPath, undefined, { "if-none-match": res.etag! });
    expect(moved.status).to.equal(200);
    const bars = Object.fromEntries((moved.body as LiveResultsDto).bars.map((b) => [b.optionId, b.stickers]));
    expect(bars).to.include({ o1: expected.o1! - 2, o4: 2 });
  });

  it("lets a guest see the activity and its totals, and nothing else of the board", async () => {
    const guest = await startTestApp(board.azurite, { TABLES_PREFIX: app.tablePrefix, DEV_USER_AAD_ID: GUESTS[0]!.aadObjectId }, { clock });
    try {
      expect((await liveApi(guest, "GET", activity.resultsPath)).status).to.equal(200);
      const mine = await liveApi(guest, "GET", `/api/live/${activity.id}`);
      expect(mine.body).to.deep.include({ you: { canManage: false, guest: true } });
      expect((await liveApi(guest, "GET", meetingPath())).body.canStart).to.deep.equal([]);
      expect((await liveApi(guest, "GET", "/api/boards")).body.boards).to.deep.equal([]);
      for (const path of [`/api/boards/${encodeURIComponent(TEAM.id)}/rounds`, `/api/boards/${encodeURIComponent(TEAM.id)}/actions`]) expect((await liveApi(guest, "GET", path)).status, path).to.equal(403);
      expect((await liveApi(guest, "POST", `/api/live/${activity.id}/end`)).status).to.equal(403);
    } finally {
      await guest.stop();
    }
  });

  it("when the officer ends it, makes a closed round of the board whose summary is drafted, published and posted to the channel", async () => {
    clock.set("2026-12-01T14:40:00Z");
    const ended = await liveApi(app, "POST", `/api/live/${activity.id}/end`);
    expect(ended.status).to.equal(200);
    expect(ended.body).to.include({ status: "ended" });
    const roundId = (ended.body as LiveActivityDto).roundId!;
    const round = (await new RoundsRepository(app.storage).get(TEAM.id, roundId))!.value;
    expect(round).to.include({ status: "closed", title: "Where should the board focus next year?", anonymous: true });
    expect(round.definition.workshop).to.include({ participants: 30, guests: 2, kind: "vote" });
    const ledger = await new DeliveriesRepository(app.storage).listByRound(roundId);
    expect(ledger).to.have.length(30);
    expect(ledger.filter((d) => d.memberName === "Guest")).to.have.length(2);
    expect(JSON.stringify(ledger)).to.not.contain("Visiting Guest");

    // Nothing more is taken once it has ended; the chat's card shows the totals.
    const late = await saveInChat(app, connector, MEMBERS[1]!, { activityId: activity.id, ...stickers({ o1: 2 }) });
    expect(late.status).to.equal(409);
    await app.idle();
    const updated = connector.updatedActivities.filter((u) => u.conversationId === MEETING.chatId).at(-1);
    expect(JSON.stringify(updated?.activity)).to.contain("30 took part (2 as guests)").and.contain("stickers (");

    // The draft goes to the officer, who publishes it: the digest reaches the board's channel.
    const draft = await new SummariesRepository(app.storage).get(roundId, "draft");
    expect(draft, "the draft summary is stored").to.not.equal(undefined);
    const officerChat = connector.personalConversationId(OFFICER.id);
    const opener = connector.activitiesFor(officerChat).map((s) => cardOf(s.activity)).filter((c) => JSON.stringify(c ?? "").includes(roundId)).at(-1);
    const review = await openedForm(app, connector.url, OFFICER, opener);
    const published = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: OFFICER, verb: Verbs.publishSummary, data: submit(review, Verbs.publishSummary) }));
    expect(published.status).to.equal(200);
    await app.idle();
    const digest = connector.activitiesFor(TEAM.id).map((s) => JSON.stringify(cardOf(s.activity) ?? "")).find((c) => c.includes("Where should the board focus next year?"));
    expect(digest, "the digest is in the channel").to.not.equal(undefined);
    expect(digest).to.contain("Mental wellbeing").and.contain("30 people took part in a live workshop (2 as guests)");
    // The digest's full report (a signed link) says so too, with the ranking.
    const reportUrl = (JSON.parse(digest!) as { actions?: Array<{ type: string; url?: string }> }).actions?.find((a) => a.type === "Action.OpenUrl")?.url;
    expect(reportUrl, "the digest links the report").to.be.a("string");
    const report = await (await fetch(reportUrl!.replace(/^https?:\/\/[^/]+/, app.url))).text();
    expect(report).to.contain("30 people took part in a live workshop (2 as guests)").and.contain("Mental wellbeing");
    // …and it is in the dashboard beside the board's other rounds.
    const listed = await liveApi(app, "GET", `/api/boards/${encodeURIComponent(TEAM.id)}/rounds`);
    const listedRound = listed.body.rounds.find((r: { id: string }) => r.id === roundId);
    expect(listedRound).to.include({ kindsText: "Live workshop: priority vote", results: "published" });
    expect(listedRound.response.text).to.equal("30 people took part in a live workshop (2 as guests)");
    for (const p of [...MEMBERS, ...GUESTS]) expect(digest).to.not.contain(p.name);
  });

  it("gives a participant their own stickers in 'my data', tells an officer only that they took part, and erases them", async () => {
    const person = MEMBERS[3]!;
    const link = async (who: TestUser, text: string) => {
      const before = connector.sentActivities.length;
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: who, text }));
      await app.idle();
      const sent = JSON.stringify(connector.sentActivities.slice(before).map((s) => s.activity));
      // The link names the public address; the bot here is on a free loopback port.
      const url = (sent.match(/\((https?:\/\/[^/)]+\/reports\/[^)\\]+)\)/) ?? [])[1]!;
      return url.replace(/^https?:\/\/[^/]+/, app.url);
    };
    const own = await (await fetch(await link(person, "my data"))).json() as { workshops: Array<{ title: string; stickers?: unknown; withheld?: string }> };
    expect(own.workshops).to.deep.include({ ...own.workshops[0], title: "Where should the board focus next year?", stickers: [{ option: "Healthy weight", stickers: 2 }] });
    const forOfficer = await (await fetch(await link(OFFICER, `member export ${person.name}`))).json() as { workshops: Array<{ stickers?: unknown; withheld?: string }> };
    expect(forOfficer.workshops[0]).to.include({ withheld: "took part — contributions withheld (live workshops are anonymous)" });
    expect(forOfficer.workshops[0]!.stickers).to.equal(undefined);
    await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: `member erase ${person.name} confirm` }));
    await app.idle();
    expect(await new LiveRepository(app.storage).entriesOf(person.aadObjectId)).to.deep.equal([]);
  });

  it("runs a wall: cards from the chat cluster on the stage with counts, and the round's summary has the points", async () => {
    const started = await liveApi(app, "POST", meetingPath(), { boardId: TEAM.id, kind: "wall", title: "Our plans for the next 12 months", prompt: "What will your organisation do in the next 12 months, and why?", theme: "Plans" });
    expect(started.status).to.equal(200);
    const wall = started.body as LiveActivityDto;
    const cards = [
      "We will expand social prescribing in every GP practice.",
      "Social prescribing link workers in each GP practice.",
      "More social prescribing through GP practices next year.",
      "We plan a shared housing and health data hub with the district councils.",
      "A shared data hub for housing and health with district councils.",
    ];
    for (const [i, text] of cards.entries()) {
      const res = await saveInChat(app, connector, MEMBERS[i]!, { activityId: wall.id, post: text });
      expect(body(res)).to.contain("Added: you have 1 of 5 cards on the wall.");
    }
    const tooLong = await saveInChat(app, connector, MEMBERS[6]!, { activityId: wall.id, post: "x".repeat(281) });
    expect(body(tooLong)).to.contain("Your card is 281 characters; the limit is 280.");
    const empty = await saveInChat(app, connector, MEMBERS[6]!, { activityId: wall.id, post: "  " });
    expect(empty.status).to.equal(200);
    expect(body(empty)).to.contain("Write something on the card first.");
    // Five cards each: a sixth is refused on the person's copy of the card, which still counts their five.
    for (let n = 2; n <= 5; n += 1) await saveInChat(app, connector, MEMBERS[0]!, { activityId: wall.id, post: `Another idea, number ${n}.` });
    const sixth = await saveInChat(app, connector, MEMBERS[0]!, { activityId: wall.id, post: "One too many." });
    expect(body(sixth)).to.contain("You already have 5 cards on the wall").and.contain("you have 5 on the wall");
    const results = (await liveApi(app, "GET", wall.resultsPath)).body as LiveResultsDto;
    expect(results).to.include({ participants: 5, contributions: 9 });
    expect(results.clusters.reduce((n, c) => n + c.cards, 0)).to.equal(9);
    expect(results.clusters[0]!.people).to.be.at.least(2);
    for (const p of MEMBERS) expect(JSON.stringify(results)).to.not.contain(p.name);

    const ended = await liveApi(app, "POST", `/api/live/${wall.id}/end`);
    await app.idle();
    const doc = (await new SummariesRepository(app.storage).get((ended.body as LiveActivityDto).roundId!, "draft"))!.value.body as { summary: { themes: Array<{ theme: string; points: unknown[] }>; responded: number } };
    expect(doc.summary.responded).to.equal(5);
    expect(doc.summary.themes[0]!.theme).to.equal("Plans");
    expect(doc.summary.themes[0]!.points.length).to.be.at.least(1);
  });

  it("ends an activity left open 12 hours after it started, and finishes an end a crash cut short, so nothing put in is stranded", async () => {
    const forgotten = (await liveApi(app, "POST", meetingPath(), { boardId: TEAM.id, kind: "question", title: "Left open", prompt: "One thing the board should stop doing?", theme: "Focus" })).body as LiveActivityDto;
    await saveInChat(app, connector, MEMBERS[0]!, { activityId: forgotten.id, answer: "Stop duplicating reports to each partner." });
    await saveInChat(app, connector, MEMBERS[1]!, { activityId: forgotten.id, answer: "Stop meeting without papers in advance." });
    clock.set(clock.now().plus({ hours: 11 }).toISO()!);
    await app.scheduler.tick();
    expect((await new LiveRepository(app.storage).get(forgotten.id))!.value.status, "still open at 11 hours").to.equal("open");
    clock.set(clock.now().plus({ hours: 2 }).toISO()!);
    await app.scheduler.tick();
    await app.idle();
    const ended = (await new LiveRepository(app.storage).get(forgotten.id))!.value;
    expect(ended.status).to.equal("ended");
    expect((await new RoundsRepository(app.storage).get(TEAM.id, ended.roundId!))!.value).to.include({ status: "closed", title: "Left open" });
    expect(await new SummariesRepository(app.storage).get(ended.roundId!, "draft"), "its summary is drafted").to.not.equal(undefined);

    // A crash between "ended" and the round: the next sweep (after five minutes) writes the round.
    const cut = (await liveApi(app, "POST", meetingPath(), { boardId: TEAM.id, kind: "vote", title: "Cut short", options: ["A", "B"] })).body as LiveActivityDto;
    await saveInChat(app, connector, MEMBERS[2]!, { activityId: cut.id, stickers_o1: "2", stickers_o2: "0" });
    const repo = new LiveRepository(app.storage);
    const open = (await repo.get(cut.id))!;
    await repo.update({ ...open.value, status: "ended", endedAt: clock.now().toUTC().toISO()!, roundId: liveRoundId(open.value) }, open.etag);
    clock.set(clock.now().plus({ minutes: 6 }).toISO()!);
    await app.scheduler.tick();
    await app.idle();
    const round = (await new RoundsRepository(app.storage).get(TEAM.id, liveRoundId(open.value)))?.value;
    expect(round?.definition.workshop).to.include({ participants: 1 });
  });
});
