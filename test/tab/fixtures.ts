import type { AddressInfo } from "node:net";
import restify from "restify";
import { registerReportRoutes, type ReportRouteDeps } from "../../bot/report.routes.ts";
import { registerTabRoutes, type TabRouteDeps } from "../../bot/tab.routes.ts";
import { ManualClock, type Clock } from "../../services/clock.ts";
import { loadConfig, type Config } from "../../services/config/config.ts";
import { ConversationService } from "../../services/conversations/conversation.service.ts";
import type { ActionUpdate, BoardAction } from "../../services/domain/action.ts";
import type { Delivery, DeliveryStatus } from "../../services/domain/delivery.ts";
import type { Commitment } from "../../services/domain/response.ts";
import type { Round, RoundDefinition } from "../../services/domain/round.ts";
import { silentLogger } from "../../services/logging/logger.ts";
import type { Messenger } from "../../services/messaging/messenger.ts";
import { BoardDirectory } from "../../services/boards/board-directory.ts";
import { BoardsRepository } from "../../services/storage/boards.repository.ts";
import { staticRoster } from "../helpers/static-roster.ts";
import { RoundService } from "../../services/rounds/round.service.ts";
import { ActionsRepository } from "../../services/storage/actions.repository.ts";
import { ConversationsRepository } from "../../services/storage/conversations.repository.ts";
import { DeliveriesRepository } from "../../services/storage/deliveries.repository.ts";
import { ResponsesRepository } from "../../services/storage/responses.repository.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { SummariesRepository } from "../../services/storage/summaries.repository.ts";
import type { TableStorage } from "../../services/storage/table-storage.ts";
import { LinkSigner } from "../../services/summary/links.ts";
import { SummaryService, type SummaryDoc } from "../../services/summary/summary.service.ts";

/**
 * A North Lancashire board with four rounds (closed and published, closed with a draft only,
 * open, cancelled) and a second board nobody from the first is on — written through the real
 * repositories and summary service onto Azurite, and a real restify server with the tab routes.
 * Board A has four actions (three from the published round), board B one.
 */

export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const OTHER_TENANT = "0d2c5a1e-1111-4a4a-9b9b-000000000000";
export const NOW = "2026-07-01T09:00:00Z";

export const BOARD_A = { id: "19:north-lancs-hwb@thread.tacv2", name: "North Lancashire Health & Wellbeing Board" };
export const BOARD_B = { id: "19:south-cumbria-hwb@thread.tacv2", name: "South Cumbria Health & Wellbeing Board" };

export const OFFICER = { aadObjectId: "0fa1c3e0-0000-4000-8000-00000000000a", name: "Habib Patel" };
export const CHAIR = { aadObjectId: "0fa1c3e0-0000-4000-8000-00000000000c", name: "Cllr Margaret Hughes", organisation: "Lancashire County Council" };
export const MEMBERS = [
  CHAIR,
  { aadObjectId: "0fa1c3e0-0000-4000-8000-000000000001", name: "Dr Aisha Khan", organisation: "NHS Lancashire & South Cumbria ICB" },
  { aadObjectId: "0fa1c3e0-0000-4000-8000-000000000002", name: "Tom Fletcher", organisation: "Lancaster City Council" },
  { aadObjectId: "0fa1c3e0-0000-4000-8000-000000000003", name: "Supt Rachel Owen", organisation: "Lancashire Constabulary" },
  { aadObjectId: "0fa1c3e0-0000-4000-8000-000000000004", name: "Group Mgr Dev Shah", organisation: "Lancashire Fire & Rescue" },
  { aadObjectId: "0fa1c3e0-0000-4000-8000-000000000005", name: "Jo Birch", organisation: "CVS Lancashire" },
] as const;
export const OUTSIDER = { aadObjectId: "0fa1c3e0-0000-4000-8000-0000000000b1", name: "Sam Outsider", organisation: "Westmorland & Furness Council" };

