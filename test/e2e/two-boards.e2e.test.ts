import { expect } from "chai";
import type { RunningApp } from "../../bot/app.ts";
import { TAB_API_ROUTES } from "../../bot/tab.routes.ts";
import { ALL_VERBS, Verbs } from "../../cards/verbs.ts";
import { ActionsRepository } from "../../services/storage/actions.repository.ts";
import { LiveRepository } from "../../services/storage/live.repository.ts";
import { LIVE_API_ROUTES } from "../../bot/live.routes.ts";
import { BoardsRepository } from "../../services/storage/boards.repository.ts";
import { ResponsesRepository } from "../../services/storage/responses.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { LINK_KINDS, LinkSigner } from "../../services/summary/links.ts";
import { meetingInvoke, TENANT_ID, type TestUser } from "../helpers/activities.ts";
import { postActivity, startTestApp } from "../helpers/app.ts";
import { submit } from "../helpers/card-submit.ts";
import { A, B, B_SECRET, B_TITLES, BOARD_A, BOARD_B, cardOf, startTwoBoards, TWO_BOARDS_SECRET, type TwoBoards } from "./two-boards.setup.ts";

/**
 * Boards are the unit of trust. Every way in — each command, card verb, dashboard API route,
 * signed link and message the bot sends by itself — is tried by board A's officer, chair and a
 * member against board B: each is refused, comes back empty, or is never sent, and nothing of B's
 * changes. Each row also has a positive control done by B's own people, so a row can't pass by
 * being broken for everyone. A new command, verb, route or link kind fails the coverage test until
 * it has a row here.
 */

/** What a try produced: the HTTP status (for verbs, routes and links) and every word that came back or was sent meanwhile. */
interface Outcome {
  status?: number;
  text: string;
}

interface Row {
  kind: "command" | "verb" | "tab" | "link" | "message";
  name: string;
  attempt(as: TestUser): Promise<Outcome>;
  control(): Promise<Outcome>;
  /** What the control must show (default: B's marker). */
  controlShows?: string | (() => string);
}

const A_PEOPLE: Array<[string, TestUser]> = [["A's officer", A.officer], ["A's chair", A.chair], ["A's member", A.member]];
const MESSAGES = ["draft summary", "digest in the channel", "digest to the chair", "reminder", "closed card update", "role notice"] as const;

