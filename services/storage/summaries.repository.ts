import { odata, TableTransaction, type TableClient } from "@azure/data-tables";
import type { StoredSummary, SummaryStage } from "../domain/summary.ts";
import { translateStorageError } from "./errors.ts";
import { decodeKey, encodeKey } from "./keys.ts";
import { packText, unpackText } from "./json-columns.ts";
import { listRows, num, optStr, str, type StoredRow, type Versioned } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";

/**
 * Summaries: PartitionKey = round ID; RowKey = stage ("draft" | "published") for the head row, and
 * "<stage>_0001"… for body chunks. A summary of a big round can exceed one row's 1 MiB, so the body
 * is spread over chunk rows written in the same transaction as the head: readers never see half a
 * summary, and the head's ETag guards concurrent officer edits.
 */
const CHUNK_CHARS = 200_000; // ≤ 400 KB as UTF-16 (how Azure sizes rows) or escaped UTF-8: under the 1 MiB row limit
const MAX_CHUNKS = 7; // head + chunks stay within one transaction's 4 MiB payload

function chunkKey(stage: SummaryStage, i: number): string {
  return `${stage}_${String(i).padStart(4, "0")}`;
}

export class SummaryTooLargeError extends Error {
  constructor(chars: number) {
    super(`summary is too large to store (${chars} characters)`);
    this.name = "SummaryTooLargeError";
  }
}

export class SummariesRepository {
  private readonly table: TableClient;
  constructor(storage: TableStorage) {
    this.table = storage.client("summaries");
  }

  async get<Body>(roundId: string, stage: SummaryStage): Promise<Versioned<StoredSummary<Body>> | undefined> {
    // "_" is followed by "`" in ASCII: [stage, stage`) is exactly the head row and its chunks.
    const filter = odata`PartitionKey eq ${encodeKey(roundId)} and RowKey ge ${stage} and RowKey lt ${`${stage}\``}`;
    const rows = await listRows(this.table, filter, `summary of round ${roundId}`);
    const head = rows.find((r) => r.rowKey === stage);
    if (!head) return undefined;
    const chunks = rows.filter((r) => r.rowKey !== stage).sort((a, b) => str(a, "rowKey").localeCompare(str(b, "rowKey")));
    const count = num(head, "chunks");
    if (chunks.length < count) throw new Error(`summary of round ${roundId} is missing chunks`);
    const json = chunks.slice(0, count).map((c) => unpackText(c, "body")).join("");
    return { value: toSummary(head, JSON.parse(json) as Body), etag: head.etag };
  }

  /**
   * Write a summary. `etag` undefined = create (AlreadyExistsError if one exists); otherwise replace only
   * if unchanged since read (ConcurrencyError). Chunks left over from a longer earlier body are deleted.
   */
  async save<Body>(summary: StoredSummary<Body>, etag: string | undefined): Promise<Versioned<StoredSummary<Body>>> {
    const pk = encodeKey(summary.roundId);
    const json = JSON.stringify(summary.body);
    const count = Math.max(1, Math.ceil(json.length / CHUNK_CHARS));
    if (count > MAX_CHUNKS) throw new SummaryTooLargeError(json.length);

    const previous = etag === undefined ? undefined : await this.get<unknown>(summary.roundId, summary.stage);
    const tx = new TableTransaction();
    const head = {
      partitionKey: pk,
      rowKey: summary.stage,
      revision: summary.revision,
      chunks: count,
      createdAt: summary.createdAt,
      updatedAt: summary.updatedAt,
      ...(summary.publishedBy ? { publishedBy: summary.publishedBy } : {}),
    };
    if (etag === undefined) tx.createEntity(head);
    else tx.updateEntity(head, "Replace", { etag });
    for (let i = 0; i < count; i += 1) {
      tx.upsertEntity(
        { partitionKey: pk, rowKey: chunkKey(summary.stage, i), ...packText("body", json.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS)) },
        "Replace",
      );
    }
    const oldCount = previous ? previousChunkCount(previous) : 0;
    for (let i = count; i < oldCount; i += 1) tx.deleteEntity(pk, chunkKey(summary.stage, i));

    try {
      const result = await this.table.submitTransaction(tx.actions);
      const headEtag = result.subResponses[0]?.etag ?? "";
      return { value: summary, etag: headEtag };
    } catch (err) {
      throw translateStorageError(err, `summary of round ${summary.roundId}`);
    }
  }
}

function previousChunkCount(previous: Versioned<StoredSummary<unknown>>): number {
  const json = JSON.stringify(previous.value.body);
  return Math.max(1, Math.ceil(json.length / CHUNK_CHARS));
}

function toSummary<Body>(head: StoredRow, body: Body): StoredSummary<Body> {
  return {
    roundId: decodeKey(str(head, "partitionKey")),
    stage: str(head, "rowKey") as SummaryStage,
    revision: num(head, "revision"),
    body,
    createdAt: str(head, "createdAt"),
    updatedAt: str(head, "updatedAt"),
    publishedBy: optStr(head, "publishedBy"),
  };
}
