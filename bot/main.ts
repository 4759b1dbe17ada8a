import { startApp } from "./app.ts";
import { ConfigError, loadConfig, loadDotEnvIfPresent } from "../services/config/config.ts";
import { createLogger, logFormatFor } from "../services/logging/logger.ts";
import { errorSummary } from "./sounding-board.bot.ts";
import { StoreInUseError, StoreUnreadableError } from "../services/storage/embedded-azurite.ts";
import { StorageAccessError } from "../services/storage/table-storage.ts";

/** `npm start`: read .env if present, parse config once, start, and stop cleanly on SIGINT/SIGTERM. */
loadDotEnvIfPresent(".env");

let config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
    process.exit(1);
  }
  throw err;
}

// JSON lines on stdout in production (and whenever stdout is not a terminal); readable lines in a dev terminal.
const logger = createLogger(config.logLevel, process.stdout, { format: logFormatFor(config.production) });
if (!config.authEnabled) {
  logger.warn(
    "AUTHENTICATION IS OFF: MicrosoftAppId is empty, so /api/messages accepts unsigned requests. " +
      "This is for local use (Agents Playground, tests) only, and the bot only listens on loopback.",
  );
}

try {
  const app = await startApp(config, {
    logger,
    onStorageFatal: (err) => {
      // Memory no longer matches the disk: stop now, and come back (under a supervisor) from what was saved.
      logger.fatal({ err: errorSummary(err) }, "embedded storage could not save; stopping");
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    },
  });
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: errorSummary(err) }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
} catch (err) {
  logger.fatal({ err: errorSummary(err) }, "could not start");
  // Storage problems a person must act on are said plainly, naming the file or folder.
  if (err instanceof StoreUnreadableError || err instanceof StoreInUseError || err instanceof StorageAccessError) process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