export const ROUNDS = {
  priorities: "r20260601-priorities",
  strategy: "r20260605-strategy",
  bcf: "r20260620-bcf",
  pharmacy: "r20260410-pharmacy",
  cumbria: "r20260601-cumbria",
} as const;

export const ACTIONS = {
  framework: "a-framework",
  weight: "a-weight",
  prescribing: "a-prescribing",
  hub: "a-hub",
  cumbria: "a-cumbria",
} as const;
export const CUMBRIA_ACTION_TITLE = "Cumbria-only action: rural transport pilot";

export const PRIORITY_OPTIONS = [
  { id: "o1", label: "Best start in life" },
  { id: "o2", label: "Healthy weight" },
  { id: "o3", label: "Mental wellbeing" },
  { id: "o4", label: "Healthy ageing" },
];
export const INTERVENTIONS = [
  { id: "i1", label: "Whole-system healthy weight programme" },
  { id: "i2", label: "Social prescribing expansion" },
  { id: "i3", label: "Shared population health data hub" },
];

function round(partial: Partial<Round> & Pick<Round, "id" | "title" | "status" | "deadline" | "definition">, board = BOARD_A): Round {
  return {
    boardId: board.id,
    tenantId: TENANT,
    boardName: board.name,
    anonymous: false,
    minRespondents: 3,
    digestConversationId: board.id,
    remindersDone: [],
    createdBy: OFFICER.aadObjectId,
    createdAt: "2026-06-01T09:00:00.000Z",
    updatedAt: "2026-06-01T09:00:00.000Z",
    ...partial,
  };
}

const feedbackQuestions: RoundDefinition["questions"] = [
  { id: "t1", theme: "Role of the Board", text: "What is the Board's role?", kind: "view" },
  { id: "t1r", theme: "Role of the Board", text: "What would you recommend?", kind: "recommendation" },
  { id: "t2", theme: "Integration", text: "How well do partners work together?", kind: "view" },
];

function delivery(r: Round, member: { aadObjectId: string; name: string }, status: DeliveryStatus): Delivery {
  return {
    roundId: r.id,
    boardId: r.boardId,
    memberAadObjectId: member.aadObjectId,
    memberId: `29:${member.aadObjectId}`,
    memberName: member.name,
    status,
    attempts: status === "queued" ? 0 : 1,
    remindersSent: [],
    updatedAt: r.createdAt,
    ...(status === "sent" ? { sentAt: r.createdAt } : {}),
  };
}

interface Answer {
  member: (typeof MEMBERS)[number] | typeof OUTSIDER;
  answers?: Record<string, string>;
  votes?: Record<string, number>;
  commitments?: Commitment[];
}

export interface Seeded {
  storage: TableStorage;
  repos: { rounds: RoundsRepository; deliveries: DeliveriesRepository; responses: ResponsesRepository };
}

