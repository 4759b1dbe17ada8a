import { silentLogger, type Logger } from "../services/logging/logger.ts";
import { systemClock, type Clock } from "../services/clock.ts";
import type { Config } from "../services/config/config.ts";
import { ConversationService } from "../services/conversations/conversation.service.ts";
import type { Messenger } from "../services/messaging/messenger.ts";
import { FanoutService } from "../services/rounds/fanout.service.ts";
import { OutboundQueue } from "../services/rounds/outbound-queue.ts";
import { SharedPace } from "../services/messaging/shared-pace.ts";
import { SendSlotsRepository } from "../services/storage/send-slots.repository.ts";
import { ResponseService } from "../services/rounds/response.service.ts";
import { BoardDirectory } from "../services/boards/board-directory.ts";
import { RolesService } from "../services/boards/roles.service.ts";
import { BoardsRepository } from "../services/storage/boards.repository.ts";
import { PersonalOutbox } from "../services/messaging/outbox.ts";
import { boardCommand, pickBoardVerb } from "./handlers/board-scope.ts";
import type { HandlerServices } from "./handlers/deps.ts";
import { addRoleVerb, removeRoleVerb, rolesCommand } from "./handlers/roles.handler.ts";
import { RoundService, type RoundEvents } from "../services/rounds/round.service.ts";
import { Scheduler } from "../services/rounds/scheduler.service.ts";
import { ConversationsRepository } from "../services/storage/conversations.repository.ts";
import { DeliveriesRepository } from "../services/storage/deliveries.repository.ts";
import { ResponsesRepository } from "../services/storage/responses.repository.ts";
import { RoundsRepository } from "../services/storage/rounds.repository.ts";
import { TableStorage } from "../services/storage/table-storage.ts";
import { SummariesRepository } from "../services/storage/summaries.repository.ts";
import { LinkSigner } from "../services/summary/links.ts";
import { SummaryThread } from "../services/summary/threads/summary-thread.ts";
import { SummaryService, type SummaryEvents } from "../services/summary/summary.service.ts";
import { exportCommand, openReviewVerb, publishSummaryVerb, saveSummaryVerb, summaryCommand, digestCardFor } from "./handlers/summary.handler.ts";
import { registerReportRoutes } from "./report.routes.ts";
import { registerTabRoutes } from "./tab.routes.ts";
import { AuditRepository } from "../services/storage/audit.repository.ts";
import { MemberDataService } from "../services/members/member-data.service.ts";
import { memberCommand, myDataCommand } from "./handlers/member.handler.ts";
import { openerCard } from "../cards/opener.card.ts";
import { Verbs } from "../cards/verbs.ts";
import { createAdapter, type AuthEndpoints } from "./adapter.ts";
import { helpCommand, showHelpVerb } from "./handlers/help.handler.ts";
import { addThemesVerb, launchCommand, launchRoundVerb, openLaunchVerb } from "./handlers/launch.handler.ts";
import { refreshResponseVerb, saveResponseVerb } from "./handlers/response.handler.ts";
import { cancelRoundVerb, closeRoundVerb, extendRoundVerb, showStatusVerb, statusCommand } from "./handlers/status.handler.ts";
import { unknownText } from "./handlers/unknown.handler.ts";
import { CommandRouter, VerbRouter } from "./router.ts";
import { createHttpServer } from "./server.ts";
import { SoundingBoardBot, errorSummary } from "./sounding-board.bot.ts";
import { TeamsMessenger } from "./teams-messenger.ts";
import { memberCard } from "./views/checkin.views.ts";
import { reportDeliveries } from "./handlers/delivery-report.ts";
import { createAccountability } from "./accountability.ts";
import {
  actionsCommand,
  checkInCommand,
  closeActionVerb,
  launchCheckInVerb,
  openActionFormVerb,
  openCheckInVerb,
  reopenActionVerb,
  saveActionVerb,
  showActionsVerb,
  stopCheckInsVerb,
} from "./handlers/actions.handler.ts";
import { ActionsRepository } from "../services/storage/actions.repository.ts";
import { LiveRepository } from "../services/storage/live.repository.ts";
import { createLive } from "./live.ts";
import { saveLiveVerb } from "./handlers/live.handler.ts";
import type { Round } from "../services/domain/round.ts";
import type { AdaptiveCard } from "../cards/render.ts";

export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
  /** Tests drive the scheduler by calling `scheduler.tick()` with a controlled clock. */
  startScheduler?: boolean;
  /** Tests only: a local OpenID metadata server and issuer for the Bot Framework token check. */
  authEndpoints?: AuthEndpoints;
  /**
   * The embedded store couldn't save a change it had accepted: it has stopped answering. `npm start`
   * exits, so a supervisor restarts the bot from what is on disk.
   */
  onStorageFatal?: (err: Error) => void;
  /** Benchmarks only (the "before" figure): the embedded store answers writes before saving them. */
  embeddedDurability?: boolean;
}

