import { randomBytes } from "node:crypto";
import { startEmbeddedTableServer, type EmbeddedTableServer } from "../../services/storage/embedded-azurite.ts";
import { TableStorage } from "../../services/storage/table-storage.ts";

/**
 * A real Azurite Table server in this process, in memory, on a free loopback port.
 * Each call to `freshStorage()` gets its own table prefix, i.e. brand-new empty tables.
 */
export class TestAzurite {
  private constructor(private readonly server: EmbeddedTableServer) {}

  static async start(): Promise<TestAzurite> {
    return new TestAzurite(await startEmbeddedTableServer());
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