export async function seed(storage: TableStorage): Promise<Seeded> {
  const repos = { rounds: new RoundsRepository(storage), deliveries: new DeliveriesRepository(storage), responses: new ResponsesRepository(storage) };
  const clock = new ManualClock("2026-06-15T08:30:00Z");
  const summariesRepo = new SummariesRepository(storage);
  const summaries = summaryService(repos, summariesRepo, clock);
  /** What closing and publishing store (SummaryService.draftOnClose / publish), written directly. */
  const writeSummary = async (r: Round, stages: Array<"draft" | "published">) => {
    const at = "2026-06-15T08:30:00.000Z";
    const summary = await summaries.compute(r);
    for (const stage of stages) {
      const body: SummaryDoc = stage === "published" ? { summary, publishedByName: OFFICER.name, publishedAt: at } : { summary };
      await summariesRepo.save<SummaryDoc>({ roundId: r.id, stage, revision: 1, body, createdAt: at, updatedAt: at, ...(stage === "published" ? { publishedBy: OFFICER.name } : {}) }, undefined);
    }
  };
  const conversations = new ConversationService(new ConversationsRepository(storage), clock);
  for (const board of [BOARD_A, BOARD_B]) {
    await conversations.remember({
      tenantId: TENANT,
      conversationType: "channel",
      conversationId: board.id,
      teamId: board.id,
      teamName: board.name,
      userId: `29:${OFFICER.aadObjectId}`,
      reference: { channelId: "msteams", serviceUrl: "https://smba.example.test/", conversation: { id: board.id, tenantId: TENANT } },
    });
  }

  const put = async (r: Round, statuses: Array<[{ aadObjectId: string; name: string }, DeliveryStatus]>, answers: Answer[]) => {
    await repos.rounds.create(r);
    await repos.deliveries.ensureQueued(r.id, statuses.map(([m, s]) => delivery(r, m, s)));
    for (const a of answers) {
      await repos.responses.save(
        {
          roundId: r.id,
          memberAadObjectId: a.member.aadObjectId,
          organisation: a.member.organisation,
          answers: a.answers ?? {},
          votes: a.votes ?? {},
          voteReasons: {},
          commitments: a.commitments ?? [],
          revision: 1,
          firstSavedAt: "2026-06-03T10:00:00.000Z",
          savedAt: "2026-06-03T10:00:00.000Z",
        },
        undefined,
      );
    }
  };
  const [m0, m1, m2, m3, m4, m5] = MEMBERS;

  // 1. Named, closed, published: feedback + the priority vote + commitments. 5 of 6 answered.
  const priorities = round({
    id: ROUNDS.priorities,
    title: "Priorities and commitments 2026/27",
    status: "closed",
    deadline: "2026-06-12T16:00:00.000Z",
    closedAt: "2026-06-12T16:00:00.000Z",
    definition: {
      kinds: ["feedback", "vote", "commitment"],
      questions: feedbackQuestions,
      options: PRIORITY_OPTIONS,
      votesPerMember: 2,
      allowMultipleVotesPerOption: true,
      interventions: INTERVENTIONS,
    },
  });
  await put(
    priorities,
    MEMBERS.map((m) => [m, "sent"]),
    [
      {
        member: m0,
        answers: {
          t1: "The Board should provide leadership across the whole county. Partners need to hold each other to account.",
          t1r: "Publish a simple outcomes framework every year.",
          t2: "Integration between health and the councils has improved.",
        },
        votes: { o1: 2 },
        commitments: [{ interventionId: "i1", level: "lead" }, { interventionId: "i2", level: "support" }],
      },
      {
        member: m1,
        answers: {
          t1: "We have a county-wide leadership role as a Board. It is not clear how we hold one another to account.",
          t2: "Integration between health and the councils has improved a lot.",
        },
        votes: { o1: 1, o3: 1 },
        commitments: [{ interventionId: "i1", level: "contribute" }, { interventionId: "i2", level: "lead" }, { interventionId: "i3", level: "consult" }],
      },
      {
        member: m2,
        answers: { t1: "The Board's job is to lead on health and wellbeing across all of Lancashire." },
        votes: { o3: 2 },
        commitments: [{ interventionId: "i1", level: "support" }, { interventionId: "i3", level: "unable" }],
      },
      {
        member: m3,
        answers: { t1: "Leadership for the whole county is the Board's role.", t2: "Data sharing between partners is still too slow." },
        votes: { o1: 2 },
        commitments: [{ interventionId: "i2", level: "contribute" }],
      },
      {
        member: m4,
        answers: { t2: "Data sharing between partners remains slow and patchy." },
        votes: { o3: 1, o4: 1 },
        commitments: [{ interventionId: "i1", level: "support" }, { interventionId: "i3", level: "consult" }],
      },
    ],
  );
  await writeSummary(priorities, ["draft", "published"]);

  // 2. Anonymous, closed, draft only (officers are still reviewing it). 4 of 5 answered.
  const strategy = round({
    id: ROUNDS.strategy,
    title: "Strategy refresh: 1:1 feedback",
    status: "closed",
    anonymous: true,
    deadline: "2026-06-19T16:00:00.000Z",
    closedAt: "2026-06-19T16:00:00.000Z",
    definition: { kinds: ["feedback"], questions: feedbackQuestions, options: [] },
  });
  await put(
    strategy,
    [m0, m1, m2, m3, m4].map((m) => [m, "sent"]),
    [
      { member: m0, answers: { t1: "The strategy narrative is too long to be useful." } },
      { member: m1, answers: { t1: "The narrative of the strategy is far too long." } },
      { member: m2, answers: { t1: "Nobody reads a strategy narrative this long." } },
      { member: m3, answers: { t2: "We need pooled budgets to integrate properly." } },
    ],
  );
  await writeSummary(strategy, ["draft"]);

  // 3. Named, open until Friday 3 July 2026, 5pm UK time (BST): a vote. 2 answered; 1 unreachable, 1 not yet sent.
  const bcf = round({
    id: ROUNDS.bcf,
    title: "Better Care Fund plan 2026",
    status: "open",
    deadline: "2026-07-03T16:00:00.000Z",
    createdAt: "2026-06-20T09:00:00.000Z",
    updatedAt: "2026-06-20T09:00:00.000Z",
    definition: { kinds: ["vote"], questions: [], options: PRIORITY_OPTIONS, votesPerMember: 2, allowMultipleVotesPerOption: true },
  });
  await put(
    bcf,
    [[m0, "sent"], [m1, "sent"], [m2, "sent"], [m3, "sent"], [m4, "unreachable"], [m5, "queued"]],
    [{ member: m1, votes: { o2: 2 } }, { member: m2, votes: { o2: 1, o4: 1 } }],
  );

  // 4. Cancelled.
  const pharmacy = round({
    id: ROUNDS.pharmacy,
    title: "Pharmaceutical needs assessment",
    status: "cancelled",
    deadline: "2026-04-24T16:00:00.000Z",
    closedAt: "2026-04-14T10:00:00.000Z",
    createdAt: "2026-04-10T09:00:00.000Z",
    definition: { kinds: ["feedback"], questions: feedbackQuestions, options: [] },
  });
  await put(pharmacy, [[m0, "sent"], [m1, "sent"]], []);

  // The other board: only the outsider is on it.
  const cumbria = round(
    {
      id: ROUNDS.cumbria,
      title: "Cumbria priorities",
      status: "open",
      deadline: "2026-07-10T16:00:00.000Z",
      definition: { kinds: ["vote"], questions: [], options: PRIORITY_OPTIONS, votesPerMember: 2, allowMultipleVotesPerOption: true },
    },
    BOARD_B,
  );
  await put(cumbria, [[OUTSIDER, "sent"]], [{ member: OUTSIDER, votes: { o1: 2 } }]);

  await seedActions(storage, priorities, cumbria);
  return { storage, repos };
}