export interface RunningApp {
  port: number;
  url: string;
  storage: TableStorage;
  tablePrefix: string;
  scheduler: Scheduler;
  /** What people can type and press: the commands and card verbs registered (the cross-board test checks each). */
  entryPoints: { commands: string[]; verbs: string[] };
  /** Resolves when background sends (prompts, reminders, card updates) have finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Composition root: storage → services → routers → bot → adapter → HTTP. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? silentLogger();
  const clock = options.clock ?? systemClock;

  const storage = await TableStorage.open(config.storage, logger, {
    onFatal: options.onStorageFatal ?? ((err) => logger.fatal({ err: errorSummary(err) }, "embedded storage stopped")),
    ...(options.embeddedDurability === false ? { durable: false } : {}),
  });
  try {
    const repos = {
      rounds: new RoundsRepository(storage),
      deliveries: new DeliveriesRepository(storage),
      responses: new ResponsesRepository(storage),
    };
    const conversations = new ConversationService(new ConversationsRepository(storage), clock);
    const adapter = createAdapter(config, logger, options.authEndpoints);
    const messenger: Messenger = new TeamsMessenger(adapter, config.credentials.appId);
    // On a storage account several instances may run: they pace their requests to Teams on one
    // shared schedule. The embedded store is one process by construction (DATA_DIR is locked).
    const shared = config.storage.kind === "embedded" ? undefined : new SharedPace({ slots: new SendSlotsRepository(storage), perSecond: config.outboundPerSecond });
    const queue = new OutboundQueue({ perSecond: config.outboundPerSecond, maxConcurrent: 10, perConversationPerSecond: 7, ...(shared ? { shared } : {}) });
    const outbox = new PersonalOutbox({ conversations, messenger, queue, logger });
    const boardsRepo = new BoardsRepository(storage);
    const actionsRepo = new ActionsRepository(storage);
    const audit = new AuditRepository(storage);
    // Boards are teams; officers and chairs are stored per board; OFFICER_AAD_IDS are tenant administrators.
    const boards = new BoardDirectory({
      conversations,
      messenger,
      boards: boardsRepo,
      adminAadIds: config.roles.officerAadIds,
      legacyChairAadIds: config.roles.chairAadIds,
      clock,
      rosterTtlMs: 5 * 60_000,
    });

    const fanout = new FanoutService({
      ...repos,
      conversations,
      outbox,
      messenger,
      queue,
      clock,
      logger,
      render: (view) => memberCard(view, clock.now(), config.timeZone),
      report: (round, ledger) => reportDeliveries({ outbox, boards, logger }, round, ledger),
      options: { maxAttempts: 5, staleSendingMs: 5 * 60_000 },
    });
    const links = new LinkSigner(config.reportLinkSecret, config.publicBaseUrl, clock);
    if (!config.reportLinkSecret) logger.warn("REPORT_LINK_SECRET is not set: report and export links will stop working when the bot restarts.");
    const background = (what: string, work: Promise<unknown>) =>
      void queue.track(work).catch((err: unknown) => logger.error({ err: errorSummary(err) }, `${what} failed`));
    /** To each of these people 1:1, one at a time; one who can't be reached doesn't stop the others. */
    const toEach = async (what: string, boardId: string, tenantId: string, people: Array<{ aadObjectId: string; id: string; name: string }>, message: Parameters<PersonalOutbox["send"]>[3]) => {
      const board = await boards.board(tenantId, boardId);
      if (!board) throw new Error("the board's team is unknown: the bot may have been removed from it");
      let sent = 0;
      for (const person of people) {
        try {
          await outbox.send(tenantId, board.reference, person, message);
          sent += 1;
        } catch (err) {
          logger.warn({ err: errorSummary(err), boardId }, `could not send ${what} to one person`);
        }
      }
      return sent;
    };

    /** A card in the round's channel (a new post), then to each of the board's chairs 1:1: the chair receives every digest. */
    const postToBoard = (what: string, round: Round, card: AdaptiveCard) =>
      background(`posting ${what}`, (async () => {
        const team = await conversations.find(round.tenantId, "team", round.boardId);
        if (!team) throw new Error("the board's team is unknown: the bot may have been removed from it");
        const channel = { ...team.reference, conversation: { ...team.reference.conversation, id: round.digestConversationId ?? round.boardId } };
        await queue.run(channel.conversation.id, () => messenger.sendCard(channel, card));
        const board = await boards.board(round.tenantId, round.boardId);
        const chairs = board ? await boards.peopleWithRole(board, "chair") : [];
        await toEach(what, round.boardId, round.tenantId, chairs, { card });
      })());

