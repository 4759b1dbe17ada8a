import type { RunningApp } from "../../bot/app.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ManualClock } from "../../services/clock.ts";
import type { Round } from "../../services/domain/round.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { actionInvoke, channelMessage, personalMessage, teamInstall, TEAM, TENANT_ID, USERS, type TestTeam, type TestUser } from "../helpers/activities.ts";
import { postActivity, startTestApp, type PostResult } from "../helpers/app.ts";
import { TestAzurite, uniquePrefix } from "../helpers/azurite.ts";
import { findAction, submit, expandOpener } from "../helpers/card-submit.ts";
import { FakeConnector, type SentActivity } from "../helpers/fake-connector.ts";
import type { LiveActivity } from "../../services/domain/live.ts";
import { LiveRepository } from "../../services/storage/live.repository.ts";
import type { TestMeeting } from "../helpers/activities.ts";
import { seedMeeting } from "../helpers/live.ts";

/**
 * Two boards in one tenant, as a county has them: board A (North Lancashire) and board B (the
 * Chorley executive), each installed by its own officer, each with a chair and members; nobody is
 * on both, and nobody is a tenant administrator. Board B has a closed, published, named round and
 * an open anonymous one, with answers that carry a marker ("Chorley-only"), so anything of B's that
 * reaches A's people is easy to see.
 */
export const BOARD_A: TestTeam = TEAM;
export const BOARD_B: TestTeam = { id: "19:chorley-executive@thread.tacv2", name: "Chorley Executive", aadGroupId: "5d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a" };

const person = (n: number, name: string): TestUser => ({ id: `29:b-${n}`, aadObjectId: `b0b0b0b0-0000-4000-8000-00000000000${n}`, name });

export const A = { officer: USERS.officer, chair: USERS.chair, member: USERS.member, other: USERS.police };
export const B = { officer: USERS.fire, chair: USERS.voluntary, member: person(1, "Dev Shah"), other: person(2, "Aisha Khan"), third: person(3, "Rachel Owen") };

/** What only board B's people ever wrote or saw: none of it may reach A's people. */
export const B_SECRET = "Chorley-only";
export const B_TITLES = { closed: `${B_SECRET} integration review`, open: `${B_SECRET} open priorities`, spare: `${B_SECRET} spare round` };

export interface TwoBoards {
  azurite: TestAzurite;
  connector: FakeConnector;
  app: RunningApp;
  clock: ManualClock;
  prefix: string;
  /** B's rounds: closed and published (named), open (anonymous), and a spare open one to cancel. */
  rounds: { closed: Round; open: Round; spare: Round; aOpen: Round };
  /** Each board's meeting (its own people only), B's second meeting, and B's open live vote in its meeting. */
  meetings: { a: TestMeeting; b: TestMeeting; b2: TestMeeting };
  bLive: LiveActivity;
  /** Invoke a verb as `user` in their 1:1 (or, with `team`, in that team's channel). */
  invoke(user: TestUser, verb: string, data: unknown, options?: { team?: TestTeam }): Promise<PostResult & { body: { value?: unknown; statusCode?: number } }>;
  /** Type in the 1:1 chat (or, with `team`, @mention the bot in that team's channel); returns what the bot sent back. */
  say(user: TestUser, text: string, options?: { team?: TestTeam; mentions?: TestUser[] }): Promise<SentActivity[]>;
  /** Everything the bot has sent to this person 1:1 (in a chat they started, or one the bot opened). */
  toPerson(user: TestUser): SentActivity[];
  stop(): Promise<void>;
}

export const cardOf = (a: { attachments?: Array<{ content?: unknown }> }): Record<string, unknown> => a.attachments?.[0]?.content as Record<string, unknown>;