describe("e2e: two boards in one tenant — nothing of board B reaches board A's people", function () {
  this.timeout(180_000);
  let t: TwoBoards;
  const viewers = new Map<string, RunningApp>();

  before(async () => {
    t = await startTwoBoards();
  });
  after(async () => {
    for (const v of viewers.values()) await v.stop();
    await t?.stop();
  });

  /** Everything the bot sent or changed during `work`, plus what `work` returned. */
  async function observe(work: () => Promise<{ status?: number; body?: unknown } | void>): Promise<Outcome> {
    const sent = t.connector.sentActivities.length;
    const updated = t.connector.updatedActivities.length;
    const res = await work();
    await t.app.idle();
    const out = [...t.connector.sentActivities.slice(sent).map((s) => s.activity), ...t.connector.updatedActivities.slice(updated).map((u) => u.activity)];
    return { ...(res && res.status !== undefined ? { status: res.status } : {}), text: JSON.stringify([res && res.body, out]) };
  }
  const verb = (as: TestUser, name: string, data: Record<string, unknown>, team?: typeof BOARD_A) => observe(() => t.invoke(as, name, data, team ? { team } : {}));
  const command = (as: TestUser, text: string, team?: typeof BOARD_A) => observe(async () => void (await t.say(as, text, team ? { team } : {})));
  const open = () => ({ roundId: t.rounds.open.id, boardId: BOARD_B.id });
  const closed = () => ({ roundId: t.rounds.closed.id, boardId: BOARD_B.id });
  const local = (url: string) => url.replace("http://127.0.0.1:1", t.app.url);
  const linkIn = (o: Outcome) => (o.text.match(/\((http:\/\/127\.0\.0\.1:1\/reports\/[^)\\]+)\)/) ?? [])[1];
  const fetchText = async (url: string): Promise<Outcome & { status: number }> => {
    const res = await fetch(local(url));
    return { status: res.status, text: await res.text() };
  };
  /** The dashboard as this person sees it: a bot in local mode on the same storage, acting as them (same rules as in Teams). */
  async function viewerFor(as: TestUser): Promise<RunningApp> {
    let viewer = viewers.get(as.aadObjectId);
    if (!viewer) {
      viewer = await startTestApp(t.azurite, { TABLES_PREFIX: t.prefix, DEV_USER_AAD_ID: as.aadObjectId, REPORT_LINK_SECRET: TWO_BOARDS_SECRET }, { clock: t.clock });
      viewers.set(as.aadObjectId, viewer);
    }
    return viewer;
  }
  async function tab(as: TestUser, path: string): Promise<Outcome> {
    const viewer = await viewerFor(as);
    const res = await fetch(`${viewer.url}${path.replace(":boardId", encodeURIComponent(BOARD_B.id)).replace(":roundId", t.rounds.closed.id)}`);
    return { status: res.status, text: await res.text() };
  }
  /** The live workshop API as this person, from the side panel of a meeting (same rules as in Teams). */
  async function live(as: TestUser, method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<Outcome> {
    const viewer = await viewerFor(as);
    const res = await fetch(`${viewer.url}${path}`, { method, ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }) });
    await viewer.idle();
    return { status: res.status, text: await res.text() };
  }
  const meetingApi = (m: { chatId: string }) => `/api/meetings/${encodeURIComponent(m.chatId)}/live`;
  const bLiveApi = (suffix = "") => `/api/live/${t.bLive.id}${suffix}`;
  /** The vote B's officer starts in B's second meeting (the start row's control), ended by the end row's control. */
  let bStarted = "";
  const signer = () => new LinkSigner(TWO_BOARDS_SECRET, "http://127.0.0.1:1", t.clock);
  const bState = async () => JSON.stringify({
    rounds: (await new RoundsRepository(t.app.storage).listByBoard(BOARD_B.id)).map((r) => [r.id, r.status, r.deadline]).sort(),
    responses: await Promise.all([t.rounds.closed, t.rounds.open, t.rounds.spare].map(async (r) => (await new ResponsesRepository(t.app.storage).listByRound(r.id)).map((x) => [x.memberAadObjectId, x.revision]))),
    roles: (await new BoardsRepository(t.app.storage).read(BOARD_B.id)).roles.map((r) => [r.role, r.aadObjectId]).sort(),
    actions: (await new ActionsRepository(t.app.storage).listByBoard(BOARD_B.id)).map((a) => [a.id, a.title, a.state, a.updatedAt]),
    live: [(await new LiveRepository(t.app.storage).get(t.bLive.id))?.value.status, (await new LiveRepository(t.app.storage).listEntries(t.bLive.id)).map((e) => [e.participantAadObjectId, e.stickers, e.savedAt])],
    meetings: (await Promise.all([t.meetings.b, t.meetings.b2].map((m) => new LiveRepository(t.app.storage).listByMeeting(m.chatId)))).flat().map((a) => [a.id, a.status]).sort(),
  });
  /** B's action, made by the saveAction row's control (a made-up id before that). */
  const bAction = async () => ({ boardId: BOARD_B.id, actionId: (await new ActionsRepository(t.app.storage).listByBoard(BOARD_B.id))[0]?.id ?? "a20261201-00000000" });

  const rows: Row[] = [
    // ——— commands ———
    { kind: "command", name: "help", attempt: (as) => command(as, "help"), control: () => command(B.officer, "help"), controlShows: BOARD_B.name },
    {
      kind: "command", name: "launch",
      attempt: async (as) => {
        const o = await command(as, "launch");
        // And the form submitted for board B (the only board A's officer can't pick).
        const form = JSON.parse(o.text)[1][0];
        const forged = await verb(as, Verbs.launchRound, { ...(JSON.stringify(form ?? "").includes(Verbs.launchRound) ? submit(cardOf(form), Verbs.launchRound) : { themeCount: "0" }), boardId: BOARD_B.id, title: "Forged", deadlineDate: "2026-12-20", deadlineTime: "12:00" });
        expect(forged.status).to.equal(403);
        return { text: o.text + forged.text, status: forged.status };
      },
      control: () => command(B.officer, "launch", BOARD_B), controlShows: BOARD_B.name,
    },
    { kind: "command", name: "status", attempt: (as) => command(as, "status"), control: () => command(B.officer, "status"), controlShows: B_TITLES.open },
    { kind: "command", name: "summary", attempt: async (as) => ({ text: (await command(as, "summary")).text + (await command(as, "summary", BOARD_B)).text }), control: () => command(B.member, "summary"), controlShows: B_TITLES.closed },
    { kind: "command", name: "export", attempt: (as) => command(as, "export"), control: () => command(B.officer, "export"), controlShows: () => t.rounds.closed.id },
    {
      kind: "command", name: "member",
      attempt: async (as) => {
        const byName = await command(as, `member export ${B.member.name}`);
        const byId = await command(as, `member export ${B.member.aadObjectId}`);
        const erase = await command(as, `member erase ${B.member.name} confirm`);
        return { text: byName.text + byId.text + erase.text + (linkIn(byId) ? (await fetchText(linkIn(byId)!)).text : "") };
      },
      control: async () => fetchText(linkIn(await command(B.officer, `member export ${B.member.name}`))!),
    },
    {
      kind: "command", name: "my",
      attempt: async (as) => {
        const o = await command(as, "my data");
        return { text: o.text + (await fetchText(linkIn(o)!)).text };
      },
      // A member's own file has everything of theirs, anonymous answers included.
      control: async () => fetchText(linkIn(await command(B.member, "my data"))!), controlShows: `${B_SECRET} anonymous view`,
    },
    {
      kind: "command", name: "roles",
      attempt: async (as) => ({ text: (await command(as, "roles")).text + (await command(as, "roles", BOARD_B)).text + (await command(as, `roles add ${B.member.name} officer`)).text }),
      control: () => command(B.officer, "roles", BOARD_B), controlShows: B.chair.name,
    },
    {
      kind: "command", name: "actions",
      attempt: async (as) => ({ text: (await command(as, "actions")).text + (await command(as, "actions", BOARD_B)).text }),
      control: () => command(B.member, "actions"), controlShows: BOARD_B.name,
    },
    {
      kind: "command", name: "checkin",
      attempt: async (as) => ({ text: (await command(as, "checkin")).text + (await command(as, "checkin", BOARD_B)).text }),
      control: () => command(B.officer, "checkin", BOARD_B), controlShows: BOARD_B.name,
    },
    // ——— card verbs, with board B's ids ———
    { kind: "verb", name: Verbs.showHelp, attempt: (as) => verb(as, Verbs.showHelp, {}), control: () => verb(B.member, Verbs.showHelp, {}), controlShows: BOARD_B.name },
    { kind: "verb", name: Verbs.openLaunch, attempt: (as) => verb(as, Verbs.openLaunch, {}), control: () => verb(B.officer, Verbs.openLaunch, {}), controlShows: BOARD_B.name },
    { kind: "verb", name: Verbs.addThemes, attempt: (as) => verb(as, Verbs.addThemes, { themeCount: "0", boardId: BOARD_B.id }), control: () => verb(B.officer, Verbs.addThemes, { themeCount: "0", boardId: BOARD_B.id }), controlShows: BOARD_B.name },
    { kind: "verb", name: Verbs.launchRound, attempt: (as) => verb(as, Verbs.launchRound, { themeCount: "0", kinds: "vote", voteOptions: "X\nY", boardId: BOARD_B.id, title: "Forged", deadlineDate: "2026-12-20", deadlineTime: "12:00" }), control: () => verb(B.officer, Verbs.launchRound, { themeCount: "0", kinds: "vote", voteOptions: "X\nY", title: `${B_SECRET} control launch`, deadlineDate: "2026-12-20", deadlineTime: "12:00" }, BOARD_B) },
    { kind: "verb", name: Verbs.saveResponse, attempt: (as) => verb(as, Verbs.saveResponse, { ...open(), answer_t1: "From board A" }), control: () => verb(B.other, Verbs.saveResponse, { ...open(), answer_t1: `${B_SECRET} control answer` }) },
    { kind: "verb", name: Verbs.refreshResponse, attempt: (as) => verb(as, Verbs.refreshResponse, open()), control: () => verb(B.member, Verbs.refreshResponse, open()) },
    { kind: "verb", name: Verbs.showStatus, attempt: (as) => verb(as, Verbs.showStatus, {}), control: () => verb(B.officer, Verbs.showStatus, {}) },
    {
      kind: "verb", name: Verbs.closeRound, attempt: (as) => verb(as, Verbs.closeRound, open()),
      // The control closes the round B's officer launched in the round.launch row.
      control: async () => {
        const round = (await new RoundsRepository(t.app.storage).listByBoard(BOARD_B.id)).find((r) => r.title === `${B_SECRET} control launch`)!;
        return verb(B.officer, Verbs.closeRound, { roundId: round.id, boardId: BOARD_B.id });
      },
      controlShows: "is closed",
    },
    { kind: "verb", name: Verbs.extendRound, attempt: (as) => verb(as, Verbs.extendRound, { ...open(), [`extendDate_${t.rounds.open.id}`]: "2026-12-20", [`extendTime_${t.rounds.open.id}`]: "12:00" }), control: () => verb(B.officer, Verbs.extendRound, { ...open(), [`extendDate_${t.rounds.open.id}`]: "2026-12-12", [`extendTime_${t.rounds.open.id}`]: "12:00" }) },
    { kind: "verb", name: Verbs.cancelRound, attempt: (as) => verb(as, Verbs.cancelRound, { roundId: t.rounds.spare.id, boardId: BOARD_B.id }), control: () => verb(B.officer, Verbs.cancelRound, { roundId: t.rounds.spare.id, boardId: BOARD_B.id }) },
    { kind: "verb", name: Verbs.openReview, attempt: (as) => verb(as, Verbs.openReview, closed()), control: () => verb(B.officer, Verbs.openReview, closed()) },
    { kind: "verb", name: Verbs.saveSummary, attempt: (as) => verb(as, Verbs.saveSummary, { ...closed(), revision: "2" }), control: () => verb(B.officer, Verbs.saveSummary, { ...closed(), revision: "2" }) },
    { kind: "verb", name: Verbs.publishSummary, attempt: (as) => verb(as, Verbs.publishSummary, { ...closed(), revision: "2" }), control: () => verb(B.officer, Verbs.publishSummary, { ...closed(), revision: "2" }) },
    { kind: "verb", name: Verbs.pickBoard, attempt: (as) => verb(as, Verbs.pickBoard, { command: "summary", boardId: BOARD_B.id }), control: () => verb(B.member, Verbs.pickBoard, { command: "summary", boardId: BOARD_B.id }) },
    { kind: "verb", name: Verbs.addRole, attempt: (as) => verb(as, Verbs.addRole, { boardId: BOARD_B.id, people: as.aadObjectId, role: "officer" }), control: () => verb(B.officer, Verbs.addRole, { boardId: BOARD_B.id, people: B.third.aadObjectId, role: "officer" }), controlShows: B.third.name },
    { kind: "verb", name: Verbs.removeRole, attempt: (as) => verb(as, Verbs.removeRole, { boardId: BOARD_B.id, aadObjectId: B.chair.aadObjectId, role: "chair" }), control: () => verb(B.officer, Verbs.removeRole, { boardId: BOARD_B.id, aadObjectId: B.third.aadObjectId, role: "officer" }), controlShows: "no longer an officer" },
    { kind: "verb", name: Verbs.showActions, attempt: (as) => verb(as, Verbs.showActions, { boardId: BOARD_B.id }), control: () => verb(B.member, Verbs.showActions, { boardId: BOARD_B.id }), controlShows: BOARD_B.name },
    { kind: "verb", name: Verbs.openActionForm, attempt: (as) => verb(as, Verbs.openActionForm, { boardId: BOARD_B.id, roundId: t.rounds.closed.id }), control: () => verb(B.officer, Verbs.openActionForm, { boardId: BOARD_B.id }), controlShows: BOARD_B.name },
    {
      kind: "verb", name: Verbs.saveAction,
      attempt: (as) => verb(as, Verbs.saveAction, { boardId: BOARD_B.id, title: "Forged action", owner: "Board A", due: "2027-01-15" }),
      control: () => verb(B.officer, Verbs.saveAction, { boardId: BOARD_B.id, title: `${B_SECRET} control action`, owner: "Board B's council", due: "2027-01-15" }),
    },
    { kind: "verb", name: Verbs.closeAction, attempt: async (as) => verb(as, Verbs.closeAction, await bAction()), control: async () => verb(B.officer, Verbs.closeAction, await bAction()) },
    { kind: "verb", name: Verbs.reopenAction, attempt: async (as) => verb(as, Verbs.reopenAction, await bAction()), control: async () => verb(B.officer, Verbs.reopenAction, await bAction()) },
    { kind: "verb", name: Verbs.openCheckIn, attempt: (as) => verb(as, Verbs.openCheckIn, { boardId: BOARD_B.id }), control: () => verb(B.officer, Verbs.openCheckIn, { boardId: BOARD_B.id }), controlShows: BOARD_B.name },
    // B's only action has nobody to ask, so the control is the form again saying so (nothing is sent).
    { kind: "verb", name: Verbs.launchCheckIn, attempt: (as) => verb(as, Verbs.launchCheckIn, { boardId: BOARD_B.id, closeDate: "2026-12-20", closeTime: "12:00" }), control: () => verb(B.officer, Verbs.launchCheckIn, { boardId: BOARD_B.id, closeDate: "2026-12-20", closeTime: "12:00" }), controlShows: "Nobody on the team answers for the open actions" },
    {
      kind: "verb", name: Verbs.saveLive,
      // From B's meeting chat (they aren't in it), and with B's activity from A's own meeting chat.
      attempt: async (as) => {
        const inB = await observe(() => postActivity(t.app, meetingInvoke({ serviceUrl: t.connector.url, user: as, verb: Verbs.saveLive, data: { activityId: t.bLive.id, stickers_o2: "2" }, meeting: t.meetings.b })));
        const fromA = await observe(() => postActivity(t.app, meetingInvoke({ serviceUrl: t.connector.url, user: as, verb: Verbs.saveLive, data: { activityId: t.bLive.id, stickers_o2: "2" }, meeting: t.meetings.a })));
        expect(fromA.status, "B's activity from A's meeting").to.equal(404);
        return { status: inB.status, text: inB.text + fromA.text };
      },
      control: () => observe(() => postActivity(t.app, meetingInvoke({ serviceUrl: t.connector.url, user: B.third, verb: Verbs.saveLive, data: { activityId: t.bLive.id, stickers_o1: "1" }, meeting: t.meetings.b }))),
    },
    {
      kind: "verb", name: Verbs.stopCheckIns,
      attempt: (as) => verb(as, Verbs.stopCheckIns, { boardId: BOARD_B.id, roundId: "r20270111-5ced0001" }),
      // The control: B's own cadence (a scheduled check-in, as one closing leaves), stopped by B's officer.
      control: async () => {
        const checkIn = { ...t.rounds.open, id: "r20270111-5ced0001", status: "draft" as const, definition: { kinds: ["checkin" as const], questions: [], options: [], checkIn: { items: [], organisations: {}, repeatEveryWeeks: 4, opensAt: "2026-12-28T17:00:00.000Z" } } };
        await new RoundsRepository(t.app.storage).create(checkIn);
        return verb(B.officer, Verbs.stopCheckIns, { boardId: BOARD_B.id, roundId: checkIn.id });
      },
      controlShows: "Check-ins no longer repeat",
    },
    // ——— the dashboard's API ———
    ...TAB_API_ROUTES.map((route): Row => ({ kind: "tab", name: route, attempt: (as) => tab(as, route), control: () => tab(B.member, route), controlShows: route === "/api/me" ? B.member.aadObjectId : BOARD_B.name })),
    // ——— the live workshop API (meetings) ———
    {
      kind: "tab", name: "GET /api/meetings/:chatId/live",
      attempt: async (as) => {
        const inB = await live(as, "GET", meetingApi(t.meetings.b));
        return { status: inB.status, text: inB.text + (await live(as, "GET", meetingApi(t.meetings.a))).text };
      },
      control: () => live(B.member, "GET", meetingApi(t.meetings.b)),
    },
    {
      kind: "tab", name: "POST /api/meetings/:chatId/live",
      attempt: async (as) => {
        // For board B in B's meeting (they aren't in it), and for board B from their own meeting (they aren't on B).
        const inB = await live(as, "POST", meetingApi(t.meetings.b2), { boardId: BOARD_B.id, kind: "vote", title: "Forged", options: ["X", "Y"] });
        const fromA = await live(as, "POST", meetingApi(t.meetings.a), { boardId: BOARD_B.id, kind: "vote", title: "Forged", options: ["X", "Y"] });
        expect(fromA.status, "for board B from A's meeting").to.equal(403);
        return { status: inB.status, text: inB.text + fromA.text };
      },
      control: async () => {
        const o = await live(B.officer, "POST", meetingApi(t.meetings.b2), { boardId: BOARD_B.id, kind: "vote", title: `${B_SECRET} control vote`, options: ["X", "Y"] });
        bStarted = (JSON.parse(o.text) as { id: string }).id;
        return o;
      },
    },
    { kind: "tab", name: "GET /api/live/:activityId", attempt: (as) => live(as, "GET", bLiveApi()), control: () => live(B.member, "GET", bLiveApi()) },
    { kind: "tab", name: "PUT /api/live/:activityId/mine", attempt: (as) => live(as, "PUT", bLiveApi("/mine"), { stickers: { o2: 2 } }), control: () => live(B.other, "PUT", bLiveApi("/mine"), { stickers: { o1: 1 } }) },
    { kind: "tab", name: "GET /api/live/:activityId/results", attempt: (as) => live(as, "GET", bLiveApi("/results")), control: () => live(B.member, "GET", bLiveApi("/results")) },
    { kind: "tab", name: "POST /api/live/:activityId/end", attempt: (as) => live(as, "POST", bLiveApi("/end")), control: () => live(B.officer, "POST", `/api/live/${bStarted}/end`), controlShows: '"status":"ended"' },
    // ——— signed links ———
    ...(["report", "pdf", "summary.csv", "answers.csv"] as const).map((kind): Row => ({
      kind: "link", name: kind,
      // A link signed for board A can't be pointed at B's round, and changing the board breaks the signature.
      attempt: async () => {
        const forA = await fetchText(signer().url(kind, BOARD_A.id, t.rounds.closed.id, 3600));
        const swapped = await fetchText(signer().url(kind, BOARD_A.id, t.rounds.closed.id, 3600).replace(encodeURIComponent(BOARD_A.id), encodeURIComponent(BOARD_B.id)));
        expect(swapped.status, "a link whose board was changed").to.equal(403);
        return { status: forA.status, text: forA.text + swapped.text };
      },
      control: () => fetchText(signer().url(kind, BOARD_B.id, t.rounds.closed.id, 3600)),
      controlShows: kind === "report" ? B_TITLES.closed : B_SECRET,
    })),
    {
      kind: "link", name: "member.json",
      attempt: (as) => fetchText(signer().url("member.json", TENANT_ID, `${B.member.aadObjectId}.${as.aadObjectId}`, 900)),
      control: () => fetchText(signer().url("member.json", TENANT_ID, `${B.member.aadObjectId}.${B.officer.aadObjectId}`, 900)),
    },
    {
      kind: "link", name: "my.json",
      attempt: (as) => fetchText(signer().url("my.json", TENANT_ID, as.aadObjectId, 900)),
      control: () => fetchText(signer().url("my.json", TENANT_ID, B.member.aadObjectId, 900)),
    },
    // ——— what the bot sends by itself (B's happened during setup; reminders happen here) ———
    ...MESSAGES.map((name): Row => ({
      kind: "message", name,
      attempt: async (as) => ({ text: JSON.stringify([t.toPerson(as), t.connector.activitiesFor(BOARD_A.id), t.connector.updatedActivities.filter((u) => t.toPerson(as).some((s) => s.conversationId === u.conversationId))]) }),
      control: async () => ({ text: JSON.stringify(sentToB(name)) }),
      controlShows: name === "role notice" ? BOARD_B.name : name === "reminder" ? B_TITLES.open : B_TITLES.closed,
    })),
  ];

  /** What B's people received by kind of message (the controls). */
  function sentToB(name: (typeof MESSAGES)[number]): unknown[] {
    const cards = (user: TestUser) => t.toPerson(user).map((s) => cardOf(s.activity) ?? s.activity.text);
    switch (name) {
      case "draft summary": return cards(B.officer).filter((c) => JSON.stringify(c).includes(Verbs.openReview));
      case "digest in the channel": return t.connector.activitiesFor(BOARD_B.id).map((s) => cardOf(s.activity)).filter((c) => JSON.stringify(c ?? "").includes("responded"));
      case "digest to the chair": return cards(B.chair).filter((c) => JSON.stringify(c).includes("responded"));
      case "reminder": return cards(B.other).filter((c) => JSON.stringify(c).includes(B_TITLES.open));
      case "closed card update": {
        const updates = t.connector.updatedActivities.filter((u) => t.toPerson(B.member).some((s) => s.conversationId === u.conversationId));
        return updates;
      }
      case "role notice": return t.toPerson(B.chair).filter((s) => (s.activity.text ?? "").includes("chair"));
    }
  }

  it("has a row for every command, card verb, dashboard route and link kind the bot has", () => {
    const names = (kind: Row["kind"]) => rows.filter((r) => r.kind === kind).map((r) => r.name).sort();
    expect(names("command")).to.deep.equal([...t.app.entryPoints.commands].sort());
    expect(names("verb")).to.deep.equal([...t.app.entryPoints.verbs].sort());
    // …and every verb the cards can carry is one the bot answers.
    expect([...t.app.entryPoints.verbs].sort()).to.deep.equal([...ALL_VERBS].sort());
    expect(names("tab")).to.deep.equal([...TAB_API_ROUTES, ...LIVE_API_ROUTES].sort());
    expect(names("link")).to.deep.equal([...LINK_KINDS].sort());
  });

  it("reaches 48 hours before the open rounds' deadline: reminders go out (the message rows check where)", async () => {
    const before = t.connector.sentActivities.length;
    t.clock.set("2026-12-08T12:30:00Z");
    await t.app.scheduler.tick();
    await t.app.idle();
    expect(t.connector.sentActivities.length).to.be.greaterThan(before);
  });

  for (const r of rows) {
    it(`${r.kind} ${r.name}: refused or empty for A's officer, chair and member; B's own people get it`, async () => {
      for (const [who, as] of A_PEOPLE) {
        const before = await bState();
        const outcome = await r.attempt(as);
        for (const secret of [B_SECRET, BOARD_B.name, t.rounds.closed.id, t.rounds.open.id]) expect(outcome.text, `${who}: nothing of B's (${secret})`).to.not.contain(secret);
        if (outcome.status !== undefined) expect([200, 400, 403, 404], `${who}: a refusal or an empty answer, never an error`).to.include(outcome.status);
        if (r.kind === "verb" && ![Verbs.showHelp, Verbs.showStatus, Verbs.openLaunch].includes(r.name as never)) expect(outcome.status, `${who}: refused`).to.be.oneOf([403, 404]);
        if (r.kind === "tab" && /:boardId|:chatId|:activityId/.test(r.name)) expect(outcome.status, `${who}: refused`).to.equal(403);
        // (my.json is each person's own file: theirs to have, and nothing of B's is in it.)
        if (r.kind === "link" && r.name !== "my.json") expect(outcome.status, `${who}: refused`).to.be.oneOf([403, 404]);
        expect(await bState(), `${who}: nothing of B's changed`).to.equal(before);
      }
      const control = await r.control();
      if (control.status !== undefined) expect(control.status, "control").to.equal(200);
      const shows = typeof r.controlShows === "function" ? r.controlShows() : (r.controlShows ?? B_SECRET);
      expect(control.text, "control: B's own people get it").to.contain(shows);
    });
  }

  it("leaves B's officers and chair as B's own officers set them", async () => {
    const roles = (await new BoardsRepository(t.app.storage).read(BOARD_B.id)).roles.map((r) => [r.role, r.aadObjectId]).sort();
    expect(roles).to.deep.equal([["chair", B.chair.aadObjectId], ["officer", B.officer.aadObjectId]]);
    const rounds = await new RoundsRepository(t.app.storage).listByBoard(BOARD_B.id);
    expect(rounds.find((r) => r.id === t.rounds.open.id)?.status).to.equal("open");
    expect(rounds.some((r) => r.title === "Forged")).to.equal(false);
  });

  it("an officer's export of a B member withholds their anonymous answers; their own file has them", async () => {
    const forOfficer = await fetchText(signer().url("member.json", TENANT_ID, `${B.member.aadObjectId}.${B.officer.aadObjectId}`, 900));
    expect(forOfficer.text).to.contain(`${B_SECRET} evidence from ${B.member.name}`); // the named round
    expect(forOfficer.text).to.not.contain(`${B_SECRET} anonymous view`);
    expect(forOfficer.text).to.contain("took part — answers withheld (anonymous round)");
    const own = await fetchText(signer().url("my.json", TENANT_ID, B.member.aadObjectId, 900));
    expect(own.text).to.contain(`${B_SECRET} anonymous view`);
  });
});
