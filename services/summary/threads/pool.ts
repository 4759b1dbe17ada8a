import { Worker, type MessagePort, type ResourceLimits } from "node:worker_threads";

/**
 * One worker thread that answers jobs in turn: a job is posted with an id, the thread posts back
 * `{ id, result }` or `{ id, error }`. The thread is started on the first job and kept (what it has
 * loaded — wink's model, the sentence encoder, their caches — is reused); it holds the process open
 * only while a job is pending. If it dies, every pending job fails with a clear error and the next
 * job starts a new thread.
 */
export class JobThread<Job, Result> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: Result): void; reject(e: Error): void }>();
  private closed = false;

  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    /** The module the thread runs (a file URL), which calls `serveJobs`. */
    private readonly entry: URL,
    /** What the thread is, for error messages ("the summary thread"). */
    private readonly name: string,
    private readonly options: {
      /** Given to the thread as `workerData.data`. */
      data?: unknown;
      /**
       * Stop the thread once it has had no job for this long, giving its memory back (a thread's heap
       * keeps what a large job grew it to); the next job starts a new one. Default: keep it.
       */
      idleMs?: number;
      /** Called when the thread has been stopped for being idle. */
      onIdleStop?: () => void;
      /** The thread's heap limits (a thread over them stops, failing its jobs). */
      resourceLimits?: ResourceLimits;
    } = {},
  ) {}

  run(job: Job): Promise<Result> {
    if (this.closed) return Promise.reject(new Error(`${this.name} is closed`));
    const worker = (this.worker ??= this.start());
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, job });
    });
  }

  /** Stop the thread; pending jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(new Error(`${this.name} was closed before it finished`));
  }

  private start(): Worker {
    const worker = new Worker(new URL("./boot.mjs", import.meta.url), {
      workerData: { entry: this.entry.href, data: this.options.data },
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    worker.on("message", (m: { id: number; result?: Result; error?: { name: string; message: string } }) => {
      const job = this.pending.get(m.id);
      if (!job) return;
      this.pending.delete(m.id);
      if (m.error) job.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
      else job.resolve(m.result as Result);
      if (this.pending.size === 0) this.idle(worker);
    });
    worker.on("error", (err) => this.lost(worker, new Error(`${this.name} failed: ${err.message}`)));
    worker.on("exit", (code) => this.lost(worker, new Error(`${this.name} stopped (exit code ${code})`)));
    worker.unref();
    return worker;
  }

  private idle(worker: Worker): void {
    worker.unref();
    const { idleMs, onIdleStop } = this.options;
    if (idleMs === undefined) return;
    this.idleTimer = setTimeout(() => {
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = undefined;
      void worker.terminate().then(() => onIdleStop?.());
    }, idleMs);
    this.idleTimer.unref();
  }

  private lost(worker: Worker, err: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll(err);
  }

  private failAll(err: Error): void {
    for (const job of this.pending.values()) job.reject(err);
    this.pending.clear();
  }
}

/** The thread's side: answer each posted job with `handle`, one at a time, in the order posted. */
export function serveJobs<Job, Result>(port: MessagePort, handle: (job: Job) => Promise<Result> | Result): void {
  let queue = Promise.resolve();
  port.on("message", ({ id, job }: { id: number; job: Job }) => {
    queue = queue.then(async () => {
      try {
        port.postMessage({ id, result: await handle(job) });
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        port.postMessage({ id, error: { name: e.name, message: e.message } });
      }
    });
  });
}