/**
 * The action tracker's data, as the accountability service writes it (written directly here): as at
 * NOW (1 July 2026), one action is overdue, one on track, one without an update, one closed.
 */
async function seedActions(storage: TableStorage, priorities: Round, cumbria: Round): Promise<void> {
  const repo = new ActionsRepository(storage);
  const from = (r: Round, kind: "recommendation" | "commitment" | "point", ref: string) => ({ roundId: r.id, roundTitle: r.title, kind, ref });
  const action = (a: Partial<BoardAction> & Pick<BoardAction, "id" | "title" | "ownerOrganisation" | "dueDate" | "createdAt">, board = BOARD_A): BoardAction => ({
    boardId: board.id,
    state: "open",
    createdBy: OFFICER.aadObjectId,
    updatedAt: a.createdAt,
    ...a,
  });
  const entry = (a: BoardAction, u: Omit<ActionUpdate, "boardId" | "actionId" | "id">): ActionUpdate => ({ boardId: a.boardId, actionId: a.id, id: `${u.at}|${u.by.slice(-4)}`, ...u });
  const officer = { by: OFFICER.aadObjectId, byName: OFFICER.name };
  const [chair, aisha, , , dev] = MEMBERS;
  const write = async (a: BoardAction, history: Array<Omit<ActionUpdate, "boardId" | "actionId" | "id">>) => {
    const [created, ...rest] = history.map((u) => entry(a, u));
    await repo.create(a, created!);
    for (const u of rest) await repo.appendUpdate(u);
  };

  const framework = action({
    id: ACTIONS.framework,
    title: "Publish a simple outcomes framework",
    ownerOrganisation: chair.organisation,
    leadAadObjectId: chair.aadObjectId,
    leadName: chair.name,
    dueDate: "2026-06-30",
    source: from(priorities, "recommendation", "t1r1"),
    status: "at_risk",
    statusAt: "2026-06-25T10:00:00.000Z",
    createdAt: "2026-06-15T09:00:00.000Z",
  });
  await write(framework, [
    { kind: "created", at: "2026-06-15T09:00:00.000Z", ...officer, change: "made from Priorities and commitments 2026/27: Lancashire County Council, due 30 Jun 2026" },
    { kind: "progress", at: "2026-06-25T10:00:00.000Z", by: chair.aadObjectId, byName: chair.name, organisation: chair.organisation, checkInId: "c20260624", status: "at_risk", text: "The draft is delayed by the budget round.", link: "https://lancashire.example.org/outcomes-framework" },
  ]);

  const weight = action({
    id: ACTIONS.weight,
    title: "Launch the whole-system healthy weight programme",
    ownerOrganisation: aisha.organisation,
    dueDate: "2027-03-31",
    intervention: "Whole-system healthy weight programme",
    source: from(priorities, "commitment", "i1"),
    status: "on_track",
    statusAt: "2026-06-28T14:00:00.000Z",
    createdAt: "2026-06-15T09:05:00.000Z",
  });
  await write(weight, [
    { kind: "created", at: "2026-06-15T09:05:00.000Z", ...officer, change: "made from Priorities and commitments 2026/27: Lancaster City Council, due 31 Mar 2027" },
    { kind: "reassigned", at: "2026-06-20T11:00:00.000Z", ...officer, change: "owner Lancaster City Council → NHS Lancashire & South Cumbria ICB" },
    { kind: "progress", at: "2026-06-28T14:00:00.000Z", by: aisha.aadObjectId, byName: aisha.name, organisation: aisha.organisation, checkInId: "c20260624", status: "on_track", text: "Steering group met; delivery plan agreed.", link: "javascript:alert(1)" },
  ]);

  const prescribing = action({
    id: ACTIONS.prescribing,
    title: "Extend social prescribing to every practice",
    ownerOrganisation: MEMBERS[2].organisation,
    dueDate: "2026-12-31",
    intervention: "Social prescribing expansion",
    createdAt: "2026-06-16T09:00:00.000Z",
  });
  await write(prescribing, [{ kind: "created", at: "2026-06-16T09:00:00.000Z", ...officer, change: "made: Lancaster City Council, due 31 Dec 2026" }]);

  const hub = action({
    id: ACTIONS.hub,
    title: "Business case for the data hub",
    ownerOrganisation: dev.organisation,
    dueDate: "2026-06-26",
    intervention: "Shared population health data hub",
    source: from(priorities, "commitment", "i3"),
    state: "closed",
    status: "done",
    statusAt: "2026-06-26T08:00:00.000Z",
    closedAt: "2026-06-27T09:00:00.000Z",
    createdAt: "2026-06-15T09:10:00.000Z",
  });
  await write(hub, [
    { kind: "created", at: "2026-06-15T09:10:00.000Z", ...officer, change: "made from Priorities and commitments 2026/27: Lancashire Fire & Rescue, due 26 Jun 2026" },
    { kind: "progress", at: "2026-06-26T08:00:00.000Z", by: dev.aadObjectId, byName: dev.name, organisation: dev.organisation, checkInId: "c20260624", status: "done", text: "Business case approved." },
    { kind: "closed", at: "2026-06-27T09:00:00.000Z", ...officer, change: "closed" },
  ]);

  const other = action(
    { id: ACTIONS.cumbria, title: CUMBRIA_ACTION_TITLE, ownerOrganisation: OUTSIDER.organisation, dueDate: "2026-09-30", source: from(cumbria, "point", "t1p1"), createdAt: "2026-06-20T09:00:00.000Z" },
    BOARD_B,
  );
  await write(other, [{ kind: "created", at: "2026-06-20T09:00:00.000Z", by: OUTSIDER.aadObjectId, byName: OUTSIDER.name, change: "made" }]);
}

