import { randomBytes } from "node:crypto";
import { odata, type TableClient } from "@azure/data-tables";
import { decodeKey, encodeKey } from "./keys.ts";
import { createRow, listRows, optStr, str } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";

export type AuditAction = "export" | "erase" | "self-export" | "role-added" | "role-removed";

export interface AuditEntry {
  /** Whose data (or role) was touched. */
  memberAadObjectId: string;
  action: AuditAction;
  /** The board it happened on, for role changes. */
  boardId?: string;
  /** The officer who did it (AAD object ID) and their name as Teams gave it. */
  by: string;
  byName: string;
  at: string;
  /** What was affected, in counts and ids only (never answer text). */
  details: string;
}

/**
 * Append-only record of who exported or erased whose data, and who gave or took whose role, and
 * when. PK = the person it was about, RK = time + random.
 */
export class AuditRepository {
  private readonly table: TableClient;
  constructor(storage: TableStorage) {
    this.table = storage.client("audit");
  }

  async append(entry: AuditEntry): Promise<void> {
    await createRow(
      this.table,
      {
        partitionKey: encodeKey(entry.memberAadObjectId),
        rowKey: `${entry.at}|${randomBytes(4).toString("hex")}`,
        action: entry.action,
        ...(entry.boardId ? { boardId: entry.boardId } : {}),
        by: entry.by,
        byName: entry.byName,
        at: entry.at,
        details: entry.details,
      },
      "audit entry",
    );
  }

  async listForMember(memberAadObjectId: string): Promise<AuditEntry[]> {
    const rows = await listRows(this.table, odata`PartitionKey eq ${encodeKey(memberAadObjectId)}`, "audit entries");
    return rows.map((r) => ({
      memberAadObjectId: decodeKey(str(r, "partitionKey")),
      action: str(r, "action") as AuditAction,
      ...(optStr(r, "boardId") ? { boardId: optStr(r, "boardId") } : {}),
      by: str(r, "by"),
      byName: str(r, "byName"),
      at: str(r, "at"),
      details: str(r, "details"),
    }));
  }
}
