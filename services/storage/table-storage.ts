import { TableClient, TableServiceClient, type TableServiceClientOptions } from "@azure/data-tables";
import path from "node:path";
import type { StorageConfig } from "../config/config.ts";
import type { Logger } from "../logging/logger.ts";
import { startEmbeddedTableServer, type EmbeddedTableServer } from "./embedded-azurite.ts";
import { isStatus } from "./errors.ts";
import { TABLES, tableName, type TableKey } from "./keys.ts";

/**
 * The one place that knows how to reach Table storage. Repositories get TableClients from here;
 * nothing outside services/storage/ sees @azure/data-tables.
 */
export class TableStorage {
  private readonly clients = new Map<TableKey, TableClient>();

  private constructor(
    private readonly connectionString: string,
    private readonly prefix: string,
    private readonly options: TableServiceClientOptions,
    private readonly embedded: EmbeddedTableServer | undefined,
  ) {}

  /** Connect (starting embedded Azurite if configured) and create every table the bot uses. */
  static async open(config: StorageConfig, logger: Logger, options: { onFatal?: (err: Error) => void; durable?: boolean } = {}): Promise<TableStorage> {
    let embedded: EmbeddedTableServer | undefined;
    let connectionString: string;
    if (config.kind === "embedded") {
      embedded = await startEmbeddedTableServer({
        dataDir: path.resolve(config.dataDir),
        ...(options.onFatal ? { onFatal: options.onFatal } : {}),
        ...(options.durable === false ? { durable: false } : {}),
      });
      connectionString = embedded.connectionString;
      logger.info({ dataDir: path.resolve(config.dataDir), port: embedded.port }, "embedded Azurite Table storage started");
    } else {
      connectionString = config.connectionString;
    }
    const storage = new TableStorage(connectionString, config.tablePrefix, clientOptions(connectionString), embedded);
    try {
      await storage.createTables();
    } catch (err) {
      await storage.close();
      throw err;
    }
    return storage;
  }

  /** For tests: a storage on an already running server (e.g. a per-suite Azurite). */
  static async connect(connectionString: string, prefix: string): Promise<TableStorage> {
    const storage = new TableStorage(connectionString, prefix, clientOptions(connectionString), undefined);
    await storage.createTables();
    return storage;
  }

  client(key: TableKey): TableClient {
    let client = this.clients.get(key);
    if (!client) {
      client = TableClient.fromConnectionString(this.connectionString, tableName(this.prefix, key), this.options);
      this.clients.set(key, client);
    }
    return client;
  }

  private async createTables(): Promise<void> {
    const service = TableServiceClient.fromConnectionString(this.connectionString, this.options);
    for (const key of Object.keys(TABLES) as TableKey[]) {
      try {
        await service.createTable(tableName(this.prefix, key));
      } catch (err) {
        if (!isStatus(err, 409)) throw err;
      }
    }
  }

  /** True when storage answers a cheap read within the timeout; used by /healthz. */
  async ping(timeoutMs = 2000): Promise<boolean> {
    try {
      const pages = this.client("rounds")
        .listEntities({ queryOptions: { select: ["PartitionKey"] }, abortSignal: AbortSignal.timeout(timeoutMs) })
        .byPage({ maxPageSize: 1 });
      await pages.next();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.clients.clear();
    await this.embedded?.close();
  }
}

function clientOptions(connectionString: string): TableServiceClientOptions {
  const local = /UseDevelopmentStorage=true|TableEndpoint=http:\/\//i.test(connectionString);
  return {
    // Azurite and the development emulator speak plain HTTP on loopback.
    allowInsecureConnection: local,
    // Fail fast enough for a Teams invoke (a few seconds): a short retry, then a clear error card.
    retryOptions: { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 1000 },
  };
}
