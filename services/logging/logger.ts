import { pino, type Logger } from "pino";

export type { Logger };

/**
 * One structured logger for the process. Answer text never goes to the log (board members'
 * views are sensitive): log ids and counts, not payloads.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: "sounding-board" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ["*.authorization", "*.headers.authorization", "*.password", "*.appPassword"], remove: true },
    },
    destination ?? process.stdout,
  );
}

/** For tests and tools that want silence. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
