import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";

/**
 * Azurite's Table server, run inside our process. The package root pulls in VS Code bindings,
 * so we deep-import the table server and its configuration (stable paths in azurite 3.x).
 */
const require = createRequire(import.meta.url);
const { default: TableServer } = require("azurite/dist/src/table/TableServer") as {
  default: new (config: unknown) => AzuriteTableServer;
};
const { default: TableConfiguration } = require("azurite/dist/src/table/TableConfiguration") as {
  default: new (...args: unknown[]) => unknown;
};

interface AzuriteTableServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

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

export async function startEmbeddedTableServer(options: EmbeddedTableOptions = {}): Promise<EmbeddedTableServer> {
  const host = options.host ?? "127.0.0.1";
  const inMemory = options.dataDir === undefined;
  let dbPath = "__azurite_db_table__.json";
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true });
    dbPath = path.join(options.dataDir, "azurite-table.json");
  }
  // Positional arguments, in TableConfiguration's order: host, port, keepAliveTimeout, metadataDBPath,
  // enableDebugLog, enableAccessLog, accessLogWriteStream, debugLogFilePath, loose,
  // skipApiVersionCheck (the SDK may be newer than Azurite), cert, key, pwd, oauth,
  // disableProductStyleUrl, isMemoryPersistence.
  const config = new TableConfiguration(
    host, options.port ?? 0, undefined, dbPath, false, false, undefined, undefined,
    false, true, "", "", "", undefined, false, inMemory,
  );
  const server = new TableServer(config);
  await server.start();
  const port = Number(new URL(server.getHttpServerAddress()).port);
  return {
    connectionString: connectionStringFor(host, port),
    port,
    // Closing flushes the Loki database to disk; Azurite also autosaves every 5 s.
    close: () => server.close(),
  };
}
