import { randomBytes } from "node:crypto";
import { odata, type TableClient } from "@azure/data-tables";
import { decodeKey, encodeKey } from "./keys.ts";
import { createRow, listRows, str } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";

export interface AuditEntry {
  /** Whose data was touched. */
  memberAadObjectId: string;
  action: "export" | "erase";
  /** The officer who did it (AAD object ID) and their name as Teams gave it. */
  by: string;
  byName: string;
  at: string;
  /** What was affected, in counts and ids only (never answer text). */
  details: string;
}

/** Append-only record of who exported or erased whose data, and when. PK = member, RK = time + random. */
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
      action: str(r, "action") as AuditEntry["action"],
      by: str(r, "by"),
      byName: str(r, "byName"),
      at: str(r, "at"),
      details: str(r, "details"),
    }));
  }
}
