import type { SummaryInput } from "../summary.builder.ts";
import type { Summary } from "../summary.types.ts";
import { JobThread } from "./pool.ts";

/**
 * Summaries built off the bot's main thread. A large round's summary is seconds of CPU (a
 * 10,000-response round: ~10 s here); on the main thread that would hold up every card press and
 * message the bot answers meanwhile, and Teams gives an invoke a few seconds. The summary thread
 * builds it while the main thread goes on serving, and shares a large round's reading with reader
 * threads on the machine's other cores (answer-readers.ts). The summary is the same one
 * `summarise` builds in-thread (a test compares them). A thread's heap keeps the size a large round
 * grew it to (a 10,000-response round: ~500 MB between the two), so the threads stop after a minute
 * without a summary and start again (~1 s) for the next.
 */
export class SummaryThread {
  private readonly thread: JobThread<{ input: SummaryInput; semantic?: boolean }, Summary>;

  constructor(
    options: {
      /** Reader threads beside the summary thread (config SUMMARY_READER_THREADS); 0 reads on the summary thread alone. */
      readers?: number;
      /** Stop the threads after this long without a summary, giving their memory back. Default a minute. */
      idleMs?: number;
      onIdleStop?: () => void;
    } = {},
  ) {
    this.thread = new JobThread(new URL("./summary.worker.ts", import.meta.url), "the summary thread", {
      data: { readers: options.readers ?? 0 },
      idleMs: options.idleMs ?? 60_000,
      ...(options.onIdleStop ? { onIdleStop: options.onIdleStop } : {}),
    });
  }

  summarise(input: SummaryInput, options: { semantic?: boolean } = {}): Promise<Summary> {
    return this.thread.run({ input, ...(options.semantic === false ? { semantic: false } : {}) });
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