    const summaryEvents: SummaryEvents = {
      // Officers get the draft 1:1 to review; nothing reaches the channel before one publishes.
      // The review form is long: a short card opens it in a dialog (or in the chat on clients without dialogs).
      drafted: (round, doc) =>
        background("sending the draft summary", (async () => {
          const points = doc.summary.themes.reduce((n, t) => n + t.points.length + t.recommendations.length, 0);
          const card = openerCard({
            title: "Draft summary ready",
            subtitle: `${round.title} · ${round.boardName}`,
            text: `“${round.title}” has closed: ${doc.summary.responded} of ${doc.summary.invited} members responded, ${points} points and recommendations drafted. Review the draft: edit it, then publish it to the board's channel.`,
            openTitle: "Review the draft",
            verb: Verbs.openReview,
            data: { roundId: round.id, boardId: round.boardId },
          });
          // The draft goes to this board's officers only (and tenant administrators on its team).
          const board = await boards.board(round.tenantId, round.boardId);
          const officers = board ? await boards.peopleWithRole(board, "officer") : [];
          const sent = await toEach("the draft summary", round.boardId, round.tenantId, officers, { card });
          if (sent === 0) logger.warn({ roundId: round.id }, "no officer of the board could be sent the draft summary");
        })()),
      // The digest goes to the round's channel (a new post in it), and to the board's chairs.
      published: (round, doc) => postToBoard("the digest", round, digestCardFor({ links, timeZone: config.timeZone }, round, doc)),
    };
    const summariesRepo = new SummariesRepository(storage);
    // Summaries are built off the main thread, which goes on answering Teams meanwhile.
    const summaryThread = new SummaryThread({ readers: config.summaryReaderThreads });
    const summaries = new SummaryService({
      ...repos,
      summaries: summariesRepo,
      clock,
      events: summaryEvents,
      autoPublish: config.autoPublish,
      summarise: (input, opts) => summaryThread.summarise(input, opts),
    });

    const launched = (round: Round) => fanout.start(round);
    const accountability = createAccountability({
      repos: { ...repos, actions: actionsRepo, summaries: summariesRepo },
      boards,
      summaries,
      clock,
      timeZone: config.timeZone,
      events: { launched },
      post: postToBoard,
      logger,
    });
    const events: RoundEvents = {
      launched,
      closed: (round) => {
        background("closing members' cards", fanout.refreshCards(round, "closed"));
        // A check-in closes into a progress digest; every other round into a draft summary.
        if (round.definition.kinds.includes("checkin")) background("writing the progress digest", accountability.progress.closeCheckIn(round));
        else background("drafting the summary", summaries.draftOnClose(round));
      },
      cancelled: (round) => background("cancelling members' cards", fanout.refreshCards(round, "cancelled")),
    };
    const rounds = new RoundService({ ...repos, directory: boards, clock, events });
    // A workshop's round is written closed: its summary is drafted as when any round closes.
    const liveRepo = new LiveRepository(storage);
    const live = createLive({ repos: { ...repos, live: liveRepo }, conversations, messenger, boards, queue, clock, timeZone: config.timeZone, background, roundClosed: events.closed });
    const responses = new ResponseService({ ...repos, clock });
    // After a crash between a close and its follow-up: a check-in's digest, or a round's draft summary.
    const finishClosed = async (round: Round) => {
      if (round.definition.kinds.includes("checkin")) await accountability.progress.closeCheckIn(round);
      else if ((await summaries.stage(round.id)) === "none") await summaries.draftOnClose(round);
    };
    const scheduler = new Scheduler({ rounds: repos.rounds, roundService: rounds, fanout, clock, reminderHours: config.reminderHours, logger, finishClosed, openScheduled: () => accountability.cadence.openDue(), endAbandoned: () => live.endAbandoned() });

