import { odata, TableTransaction, type TableClient } from "@azure/data-tables";
import type { BoardRecord, BoardRole, RoleAssignment } from "../domain/board.ts";
import { translateStorageError } from "./errors.ts";
import { decodeKey, encodeKey } from "./keys.ts";
import { listRows, num, optStr, str, type Row, type StoredRow, type Versioned } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";

/**
 * Boards: PartitionKey = board (Teams team ID). RowKey "board" is the board's record; RowKey
 * "role|<role>|<aadObjectId>" is one role of one person. One partition holds a board's record and
 * all its roles, so a role change and the record's version move in one transaction (ETag-checked):
 * the "never remove the last officer" rule holds even when two officers act at the same moment.
 */
const HEAD = "board";

function roleKey(role: BoardRole, aadObjectId: string): string {
  return `role|${role}|${encodeKey(aadObjectId.toLowerCase())}`;
}

function headRow(record: BoardRecord): Row {
  return {
    partitionKey: encodeKey(record.boardId),
    rowKey: HEAD,
    tenantId: record.tenantId,
    name: record.name,
    ...(record.installedBy ? { installedBy: record.installedBy } : {}),
    ...(record.installedAt ? { installedAt: record.installedAt } : {}),
    version: record.version,
    updatedAt: record.updatedAt,
  };
}

function roleRow(a: RoleAssignment): Row {
  return {
    partitionKey: encodeKey(a.boardId),
    rowKey: roleKey(a.role, a.aadObjectId),
    role: a.role,
    aadObjectId: a.aadObjectId.toLowerCase(),
    name: a.name,
    addedBy: a.addedBy,
    addedByName: a.addedByName,
    addedAt: a.addedAt,
  };
}

function toRecord(row: StoredRow): BoardRecord {
  return {
    boardId: decodeKey(str(row, "partitionKey")),
    tenantId: str(row, "tenantId"),
    name: str(row, "name"),
    installedBy: optStr(row, "installedBy"),
    installedAt: optStr(row, "installedAt"),
    version: num(row, "version"),
    updatedAt: str(row, "updatedAt"),
  };
}

function toAssignment(row: StoredRow): RoleAssignment {
  return {
    boardId: decodeKey(str(row, "partitionKey")),
    aadObjectId: str(row, "aadObjectId"),
    role: str(row, "role") as BoardRole,
    name: str(row, "name"),
    addedBy: str(row, "addedBy"),
    addedByName: str(row, "addedByName"),
    addedAt: str(row, "addedAt"),
  };
}

/** A board as stored: its record (absent for a board installed before roles existed) and its roles. */
export interface StoredBoard {
  record?: Versioned<BoardRecord>;
  roles: RoleAssignment[];
}

export type RoleChange = { add: RoleAssignment } | { remove: { role: BoardRole; aadObjectId: string } };

export class BoardsRepository {
  private readonly table: TableClient;
  constructor(storage: TableStorage) {
    this.table = storage.client("boards");
  }

  /** The record and every role, in one partition read. */
  async read(boardId: string): Promise<StoredBoard> {
    const rows = await listRows(this.table, odata`PartitionKey eq ${encodeKey(boardId)}`, `board ${boardId}`);
    const head = rows.find((r) => r.rowKey === HEAD);
    return {
      ...(head ? { record: { value: toRecord(head), etag: head.etag } } : {}),
      roles: rows.filter((r) => str(r, "rowKey").startsWith("role|")).map(toAssignment),
    };
  }

  /**
   * Write the record and the role changes together, or nothing. `etag` is the record's as read
   * (undefined: there was no record, so it is created). A change since that read is a
   * ConcurrencyError (412), a record created meanwhile an AlreadyExistsError (409): read and decide again.
   */
  async commit(record: BoardRecord, etag: string | undefined, changes: RoleChange[]): Promise<void> {
    const tx = new TableTransaction();
    if (etag === undefined) tx.createEntity(headRow(record));
    else tx.updateEntity(headRow(record), "Replace", { etag });
    for (const change of changes) {
      if ("add" in change) tx.upsertEntity(roleRow(change.add), "Replace");
      else tx.deleteEntity(encodeKey(record.boardId), roleKey(change.remove.role, change.remove.aadObjectId));
    }
    try {
      await this.table.submitTransaction(tx.actions);
    } catch (err) {
      throw translateStorageError(err, `board ${record.boardId}`);
    }
  }
}
