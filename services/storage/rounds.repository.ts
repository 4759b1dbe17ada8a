import { odata, type TableClient } from "@azure/data-tables";
import type { Round, RoundDefinition, RoundStatus } from "../domain/round.ts";
import { decodeKey, encodeKey } from "./keys.ts";
import { packJson, unpackJson } from "./json-columns.ts";
import { compact, bool, createRow, getRow, listRows, num, optStr, replaceRow, str, type Row, type StoredRow, type Versioned } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";

/**
 * Rounds: PartitionKey = board (the Teams team ID), RowKey = round ID. A board's rounds are one
 * partition scan; status and deadline are plain columns so the scheduler can filter on them.
 */
function toRow(round: Round): Row {
  return {
    partitionKey: encodeKey(round.boardId),
    rowKey: encodeKey(round.id),
    tenantId: round.tenantId,
    boardName: round.boardName,
    title: round.title,
    status: round.status,
    anonymous: round.anonymous,
    minRespondents: round.minRespondents,
    deadline: round.deadline,
    digestConversationId: round.digestConversationId,
    remindersDoneJson: JSON.stringify(round.remindersDone),
    createdBy: round.createdBy,
    createdAt: round.createdAt,
    updatedAt: round.updatedAt,
    closedAt: round.closedAt,
    ...packJson("definition", round.definition),
  };
}

function toRound(row: StoredRow): Round {
  return compact<Round>({
    boardId: decodeKey(str(row, "partitionKey")),
    id: decodeKey(str(row, "rowKey")),
    tenantId: str(row, "tenantId"),
    boardName: str(row, "boardName"),
    title: str(row, "title"),
    status: str(row, "status") as RoundStatus,
    definition: unpackJson<RoundDefinition>(row, "definition"),
    anonymous: bool(row, "anonymous"),
    minRespondents: num(row, "minRespondents"),
    deadline: str(row, "deadline"),
    digestConversationId: optStr(row, "digestConversationId"),
    remindersDone: JSON.parse(str(row, "remindersDoneJson")) as string[],
    createdBy: str(row, "createdBy"),
    createdAt: str(row, "createdAt"),
    updatedAt: str(row, "updatedAt"),
    closedAt: optStr(row, "closedAt"),
  });
}

export class RoundsRepository {
  private readonly table: TableClient;
  constructor(storage: TableStorage) {
    this.table = storage.client("rounds");
  }

  async create(round: Round): Promise<Versioned<Round>> {
    const etag = await createRow(this.table, toRow(round), `round ${round.id}`);
    return { value: round, etag };
  }

  async get(boardId: string, roundId: string): Promise<Versioned<Round> | undefined> {
    const row = await getRow(this.table, encodeKey(boardId), encodeKey(roundId), `round ${roundId}`);
    return row ? { value: toRound(row), etag: row.etag } : undefined;
  }

  /** Replace the round if unchanged since read (ConcurrencyError otherwise). */
  async update(round: Round, etag: string): Promise<Versioned<Round>> {
    const next = await replaceRow(this.table, toRow(round), etag, `round ${round.id}`);
    return { value: round, etag: next };
  }

  async listByBoard(boardId: string): Promise<Round[]> {
    const rows = await listRows(this.table, odata`PartitionKey eq ${encodeKey(boardId)}`, `rounds of board`);
    return rows.map(toRound);
  }

  /** Across boards, for the scheduler: rounds closed within [from, to] (UTC ISO). */
  async listClosedBetween(from: string, to: string): Promise<Round[]> {
    const rows = await listRows(this.table, odata`status eq ${"closed"} and closedAt ge ${from} and closedAt le ${to}`, "recently closed rounds");
    return rows.map(toRound);
  }

  /** Across boards, for the scheduler: e.g. open rounds whose deadline is at or before `by`. */
  async listByStatus(status: RoundStatus, deadlineAtOrBefore?: string): Promise<Round[]> {
    const filter = deadlineAtOrBefore
      ? odata`status eq ${status} and deadline le ${deadlineAtOrBefore}`
      : odata`status eq ${status}`;
    const rows = await listRows(this.table, filter, `rounds with status ${status}`);
    return rows.map(toRound);
  }
}
