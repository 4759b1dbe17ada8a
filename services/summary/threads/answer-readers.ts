import { fragmentsOf, type Fragment } from "../theming/sentences.ts";
import { checkMemo } from "../theming/words.ts";
import { JobThread } from "./pool.ts";

/**
 * Below this many distinct answers one thread reads them all: a reader thread takes ~0.5 s to
 * start (tsx and wink's model), about what reading 5,000 answers costs, and is kept afterwards.
 */
export const PARALLEL_READ_MIN = 4000;

/**
 * Reading answers (wink: tokens, sentences, stems) is most of a large round's summary — ~60% of a
 * 10,000-response round's — and each answer is read on its own, so it splits across threads: this
 * thread reads one share while the reader threads read the others. Reading is a pure function of
 * the text (theming/sentences.ts), so an answer read on another thread gives exactly the same
 * sentences and features, and the summary is the same.
 */
/**
 * A reader's heap: what it holds is wink's model, its memo tables and the share it is reading; a
 * tighter old generation makes it collect its garbage sooner instead of growing (without a limit a
 * reader of 35,000 answers grew to ~400 MB).
 */
const READER_LIMITS = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 16 };

export class AnswerReaders {
  private readonly threads: Array<JobThread<string[], Fragment[][]>>;

  constructor(count: number, options: { resourceLimits?: typeof READER_LIMITS } = {}) {
    this.threads = Array.from(
      { length: Math.max(0, count) },
      (_, i) => new JobThread<string[], Fragment[][]>(new URL("./reader.worker.ts", import.meta.url), `answer reader ${i + 1}`, { resourceLimits: options.resourceLimits ?? READER_LIMITS }),
    );
  }

  /** These texts read, by text; undefined when there are too few to be worth sharing out (or no readers). */
  async read(texts: readonly string[]): Promise<ReadonlyMap<string, Fragment[]> | undefined> {
    const distinct = [...new Set(texts)];
    if (this.threads.length === 0 || distinct.length < PARALLEL_READ_MIN) return undefined;
    const shares = this.threads.length + 1;
    const size = Math.ceil(distinct.length / shares);
    const slice = (i: number): string[] => distinct.slice(i * size, (i + 1) * size);
    // A share whose reader fails (out of its memory, say) is read here instead: it costs time, never the summary.
    const others = this.threads.map((t, i) => t.run(slice(i + 1)).catch(() => undefined));
    // This thread's share, read while the others read theirs.
    checkMemo();
    const readHere = (texts: string[]): Fragment[][] => texts.map((t) => fragmentsOf(t));
    const mine = readHere(slice(0));
    const read = [mine, ...(await Promise.all(others)).map((share, i) => share ?? readHere(slice(i + 1)))];
    const byText = new Map<string, Fragment[]>();
    read.forEach((share, i) => share.forEach((fragments, k) => byText.set(distinct[i * size + k]!, fragments)));
    return byText;
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