export interface TabServer {
  url: string;
  config: Config;
  close(): Promise<void>;
}

function asTeamMember(p: { aadObjectId: string; name: string }) {
  return { id: `29:${p.aadObjectId}`, aadObjectId: p.aadObjectId, name: p.name };
}

/** Stands in for whatever the dashboard never uses (messages, Teams rosters): any call fails loudly. */
const unused = new Proxy({} as Messenger, {
  get: () => () => Promise.reject(new Error("the dashboard never calls this")),
});

/**
 * The real SummaryService for what the dashboard uses of it (published, compute); its officer-only
 * actions and their collaborators are stand-ins.
 */
function summaryService(repos: Seeded["repos"], summariesRepo: SummariesRepository, clock: Clock): SummaryService {
  return new SummaryService({
    ...repos,
    summaries: summariesRepo,
    clock,
    events: { drafted: () => undefined, published: () => undefined },
    autoPublish: false,
  } as unknown as ConstructorParameters<typeof SummaryService>[0]);
}

/** restify with the tab routes (and the signed report routes the download buttons point at), on fresh deps. */
export async function startTabServer(
  storage: TableStorage,
  env: Record<string, string> = {},
  options: { clock?: Clock; host?: string; withoutActions?: boolean } = {},
): Promise<TabServer> {
  const host = options.host ?? "127.0.0.1";
  const clock = options.clock ?? new ManualClock(NOW);
  const config = loadConfig({
    TABLES_CONNECTION_STRING: "UseDevelopmentStorage=true",
    OFFICER_AAD_IDS: OFFICER.aadObjectId,
    CHAIR_AAD_IDS: CHAIR.aadObjectId,
    REPORT_LINK_SECRET: "tab-test-secret-tab-test-secret-tab-test",
    LOG_LEVEL: "silent",
    ...env,
  });
  const logger = silentLogger();
  const repos = { rounds: new RoundsRepository(storage), deliveries: new DeliveriesRepository(storage), responses: new ResponsesRepository(storage) };
  const summariesRepo = new SummariesRepository(storage);
  const summaries = summaryService(repos, summariesRepo, clock);
  // Only RoundService.progress is used (it reads the ledger and the responses); its other collaborators are stand-ins.
  const roundService = new RoundService({
    ...repos,
    directory: unused,
    clock,
    events: { launched: () => undefined, closed: () => undefined, cancelled: () => undefined },
  } as unknown as ConstructorParameters<typeof RoundService>[0]);
  const conversations = new ConversationService(new ConversationsRepository(storage), clock);
  // Board A's team is the officer and its members; board B's is the outsider alone.
  const directory = new BoardDirectory({
    conversations,
    messenger: staticRoster({ [BOARD_A.id]: [OFFICER, ...MEMBERS].map(asTeamMember), [BOARD_B.id]: [OUTSIDER].map(asTeamMember) }),
    boards: new BoardsRepository(storage),
    adminAadIds: config.roles.officerAadIds,
    legacyChairAadIds: config.roles.chairAadIds,
    clock,
    rosterTtlMs: 60_000,
  });

  const server = restify.createServer({ name: "tab-test", handleUncaughtExceptions: false });
  const listening = new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
  const port = await listening;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const links = new LinkSigner(config.reportLinkSecret, url, clock);
  // The signed report/CSV routes, so the tab's download buttons can be followed (member-data downloads aren't).
  registerReportRoutes(server, { links, summaries, members: unused, directory, ...repos, clock, timeZone: config.timeZone, logger } as unknown as ReportRouteDeps);
  registerTabRoutes(server, { config, ...repos, roundService, summaries, summariesRepo, directory, links, clock, logger, ...(options.withoutActions ? {} : { actions: new ActionsRepository(storage) }) });
  return {
    url,
    config,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