export async function startTwoBoards(): Promise<TwoBoards> {
  const clock = new ManualClock("2026-11-23T09:00:00Z");
  const azurite = await TestAzurite.start();
  const connector = await FakeConnector.start();
  const members = (people: TestUser[]) => people.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name }));
  connector.addTeam({ id: BOARD_A.id, name: BOARD_A.name, members: members(Object.values(A)) });
  connector.addTeam({ id: BOARD_B.id, name: BOARD_B.name, members: members(Object.values(B)) });
  const prefix = uniquePrefix();
  const app = await startTestApp(azurite, { TABLES_PREFIX: prefix, REPORT_LINK_SECRET: TWO_BOARDS_SECRET, PUBLIC_BASE_URL: "http://127.0.0.1:1" }, { clock });

  // Each person has one 1:1 chat with the bot, as in Teams: the one the bot opens is the one they type and click in.
  const chat = (user: TestUser) => connector.personalConversationId(user.id);
  const invoke: TwoBoards["invoke"] = async (user, verb, data, options = {}) => {
    const res = await postActivity(app, actionInvoke({ serviceUrl: connector.url, user, verb, data, ...(options.team ? { inChannel: true, team: options.team } : { conversationId: chat(user) }) }));
    await app.idle();
    return res as PostResult & { body: { value?: unknown; statusCode?: number } };
  };
  const say: TwoBoards["say"] = async (user, text, options = {}) => {
    const before = connector.sentActivities.length;
    const activity = options.team
      ? channelMessage({ serviceUrl: connector.url, user, text, team: options.team, ...(options.mentions ? { mentions: options.mentions } : {}) })
      : personalMessage({ serviceUrl: connector.url, user, text, conversationId: chat(user) });
    await postActivity(app, activity);
    await app.idle();
    return connector.sentActivities.slice(before);
  };
  const toPerson = (user: TestUser) => connector.sentActivities.filter((s) => s.conversationId === chat(user));

  // Each board's officer installs the app in their team, and so is its first officer.
  for (const [board, officer] of [[BOARD_A, A.officer], [BOARD_B, B.officer]] as const) {
    await postActivity(app, teamInstall({ serviceUrl: connector.url, user: officer, team: board }));
  }
  // Each officer gives their chair the role, from the roles card in the board's channel.
  for (const [board, officer, chair] of [[BOARD_A, A.officer, A.chair], [BOARD_B, B.officer, B.chair]] as const) {
    const [rolesCard] = await say(officer, "roles", { team: board });
    await invoke(officer, Verbs.addRole, submit(cardOf(rolesCard!.activity), Verbs.addRole, { people: chair.aadObjectId, role: "chair" }), { team: board });
  }

  const launch = async (board: TestTeam, officer: TestUser, title: string, anonymity: "named" | "anonymous", deadlineDate: string): Promise<Round> => {
    const [opener] = await say(officer, "launch", { team: board });
    const form = await expandOpener(cardOf(opener!.activity), async (verb, data) => (await invoke(officer, verb, data, { team: board })).body);
    await invoke(officer, Verbs.launchRound, submit(form, Verbs.launchRound, { title, anonymity, minRespondents: "2", deadlineDate, deadlineTime: "12:00" }), { team: board });
    return (await new RoundsRepository(app.storage).listByBoard(board.id)).find((r) => r.title === title)!;
  };
  const answer = async (round: Round, user: TestUser, text: string) => {
    await invoke(user, Verbs.saveResponse, { roundId: round.id, boardId: round.boardId, answer_t1: text });
  };

  // B: a named round, answered, closed by its officer, reviewed and published.
  const closed = await launch(BOARD_B, B.officer, B_TITLES.closed, "named", "2026-11-27");
  for (const user of [B.chair, B.member, B.other, B.third]) await answer(closed, user, `${B_SECRET} evidence from ${user.name}: integration needs a shared plan across the district.`);
  await invoke(B.officer, Verbs.closeRound, { roundId: closed.id, boardId: BOARD_B.id });
  // The draft comes 1:1 as a short card that opens the review.
  const opener = toPerson(B.officer).map((s) => cardOf(s.activity)).filter((c) => c && JSON.stringify(c).includes(Verbs.openReview)).at(-1)!;
  const draft = await expandOpener(opener, async (verb, data) => (await invoke(B.officer, verb, data)).body);
  await invoke(B.officer, Verbs.publishSummary, { ...(findAction(draft, Verbs.publishSummary).data as object) });
  // B: an open anonymous round with one answer, and a spare one (the cancel control).
  const open = await launch(BOARD_B, B.officer, B_TITLES.open, "anonymous", "2026-12-10");
  await answer(open, B.member, `${B_SECRET} anonymous view: the executive should pool budgets.`);
  const spare = await launch(BOARD_B, B.officer, B_TITLES.spare, "named", "2026-12-10");
  // A: its own open round, so A's people have something of their own.
  const aOpen = await launch(BOARD_A, A.officer, "North Lancashire winter round", "named", "2026-12-10");
  await answer(aOpen, A.member, "North Lancashire view: the Board leads on prevention.");

  // Meetings: A's people in A's, B's in B's (twice); B's officer has a sticker vote open in B's, with one vote.
  const meetingOf = (tag: string): TestMeeting => ({ chatId: `19:meeting_${tag}@thread.v2`, meetingId: `meeting-${tag}` });
  const meetings = { a: meetingOf("boardA"), b: meetingOf("boardB"), b2: meetingOf("boardB2") };
  await seedMeeting(app, connector, { participants: Object.values(A), meeting: meetings.a, installer: A.officer });
  await seedMeeting(app, connector, { participants: Object.values(B), meeting: meetings.b, installer: B.officer });
  await seedMeeting(app, connector, { participants: Object.values(B), meeting: meetings.b2, installer: B.officer });
  const at = clock.now().toUTC().toISO()!;
  // Started the day the test's reminders are due (it moves the clock there), so the scheduler's sweep
  // of activities left open for 12 hours doesn't end it under the rows that use it.
  const liveStarted = "2026-12-08T09:00:00.000Z";
  const bLive: LiveActivity = {
    id: "l20261123-b0b0b0b0", tenantId: TENANT_ID, boardId: BOARD_B.id, boardName: BOARD_B.name, meetingChatId: meetings.b.chatId, kind: "vote",
    title: `${B_SECRET} live vote`, options: [{ id: "o1", label: `${B_SECRET} option one` }, { id: "o2", label: "Option two" }], stickers: 2, stacking: true,
    maxChars: 0, postsPerPerson: 0, allowGuests: false, status: "open", startedBy: B.officer.aadObjectId, startedByName: B.officer.name, startedAt: liveStarted, updatedAt: liveStarted,
  };
  const liveRepo = new LiveRepository(app.storage);
  await liveRepo.create(bLive);
  await liveRepo.saveEntry({ activityId: bLive.id, participantAadObjectId: B.member.aadObjectId, participantId: B.member.id, guest: false, name: B.member.name, stickers: { o1: 2 }, answer: "", posts: [], savedAt: at });

  return {
    azurite,
    connector,
    app,
    clock,
    prefix,
    meetings,
    bLive,
    rounds: { closed: (await new RoundsRepository(app.storage).get(BOARD_B.id, closed.id))!.value, open, spare, aOpen },
    invoke,
    say,
    toPerson,
    async stop() {
      await app.stop();
      await connector.close();
      await azurite.stop();
    },
  };
}

export const TWO_BOARDS_SECRET = "two-boards-secret-two-boards-secret-2b";
