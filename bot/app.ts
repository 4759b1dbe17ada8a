import { silentLogger, type Logger } from "../services/logging/logger.ts";
import { systemClock, type Clock } from "../services/clock.ts";
import type { Config } from "../services/config/config.ts";
import { ConversationService } from "../services/conversations/conversation.service.ts";
import type { Messenger } from "../services/messaging/messenger.ts";
import { FanoutService } from "../services/rounds/fanout.service.ts";
import { OutboundQueue } from "../services/rounds/outbound-queue.ts";
import { ResponseService } from "../services/rounds/response.service.ts";
import { RoleDirectory } from "../services/rounds/roles.ts";
import { BoardAccess } from "../services/rounds/board-access.ts";
import { RoundService, type RoundEvents } from "../services/rounds/round.service.ts";
import { Scheduler } from "../services/rounds/scheduler.service.ts";
import { ConversationsRepository } from "../services/storage/conversations.repository.ts";
import { DeliveriesRepository } from "../services/storage/deliveries.repository.ts";
import { ResponsesRepository } from "../services/storage/responses.repository.ts";
import { RoundsRepository } from "../services/storage/rounds.repository.ts";
import { TableStorage } from "../services/storage/table-storage.ts";
import { SummariesRepository } from "../services/storage/summaries.repository.ts";
import { LinkSigner } from "../services/summary/links.ts";
import { SummaryService, type SummaryEvents } from "../services/summary/summary.service.ts";
import { exportCommand, openReviewVerb, publishSummaryVerb, saveSummaryVerb, summaryCommand, digestCardFor, type SummaryHandlerDeps } from "./handlers/summary.handler.ts";
import { registerReportRoutes } from "./report.routes.ts";
import { registerTabRoutes } from "./tab.routes.ts";
import { AuditRepository } from "../services/storage/audit.repository.ts";
import { MemberDataService } from "../services/members/member-data.service.ts";
import { memberCommand } from "./handlers/member.handler.ts";
import { fittedReviewCard } from "./views/summary.views.ts";
import { roundCard } from "../cards/round.card.ts";
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
import { roundCardData } from "./views/round.views.ts";
import { reportDeliveries } from "./handlers/delivery-report.ts";

export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
  /** Tests drive the scheduler by calling `scheduler.tick()` with a controlled clock. */
  startScheduler?: boolean;
  /** Tests only: a local OpenID metadata server and issuer for the Bot Framework token check. */
  authEndpoints?: AuthEndpoints;
}

