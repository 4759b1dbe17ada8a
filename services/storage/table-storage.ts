import {
  AzureNamedKeyCredential,
  TableClient,
  TableServiceClient,
  type NamedKeyCredential,
  type TableServiceClientOptions,
} from "@azure/data-tables";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import path from "node:path";
import type { StorageConfig } from "../config/config.ts";
import type { Logger } from "../logging/logger.ts";
import { DEV_ACCOUNT_KEY, DEV_ACCOUNT_NAME, startEmbeddedTableServer, type EmbeddedTableServer } from "./embedded-azurite.ts";
import { isStatus } from "./errors.ts";
import { TABLES, tableName, type TableKey } from "./keys.ts";

/** How the clients reach the service: a connection string (keys inside), or an endpoint and a credential. */
type Endpoint =
  | { kind: "connectionString"; connectionString: string }
  | { kind: "url"; url: string; credential: TokenCredential | NamedKeyCredential; describe: string };

/**
 * Storage could not be used with the identity it was given (no token, or no data role on the
 * account). Said plainly at start, with what to do; never carries a token or key.
 */
export class StorageAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StorageAccessError";
  }
}

/**
 * The one place that knows how to reach Table storage. Repositories get TableClients from here;
 * nothing outside services/storage/ sees @azure/data-tables (or @azure/identity, which only exists
 * here to give the Table clients an Azure AD credential).
 */
export class TableStorage {
  private readonly clients = new Map<TableKey, TableClient>();

  private constructor(
    private readonly endpoint: Endpoint,
    private readonly prefix: string,
    private readonly options: TableServiceClientOptions,
    private readonly embedded: EmbeddedTableServer | undefined,
  ) {}

  /**
   * Connect (starting embedded Azurite if configured) and create every table the bot uses.
   * `credential` replaces DefaultAzureCredential for a TABLES_ACCOUNT_URL account (tests only).
   */
  static async open(
    config: StorageConfig,
    logger: Logger,
    options: { onFatal?: (err: Error) => void; durable?: boolean; credential?: TokenCredential } = {},
  ): Promise<TableStorage> {
    let embedded: EmbeddedTableServer | undefined;
    let endpoint: Endpoint;
    if (config.kind === "embedded") {
      embedded = await startEmbeddedTableServer({
        dataDir: path.resolve(config.dataDir),
        ...(options.onFatal ? { onFatal: options.onFatal } : {}),
        ...(options.durable === false ? { durable: false } : {}),
      });
      endpoint = { kind: "connectionString", connectionString: embedded.connectionString };
      logger.info({ dataDir: path.resolve(config.dataDir), port: embedded.port }, "embedded Azurite Table storage started");
    } else if (config.kind === "connectionString") {
      endpoint = { kind: "connectionString", connectionString: config.connectionString };
    } else if (config.credential.kind === "azuriteDevelopmentAccount") {
      endpoint = { kind: "url", url: config.accountUrl, credential: new AzureNamedKeyCredential(DEV_ACCOUNT_NAME, DEV_ACCOUNT_KEY), describe: "Azurite's development account" };
    } else {
      const clientId = config.credential.managedIdentityClientId;
      endpoint = {
        kind: "url",
        url: config.accountUrl,
        credential: options.credential ?? new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {}),
        describe: clientId ? `the managed identity ${clientId}` : "DefaultAzureCredential",
      };
      logger.info({ account: config.accountUrl, identity: clientId ?? "DefaultAzureCredential" }, "Table storage by Azure AD identity (no account key)");
    }
    const storage = new TableStorage(endpoint, config.tablePrefix, clientOptions(endpoint), embedded);
    try {
      await storage.createTables();
    } catch (err) {
      await storage.close();
      throw explainAccessError(err, endpoint);
    }
    return storage;
  }

  /** For tests: a storage on an already running server (e.g. a per-suite Azurite). */
  static async connect(connectionString: string, prefix: string): Promise<TableStorage> {
    const endpoint: Endpoint = { kind: "connectionString", connectionString };
    const storage = new TableStorage(endpoint, prefix, clientOptions(endpoint), undefined);
    await storage.createTables();
    return storage;
  }

  client(key: TableKey): TableClient {
    let client = this.clients.get(key);
    if (!client) {
      const name = tableName(this.prefix, key);
      client =
        this.endpoint.kind === "connectionString"
          ? TableClient.fromConnectionString(this.endpoint.connectionString, name, this.options)
          : "getToken" in this.endpoint.credential
            ? new TableClient(this.endpoint.url, name, this.endpoint.credential, this.options)
            : new TableClient(this.endpoint.url, name, this.endpoint.credential, this.options);
      this.clients.set(key, client);
    }
    return client;
  }

  private service(): TableServiceClient {
    if (this.endpoint.kind === "connectionString") return TableServiceClient.fromConnectionString(this.endpoint.connectionString, this.options);
    const { url, credential } = this.endpoint;
    return "getToken" in credential ? new TableServiceClient(url, credential, this.options) : new TableServiceClient(url, credential, this.options);
  }

  private async createTables(): Promise<void> {
    const service = this.service();
    for (const key of Object.keys(TABLES) as TableKey[]) {
      try {
        await service.createTable(tableName(this.prefix, key));
      } catch (err) {
        if (!isStatus(err, 409)) throw err;
      }
    }
  }

  /** True when storage answers a cheap read within the timeout; used by /healthz and /readyz. */
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

function clientOptions(endpoint: Endpoint): TableServiceClientOptions {
  const local =
    endpoint.kind === "connectionString"
      ? /UseDevelopmentStorage=true|TableEndpoint=http:\/\//i.test(endpoint.connectionString)
      : endpoint.url.startsWith("http://");
  return {
    // Azurite and the development emulator speak plain HTTP on loopback (config allows http:// only there).
    allowInsecureConnection: local,
    // Fail fast enough for a Teams invoke (a few seconds): a short retry, then a clear error card.
    retryOptions: { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 1000 },
  };
}

/** A token that could not be had, or an account that refused the identity, as a message saying what to do. */
function explainAccessError(err: unknown, endpoint: Endpoint): unknown {
  if (endpoint.kind !== "url" || !(err instanceof Error)) return err;
  const firstLine = (err.message.split("\n")[0] ?? "").slice(0, 300);
  if (/^(CredentialUnavailableError|AuthenticationError|AggregateAuthenticationError)$/.test(err.name)) {
    return new StorageAccessError(
      `Could not get an Azure AD token for Table storage at ${endpoint.url} with ${endpoint.describe}: ${firstLine}. ` +
        "On Azure, check the managed identity is assigned to the app and MicrosoftAppId is its client ID; elsewhere, sign in with `az login`.",
    );
  }
  if (isStatus(err, 403)) {
    return new StorageAccessError(
      `Table storage at ${endpoint.url} refused ${endpoint.describe} (403): give it the "Storage Table Data Contributor" role ` +
        "on the storage account (a new role assignment can take a few minutes to apply).",
    );
  }
  return err;
}
