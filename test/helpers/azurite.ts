import { randomBytes } from "node:crypto";
import { startEmbeddedTableServer, type EmbeddedTableServer } from "../../services/storage/embedded-azurite.ts";
import { TableStorage } from "../../services/storage/table-storage.ts";

/**
 * A real Azurite Table server in this process, in memory, on a free loopback port.
 * Each call to `freshStorage()` gets its own table prefix, i.e. brand-new empty tables.
 */
export class TestAzurite {
  private constructor(
    private server: EmbeddedTableServer,
    private readonly dataDir?: string,
  ) {}

  static async start(): Promise<TestAzurite> {
    return new TestAzurite(await startEmbeddedTableServer());
  }

  /** Persisted to `dataDir`, so it can be stopped and started again (an outage) without losing data. */
  static async startPersistent(dataDir: string): Promise<TestAzurite> {
    return new TestAzurite(await startEmbeddedTableServer({ dataDir }), dataDir);
  }

  /** Start again on the same port (and data) after stop(): clients reconnect as after a real outage. */
  async restart(): Promise<void> {
    if (!this.dataDir) throw new Error("only a persistent TestAzurite can restart");
    this.server = await startEmbeddedTableServer({ dataDir: this.dataDir, port: this.server.port });
  }

  get connectionString(): string {
    return this.server.connectionString;
  }

  async freshStorage(): Promise<TableStorage> {
    return TableStorage.connect(this.server.connectionString, uniquePrefix());
  }

  async stop(): Promise<void> {
    await this.server.close();
  }
}

export function uniquePrefix(): string {
  return `t${randomBytes(5).toString("hex")}`;
}
