import { mkdirSync } from "node:fs";
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
  | { type: "closed"; error?: string };

/**
 * Azurite's Table server inside our process, on its own worker thread (see azurite-worker.cjs for why).
 * Resolves once it listens; close() flushes its data and ends the thread.
 */
export async function startEmbeddedTableServer(options: EmbeddedTableOptions = {}): Promise<EmbeddedTableServer> {
  const host = options.host ?? "127.0.0.1";
  let dbPath = "__azurite_db_table__.json";
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true });
    dbPath = path.join(options.dataDir, "azurite-table.json");
  }
  const worker = new Worker(new URL("./azurite-worker.cjs", import.meta.url), {
    workerData: { host, port: options.port ?? 0, dbPath, inMemory: options.dataDir === undefined },
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
    throw err;
  });
  worker.removeAllListeners("exit");

  const port = Number(new URL(address).port);
  let closing: Promise<void> | undefined;
  return {
    connectionString: connectionStringFor(host, port),
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        worker.on("message", (message: WorkerMessage) => {
          if (message.type !== "closed") return;
          void worker.terminate().then(() => (message.error ? reject(new Error(message.error)) : resolve()));
        });
        worker.postMessage({ type: "close" });
      });
      return closing;
    },
  };
}
