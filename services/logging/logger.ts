import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * "json": one JSON object per line (pino's own output), for the platform's log collector.
 * "pretty": one readable line per entry, for a person at a terminal.
 */
export type LogFormat = "json" | "pretty";

/**
 * One structured logger for the process. Answer text never goes to the log (board members'
 * views are sensitive): log ids and counts, not payloads.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream, options: { format?: LogFormat } = {}): Logger {
  const out = destination ?? process.stdout;
  const stream: DestinationStream = options.format === "pretty" ? prettyStream(out) : out;
  return pino(
    {
      level,
      base: { app: "sounding-board" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ["*.authorization", "*.headers.authorization", "*.password", "*.appPassword"], remove: true },
    },
    stream,
  );
}

/**
 * JSON lines in production, and whenever the output is not a terminal (a container, a pipe, a test
 * or tool reading the lines); readable lines only for a person running the bot in a terminal.
 * (pino-pretty is not a dependency: the few lines below are all a terminal needs.)
 */
export function logFormatFor(production: boolean, stream: { isTTY?: boolean } = process.stdout): LogFormat {
  return !production && stream.isTTY === true ? "pretty" : "json";
}

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
const HIDDEN = new Set(["level", "time", "msg", "app", "pid", "hostname"]);

/** One pino JSON line as "12:04:05.123 INFO  message key=value …" (UTC). A line that isn't JSON is returned as it is. */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.replace(/\n$/, "");
  }
  const time = typeof entry.time === "string" ? entry.time.slice(11, 23) : "";
  const level = (LEVELS[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)}`);
  return [time, level, typeof entry.msg === "string" ? entry.msg : "", ...fields].filter((part) => part !== "").join(" ");
}

function prettyStream(out: NodeJS.WritableStream): DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split("\n")) if (line !== "") out.write(`${formatLogLine(line)}\n`);
    },
  };
}

/** For tests and tools that want silence. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