export interface RunningApp {
  port: number;
  url: string;
  storage: TableStorage;
  tablePrefix: string;
  scheduler: Scheduler;
  /** Resolves when background sends (prompts, reminders, card updates) have finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Composition root: storage → services → routers → bot → adapter → HTTP. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? silentLogger();
  const clock = options.clock ?? systemClock;

  const storage = await TableStorage.open(config.storage, logger);
  try {
    const repos = {
      rounds: new RoundsRepository(storage),
      deliveries: new DeliveriesRepository(storage),
      responses: new ResponsesRepository(storage),
    };
    const conversations = new ConversationService(new ConversationsRepository(storage), clock);
    const roles = new RoleDirectory(config.roles.officerAadIds, config.roles.chairAadIds);
    const adapter = createAdapter(config, logger, options.authEndpoints);
    const messenger: Messenger = new TeamsMessenger(adapter, config.credentials.appId);
    const queue = new OutboundQueue({ perSecond: config.outboundPerSecond, maxConcurrent: 10, perConversationPerSecond: 7 });

    const fanout = new FanoutService({
      ...repos,
      conversations,
      messenger,
      queue,
      clock,
      logger,
      render: (view) => roundCard(roundCardData(view, clock.now(), config.timeZone)),
      report: (round, ledger) => reportDeliveries({ conversations, messenger, logger }, round, ledger),
      options: { maxAttempts: 5, staleSendingMs: 5 * 60_000 },
    });
    const access = new BoardAccess({ conversations, messenger, roles, clock, ttlMs: 5 * 60_000 });
    const links = new LinkSigner(config.reportLinkSecret, config.publicBaseUrl, clock);
    if (!config.reportLinkSecret) logger.warn("REPORT_LINK_SECRET is not set: report and export links will stop working when the bot restarts.");
    const background = (what: string, work: Promise<unknown>) =>
      void queue.track(work).catch((err: unknown) => logger.error({ err: errorSummary(err) }, `${what} failed`));

    const summaryEvents: SummaryEvents = {
      // Officers get the draft 1:1 to review; nothing reaches the channel before one publishes.
      drafted: (round, doc) =>
        background("sending the draft summary", (async () => {
          const card = fittedReviewCard(doc.summary, {
            roundId: round.id,
            boardId: round.boardId,
            revision: 1,
            state: "draft",
            banner: { style: "accent", text: `“${round.title}” has closed. Here is the draft summary: edit it, then publish it to the board's channel.` },
          });
          let sent = 0;
          for (const officer of config.roles.officerAadIds) {
            const chat = await conversations.find(round.tenantId, "personal", officer);
            if (!chat) continue;
            await queue.run(chat.reference.conversation.id, () => messenger.sendCard(chat.reference, card));
            sent += 1;
          }
          if (sent === 0) logger.warn({ roundId: round.id }, "no officer has a 1:1 chat with the bot to receive the draft summary");
        })()),
      // The digest goes to the round's channel (a new post in it).
      published: (round, doc) =>
        background("posting the digest", (async () => {
          const team = await conversations.find(round.tenantId, "team", round.boardId);
          if (!team) throw new Error("the board's team is unknown: the bot may have been removed from it");
          const channel = { ...team.reference, conversation: { ...team.reference.conversation, id: round.digestConversationId ?? round.boardId } };
          await queue.run(channel.conversation.id, () => messenger.sendCard(channel, digestCardFor({ links, timeZone: config.timeZone }, round, doc)));
        })()),
    };
    const summariesRepo = new SummariesRepository(storage);
    const summaries = new SummaryService({
      ...repos,
      summaries: summariesRepo,
      roles,
      access,
      clock,
      events: summaryEvents,
      autoPublish: config.autoPublish,
    });

    const events: RoundEvents = {
      launched: (round) => fanout.start(round),
      closed: (round) => {
        background("closing members' cards", fanout.refreshCards(round, "closed"));
        background("drafting the summary", summaries.draftOnClose(round));
      },
      cancelled: (round) => background("cancelling members' cards", fanout.refreshCards(round, "cancelled")),
    };
    const rounds = new RoundService({ ...repos, messenger, roles, access, clock, events });
    const responses = new ResponseService({ ...repos, clock });
    const scheduler = new Scheduler({ rounds: repos.rounds, roundService: rounds, fanout, clock, reminderHours: config.reminderHours, logger });

    const members = new MemberDataService({
      ...repos,
      summariesRepo,
      summaries,
      conversations,
      audit: new AuditRepository(storage),
      roles,
      clock,
    });
    const deps: SummaryHandlerDeps & { members: MemberDataService } = { rounds, responses, conversations, messenger, roles, clock, timeZone: config.timeZone, logger, summaries, links, members };
    const commands = new CommandRouter(unknownText)
      .register(helpCommand(config.roles))
      .register(launchCommand(deps))
      .register(statusCommand(deps))
      .register(summaryCommand(deps))
      .register(exportCommand(deps))
      .register(memberCommand(deps));
    const verbs = new VerbRouter()
      .register(showHelpVerb(config.roles))
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
      .register(publishSummaryVerb(deps));

    const memberSeen = (aadObjectId: string) => {
      void queue.track(fanout.retryUnreachable(aadObjectId)).catch((err: unknown) => {
        logger.warn({ err: errorSummary(err) }, "could not retry a member's undelivered prompts");
      });
    };
    const bot = new SoundingBoardBot({ conversations, commands, verbs, logger, memberSeen });
    const http = createHttpServer({
      adapter,
      authEnabled: config.authEnabled,
      bot,
      healthy: () => storage.ping(),
      logger,
      routes: (server) => {
        registerReportRoutes(server, { links, summaries, members, ...repos, clock, timeZone: config.timeZone, logger });
        registerTabRoutes(server, { config, ...repos, roundService: rounds, summaries, summariesRepo, conversations, roles, links, access, clock, logger });
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
      idle: () => queue.idle(),
      stop() {
        stopping ??= (async () => {
          await scheduler.stop();
          await http.close(config.shutdownGraceMs);
          // Sends already under way finish and are recorded in the ledger; queued ones resume next start.
          await queue.stop().catch((err: unknown) => logger.warn({ err: errorSummary(err) }, "outbound queue did not drain"));
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
