import { expect } from "chai";
import { summarise } from "../../services/summary/summary.builder.ts";
import { labelledRoundSchema, summaryInputOf } from "../../services/summary/eval.ts";
import { fragmentsOf } from "../../services/summary/theming/sentences.ts";
import { AnswerReaders, PARALLEL_READ_MIN } from "../../services/summary/threads/answer-readers.ts";
import { JobThread } from "../../services/summary/threads/pool.ts";
import { SummaryThread } from "../../services/summary/threads/summary-thread.ts";
import { syntheticSummaryInput } from "../../bench/synthetic.ts";
import { readFileSync } from "node:fs";

/** Summaries built off the main thread (services/summary/threads/): the same summary, the main thread free meanwhile. */
describe("summary thread", function () {
  this.timeout(120_000);
  const thread = new SummaryThread({ readers: 1 });
  after(() => thread.close());

  const dev = labelledRoundSchema.parse(JSON.parse(readFileSync(new URL("../fixtures/feedback-dev.json", import.meta.url), "utf8")));

  const largeRound = syntheticSummaryInput;

  it("builds the same summary as in this thread, grouped by meaning (the dev set)", async () => {
    const input = summaryInputOf(dev);
    const here = await summarise(input);
    expect(here.grouping).to.equal("meaning");
    expect(await thread.summarise(input)).to.deep.equal(here);
  });

  it(`builds the same summary as in this thread for a round large enough to share its reading (${PARALLEL_READ_MIN}+ answers), and by words alone when asked`, async () => {
    const input = largeRound(800);
    const answers = input.responses.reduce((n, r) => n + Object.keys(r.answers).length, 0);
    expect(answers).to.be.at.least(PARALLEL_READ_MIN);
    const here = await summarise(input);
    expect(here.grouping).to.equal("words");
    expect(await thread.summarise(input)).to.deep.equal(here);
    const small = summaryInputOf(dev);
    expect((await thread.summarise(small, { semantic: false })).grouping).to.equal("words");
  });

  it("leaves the main thread free while it builds: the event loop turns before the summary is done", async () => {
    // In this thread the summary would be built in one go, and nothing else could run until it
    // was; off it, the main thread's next turn comes first.
    let done = false;
    const building = thread.summarise(largeRound(300)).then(() => {
      done = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).to.equal(false);
    await building;
    expect(done).to.equal(true);
  });

  it("stops its threads once idle and starts them again for the next summary", async () => {
    let stopped!: () => void;
    const idleStop = new Promise<void>((resolve) => (stopped = resolve));
    const idling = new SummaryThread({ readers: 1, idleMs: 50, onIdleStop: () => stopped() });
    // The stopped threads hold nothing open: keep this process alive while waiting for the stop.
    const keepAlive = setInterval(() => {}, 1000);
    try {
      const input = largeRound(700);
      const first = await idling.summarise(input);
      await idleStop;
      expect(await idling.summarise(input)).to.deep.equal(first);
    } finally {
      clearInterval(keepAlive);
      await idling.close();
    }
  });

  it("reads answers on reader threads exactly as this thread reads them, and leaves small rounds to this thread", async () => {
    const readers = new AnswerReaders(1);
    try {
      const texts = largeRound(700).responses.flatMap((r) => Object.values(r.answers));
      const read = await readers.read(texts);
      expect(read).to.not.equal(undefined);
      const distinct = [...new Set(texts)];
      expect(read!.size).to.equal(distinct.length);
      for (const t of [distinct[0]!, distinct[Math.floor(distinct.length / 2)]!, distinct.at(-1)!]) expect(read!.get(t)).to.deep.equal(fragmentsOf(t));
      expect(await readers.read(texts.slice(0, 10))).to.equal(undefined);
    } finally {
      await readers.close();
    }
  });

  it("reads a share here when its reader fails (here: out of memory before it starts)", async () => {
    const readers = new AnswerReaders(1, { resourceLimits: { maxOldGenerationSizeMb: 1, maxYoungGenerationSizeMb: 1 } });
    try {
      const texts = largeRound(700).responses.flatMap((r) => Object.values(r.answers));
      const read = await readers.read(texts);
      const distinct = [...new Set(texts)];
      expect(read?.size).to.equal(distinct.length);
      expect(read!.get(distinct.at(-1)!)).to.deep.equal(fragmentsOf(distinct.at(-1)!));
    } finally {
      await readers.close();
    }
  });

  describe("JobThread", () => {
    const entry = new URL("../fixtures/job.worker.ts", import.meta.url);

    it("answers jobs in turn, and passes a job's error back with its message", async () => {
      const jobs = new JobThread<string, string>(entry, "the test thread");
      try {
        expect(await Promise.all([jobs.run("a"), jobs.run("b")])).to.deep.equal(["done: a", "done: b"]);
        const err = await jobs.run("throw").then(() => undefined, (e: Error) => e);
        expect(err).to.be.instanceOf(Error);
        expect(err).to.include({ name: "RangeError", message: "asked to throw" });
        expect(await jobs.run("c")).to.equal("done: c");
      } finally {
        await jobs.close();
      }
    });

    it("fails the pending job with a clear error when the thread dies, and starts a new thread for the next", async () => {
      const jobs = new JobThread<string, string>(entry, "the test thread");
      try {
        const err = await jobs.run("die").then(() => undefined, (e: Error) => e);
        expect(err?.message).to.equal("the test thread stopped (exit code 3)");
        expect(await jobs.run("again")).to.equal("done: again");
      } finally {
        await jobs.close();
      }
    });

    it("refuses jobs once closed", async () => {
      const jobs = new JobThread<string, string>(entry, "the test thread");
      expect(await jobs.run("x")).to.equal("done: x");
      await jobs.close();
      const err = await jobs.run("y").then(() => undefined, (e: Error) => e);
      expect(err?.message).to.equal("the test thread is closed");
    });
  });
});
