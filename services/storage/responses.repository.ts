import { odata, type TableClient } from "@azure/data-tables";
import type { Commitment, ProgressReply, RoundResponse } from "../domain/response.ts";
import { decodeKey, encodeKey } from "./keys.ts";
import { packJson, unpackJson } from "./json-columns.ts";
import { compact, createRow, deleteRow, getRow, listRows, num, optStr, replaceRow, str, type Row, type StoredRow, type Versioned } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";

/**
 * Responses: PartitionKey = round ID, RowKey = member's AAD object ID, so there is exactly one row
 * per member per round and summarising a round is one partition scan. Edits are ETag-checked.
 */
function toRow(r: RoundResponse): Row {
  return {
    partitionKey: encodeKey(r.roundId),
    rowKey: encodeKey(r.memberAadObjectId),
    organisation: r.organisation,
    revision: r.revision,
    firstSavedAt: r.firstSavedAt,
    savedAt: r.savedAt,
    ...packJson("answers", r.answers),
    votesJson: JSON.stringify(r.votes),
    ...packJson("voteReasons", r.voteReasons),
    ...packJson("commitments", r.commitments),
    ...(r.progress ? packJson("progress", r.progress) : {}),
  };
}

function toResponse(row: StoredRow): RoundResponse {
  return compact<RoundResponse>({
    roundId: decodeKey(str(row, "partitionKey")),
    memberAadObjectId: decodeKey(str(row, "rowKey")),
    organisation: optStr(row, "organisation"),
    answers: unpackJson<Record<string, string>>(row, "answers"),
    votes: JSON.parse(str(row, "votesJson")) as Record<string, number>,
    // Rows written before votes had reasons have none.
    voteReasons: row.voteReasonsParts === undefined ? {} : unpackJson<Record<string, string>>(row, "voteReasons"),
    commitments: unpackJson<Commitment[]>(row, "commitments"),
    // Only check-ins carry progress.
    progress: row.progressParts === undefined ? undefined : unpackJson<Record<string, ProgressReply>>(row, "progress"),
    revision: num(row, "revision"),
    firstSavedAt: str(row, "firstSavedAt"),
    savedAt: str(row, "savedAt"),
  });
}

export class ResponsesRepository {
  private readonly table: TableClient;
  constructor(storage: TableStorage) {
    this.table = storage.client("responses");
  }

  async get(roundId: string, memberAadObjectId: string): Promise<Versioned<RoundResponse> | undefined> {
    const row = await getRow(this.table, encodeKey(roundId), encodeKey(memberAadObjectId), `response`);
    return row ? { value: toResponse(row), etag: row.etag } : undefined;
  }

  /**
   * First save creates the row (AlreadyExistsError if a concurrent first save won);
   * later saves pass the ETag they read (ConcurrencyError if the row changed since).
   */
  async save(response: RoundResponse, etag: string | undefined): Promise<Versioned<RoundResponse>> {
    const what = `response for round ${response.roundId}`;
    const next = etag === undefined
      ? await createRow(this.table, toRow(response), what)
      : await replaceRow(this.table, toRow(response), etag, what);
    return { value: response, etag: next };
  }

  /** Remove a member's response (erasure). Absent is fine. */
  async delete(roundId: string, memberAadObjectId: string): Promise<void> {
    await deleteRow(this.table, encodeKey(roundId), encodeKey(memberAadObjectId), `response for round ${roundId}`);
  }

  async listByRound(roundId: string): Promise<RoundResponse[]> {
    const rows = await listRows(this.table, odata`PartitionKey eq ${encodeKey(roundId)}`, `responses for round ${roundId}`);
    return rows.map(toResponse);
  }
}
