import { parentPort, workerData } from "node:worker_threads";
import { summarise, type SummaryInput } from "../summary.builder.ts";
import type { Summary } from "../summary.types.ts";
import { AnswerReaders } from "./answer-readers.ts";
import { serveJobs } from "./pool.ts";

/** The summary thread (summary-thread.ts): builds one summary at a time, sharing the reading of a large round with reader threads. */
const readers = new AnswerReaders((workerData as { data?: { readers?: number } }).data?.readers ?? 0);

serveJobs(parentPort!, ({ input, semantic }: { input: SummaryInput; semantic?: boolean }): Promise<Summary> =>
  summarise(input, { ...(semantic === false ? { semantic: false } : {}), readers }),
);
