import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";

/** Azurite's well-known development account (public, documented; not a secret). */
export const DEV_ACCOUNT_NAME = "devstoreaccount1";
export const DEV_ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface EmbeddedTableServer {
  connectionString: string;
  port: number;
  close(): Promise<void>;
}

export interface EmbeddedTableOptions {
  /** Folder for the Loki database file; omit for memory only (tests). */
  dataDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * The store could not save a change it had accepted (disk full, folder gone): it stops answering,
   * because memory no longer matches the disk. The bot should stop and be restarted from the disk.
   */
  onFatal?: (err: Error) => void;
  /**
   * Benchmarks only: false answers writes before they are saved (Azurite's own 5-second autosave, as
   * before group commit), to measure what durability costs. Never set by configuration.
   */
  durable?: boolean;
}

/** The file name of the embedded store inside DATA_DIR. */
export const STORE_FILE = "azurite-table.json";

/** The embedded store's file exists but isn't a whole database: the bot must not start over it. */
export class StoreUnreadableError extends Error {
  constructor(readonly file: string, reason: string) {
    super(
      `The embedded storage file ${file} can't be read (${reason}). It has been left exactly as it is. ` +
        "Restore a backup over it (npm run restore -- <backup file>), or move it away to start with empty storage.",
    );
    this.name = "StoreUnreadableError";
  }
}

/** Another running bot has this DATA_DIR: two processes writing one store would overwrite each other. */
export class StoreInUseError extends Error {
  constructor(readonly dataDir: string, pid: number) {
    super(`The embedded storage in ${dataDir} is in use by another running process (pid ${pid}). Stop it first, or use another DATA_DIR.`);
    this.name = "StoreInUseError";
  }
}

/** The snapshot-and-journal reader shared with the Azurite worker (plain CommonJS, so the worker needs no loader). */
export interface StoreFiles {
  readStore(dbname: string): { text: string; generation: number; snapshotGeneration: number } | undefined;
  replay(dbname: string, snapshotText: string, journals?: Array<{ generation: number; file: string; text: string }>): { text: string; generation: number; snapshotGeneration: number };
  journalFiles(dbname: string): Array<{ generation: number; file: string }>;
  GENERATION: string;
  StoreDamagedError: new (file: string, reason: string) => Error & { file: string };
}
export const storeFiles = createRequire(import.meta.url)("./azurite-journal.cjs") as StoreFiles;

/**
 * Refuse to start over a store that doesn't read back as a whole database (its snapshot and
 * journal): Loki would otherwise start empty and the next save would replace someone's data. (A
 * save never leaves a half-written file — only the journal's last line can be cut short, which is
 * expected and ignored — so this is a damaged disk or a hand edit.)
 */
export function checkStoreFile(file: string): void {
  try {
    storeFiles.readStore(file);
  } catch (err) {
    const damaged = err as Error & { file?: string };
    throw new StoreUnreadableError(damaged.file ?? file, damaged.message);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Take DATA_DIR for this process (a lock file holding our pid); a lock left by a process that died is taken over. */
export function lockDataDir(dataDir: string): () => void {
  const lock = path.join(dataDir, "sounding-board.lock");
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lock);
        } catch {
          /* already gone */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(readFileSync(lock, "utf8").trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) throw new StoreInUseError(dataDir, holder);
      unlinkSync(lock);
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

/** Which pid holds DATA_DIR now, if any live process does (for backup and restore). */
export function dataDirHolder(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, "sounding-board.lock"), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function connectionStringFor(host: string, port: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT_NAME};AccountKey=${DEV_ACCOUNT_KEY};` +
    `TableEndpoint=http://${host}:${port}/${DEV_ACCOUNT_NAME};`
  );
}

type WorkerMessage =
  | { type: "started"; address: string }
  | { type: "error"; message: string }
  | { type: "fatal"; message: string }
  | { type: "closed"; error?: string };

/**
 * Azurite's Table server inside our process, on its own worker thread (see azurite-worker.cjs for why).
 * On disk, a change is answered only once it is saved (group commit, fsync); the folder is locked
 * to this process, and a damaged file stops the start rather than being replaced. Resolves once it
 * listens; close() saves its data and ends the thread.
 */
export async function startEmbeddedTableServer(options: EmbeddedTableOptions = {}): Promise<EmbeddedTableServer> {
  const host = options.host ?? "127.0.0.1";
  let dbPath = "__azurite_db_table__.json";
  let unlock = () => undefined as void;
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true });
    dbPath = path.join(options.dataDir, STORE_FILE);
    checkStoreFile(dbPath);
    unlock = lockDataDir(options.dataDir);
  }
  const worker = new Worker(new URL("./azurite-worker.cjs", import.meta.url), {
    workerData: { host, port: options.port ?? 0, dbPath, inMemory: options.dataDir === undefined, durable: options.durable !== false },
    // The worker needs no TypeScript loader: don't inherit tsx's flags.
    execArgv: [],
  });

  const address = await new Promise<string>((resolve, reject) => {
    const onMessage = (message: WorkerMessage) => {
      if (message.type === "started") resolve(message.address);
      else if (message.type === "error") reject(new Error(`embedded Azurite failed to start: ${message.message}`));
    };
    worker.on("message", onMessage);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`embedded Azurite exited during start (code ${code})`)));
  }).catch(async (err: unknown) => {
    await worker.terminate();
    unlock();
    throw err;
  });
  worker.removeAllListeners("exit");
  worker.on("message", (message: WorkerMessage) => {
    if (message.type === "fatal") options.onFatal?.(new Error(`the embedded storage could not save to ${dbPath}: ${message.message}`));
  });

  const port = Number(new URL(address).port);
  let closing: Promise<void> | undefined;
  return {
    connectionString: connectionStringFor(host, port),
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        worker.on("message", (message: WorkerMessage) => {
          if (message.type !== "closed") return;
          void worker.terminate().then(() => {
            unlock();
            if (message.error) reject(new Error(message.error));
            else resolve();
          });
        });
        worker.postMessage({ type: "close" });
      });
      return closing;
    },
  };
}