    const members = new MemberDataService({
      ...repos,
      summariesRepo,
      summaries,
      conversations,
      audit,
      directory: boards,
      clock,
      actions: actionsRepo,
      live: liveRepo,
    });
    const roles = new RolesService({
      directory: boards,
      boards: boardsRepo,
      audit,
      clock,
      added: (board, person, role, byName) =>
        background("telling someone about their new role", outbox.send(board.tenantId, board.reference, person, {
          text: role === "officer"
            ? `${byName} made you an **officer** of **${board.name}** in Sounding Board: you can launch rounds, review and publish summaries and manage roles. Type **help** to see how.`
            : `${byName} made you the **chair** of **${board.name}** in Sounding Board: each published digest will come to you here as well as to the board's channel. Type **summary** for the latest.`,
        })),
    });
    const deps: HandlerServices = { boards, roles, rounds, responses, summaries, members, actions: accountability.actions, checkIns: accountability.checkIns, cadence: accountability.cadence, live, conversations, messenger, links, clock, timeZone: config.timeZone, logger };
    const boardCommands = [summaryCommand(deps), exportCommand(deps), rolesCommand(deps), actionsCommand(deps), checkInCommand(deps)];
    const commands = new CommandRouter(unknownText, logger)
      .register(helpCommand(deps))
      .register(launchCommand(deps))
      .register(statusCommand(deps))
      .register(memberCommand(deps))
      .register(myDataCommand(deps));
    for (const command of boardCommands) commands.register(boardCommand(command, deps));
    const verbs = new VerbRouter(logger)
      .register(showHelpVerb(deps))
      .register(openLaunchVerb(deps))
      .register(addThemesVerb(deps))
      .register(launchRoundVerb(deps))
      .register(saveResponseVerb(deps))
      .register(refreshResponseVerb(deps))
      .register(showStatusVerb(deps))
      .register(closeRoundVerb(deps))
      .register(extendRoundVerb(deps))
      .register(cancelRoundVerb(deps))
      .register(openReviewVerb(deps))
      .register(saveSummaryVerb(deps))
      .register(publishSummaryVerb(deps))
      .register(pickBoardVerb(boardCommands, deps))
      .register(addRoleVerb(deps))
      .register(removeRoleVerb(deps))
      .register(showActionsVerb(deps))
      .register(openActionFormVerb(deps))
      .register(saveActionVerb(deps))
      .register(closeActionVerb(deps))
      .register(reopenActionVerb(deps))
      .register(openCheckInVerb(deps))
      .register(launchCheckInVerb(deps))
      .register(stopCheckInsVerb(deps))
      .register(saveLiveVerb(deps));

    const memberSeen = (aadObjectId: string) => {
      void queue.track(fanout.retryUnreachable(aadObjectId)).catch((err: unknown) => {
        logger.warn({ err: errorSummary(err) }, "could not retry a member's undelivered prompts");
      });
    };
    const team = {
      installed: async (board: { id: string; tenantId: string; name: string }, installer: { aadObjectId?: string; name?: string }) => {
        // Teams' install event often names only the installer's id: their name comes from the roster.
        let name = installer.name;
        const known = name || !installer.aadObjectId ? undefined : await boards.board(board.tenantId, board.id);
        if (known) name = (await boards.roster(known).catch(() => new Map<string, { name: string }>())).get(installer.aadObjectId!.toLowerCase())?.name;
        const made = await roles.bootstrap(board, { aadObjectId: installer.aadObjectId, ...(name ? { name } : {}) });
        if (made) logger.info({ boardId: board.id }, "the installer is the board's first officer");
        return made ? (name ?? "") : undefined;
      },
      membersLeft: async (board: { id: string; tenantId: string; name: string }, ids: string[]) => {
        for (const id of ids) await roles.memberLeft(board, id);
      },
    };
    const bot = new SoundingBoardBot({ conversations, team, commands, verbs, logger, memberSeen });
    const http = createHttpServer({
      adapter,
      authEnabled: config.authEnabled,
      bot,
      healthy: () => storage.ping(),
      ready: async () => ({ storage: await storage.ping(), scheduler: scheduler.started }),
      logger,
      routes: (server) => {
        registerReportRoutes(server, { links, summaries, members, directory: boards, ...repos, actions: actionsRepo, clock, timeZone: config.timeZone, logger });
        registerTabRoutes(server, { config, ...repos, roundService: rounds, summaries, summariesRepo, directory: boards, links, clock, logger, actions: actionsRepo, live });
      },
    });
    const port = await http.listen(config.host, config.port);
    const url = `http://${config.host}:${port}`;
    logger.info({ url, auth: config.authEnabled ? "on" : "off" }, "Sounding Board is listening");
    // Resume deliveries, reminders and closes that were due while the bot was down.
    if (options.startScheduler ?? true) scheduler.start(config.schedulerIntervalMs);

    let stopping: Promise<void> | undefined;
    return {
      port,
      url,
      storage,
      tablePrefix: config.storage.tablePrefix,
      scheduler,
      entryPoints: { commands: commands.commands(), verbs: verbs.verbs() },
      idle: () => queue.idle(),
      stop() {
        stopping ??= (async () => {
          await scheduler.stop();
          await http.close(config.shutdownGraceMs);
          // Sends already under way finish and are recorded in the ledger; queued ones resume next start.
          await queue.stop().catch((err: unknown) => logger.warn({ err: errorSummary(err) }, "outbound queue did not drain"));
          await summaryThread.close();
          await storage.close();
          logger.info("stopped cleanly");
        })();
        return stopping;
      },
    };
  } catch (err) {
    await storage.close();
    throw err;
  }
}
