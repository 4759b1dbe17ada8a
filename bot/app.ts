import { silentLogger, type Logger } from "../services/logging/logger.ts";
import { systemClock, type Clock } from "../services/clock.ts";
import type { Config } from "../services/config/config.ts";
import { ConversationService } from "../services/conversations/conversation.service.ts";
import { ConversationsRepository } from "../services/storage/conversations.repository.ts";
import { TableStorage } from "../services/storage/table-storage.ts";
import { createAdapter } from "./adapter.ts";
import { helpCommand, showHelpVerb } from "./handlers/help.handler.ts";
import { unknownText } from "./handlers/unknown.handler.ts";
import { CommandRouter, VerbRouter } from "./router.ts";
import { createHttpServer } from "./server.ts";
import { SoundingBoardBot } from "./sounding-board.bot.ts";

export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
}

export interface RunningApp {
  port: number;
  url: string;
  storage: TableStorage;
  stop(): Promise<void>;
}

/** Composition root: storage → services → routers → bot → adapter → HTTP. */
export async function startApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? silentLogger();
  const clock = options.clock ?? systemClock;

  const storage = await TableStorage.open(config.storage, logger);
  try {
    const conversations = new ConversationService(new ConversationsRepository(storage), clock);

    const commands = new CommandRouter(unknownText).register(helpCommand(config.roles));
    const verbs = new VerbRouter().register(showHelpVerb(config.roles));

    const bot = new SoundingBoardBot({ conversations, commands, verbs, logger });
    const adapter = createAdapter(config, logger);
    const http = createHttpServer({ adapter, authEnabled: config.authEnabled, bot, healthy: () => storage.ping(), logger });
    const port = await http.listen(config.host, config.port);
    const url = `http://${config.host}:${port}`;
    logger.info({ url, auth: config.authEnabled ? "on" : "off" }, "Sounding Board is listening");

    let stopping: Promise<void> | undefined;
    return {
      port,
      url,
      storage,
      stop() {
        stopping ??= (async () => {
          await http.close(config.shutdownGraceMs);
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
