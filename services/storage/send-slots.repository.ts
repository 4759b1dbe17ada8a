import type { TableClient } from "@azure/data-tables";
import { AlreadyExistsError, ConcurrencyError } from "./errors.ts";
import { createRow, getRow, num, replaceRow } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";

const PK = "outbound";

/**
 * The shared schedule of requests to Teams, for every instance of the bot on one storage account:
 * one row (PK "outbound", RK the budget's name) holding the first free moment (`nextFreeAt`, ms
 * since the epoch). An instance reserves a block of send slots by moving it forward, ETag-checked,
 * so two instances never hold the same moment and together never go faster than the spacing allows.
 */
export class SendSlotsRepository {
  private readonly table: TableClient;
  constructor(storage: TableStorage) {
    this.table = storage.client("limits");
  }

  /** Reserve `count` slots `spacingMs` apart starting no earlier than `now`; resolves with the first slot's time. */
  async reserve(budget: string, count: number, spacingMs: number, now: number): Promise<number> {
    for (let attempt = 0; ; attempt += 1) {
      const row = await getRow(this.table, PK, budget, "send slots");
      const start = Math.max(now, row ? num(row, "nextFreeAt") : 0);
      const next = { partitionKey: PK, rowKey: budget, nextFreeAt: start + count * spacingMs };
      try {
        if (row) await replaceRow(this.table, next, row.etag, "send slots");
        else await createRow(this.table, next, "send slots");
        return start;
      } catch (err) {
        // Another instance reserved in between: read again (the loser of a race waits a little longer).
        if (!(err instanceof ConcurrencyError) && !(err instanceof AlreadyExistsError)) throw err;
        if (attempt >= 20) throw err;
      }
    }
  }
}
