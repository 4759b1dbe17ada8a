import { odata, type TableClient } from "@azure/data-tables";
import type { ConversationKind, ConversationRecord, StoredConversationReference } from "../domain/conversation.ts";
import { ConcurrencyError, isStatus, translateStorageError } from "./errors.ts";
import { decodeKey, encodeKey } from "./keys.ts";
import { compact, dataOf, deleteRow, getRow, listRows, optStr, replaceRow, str, upsertRow, type StoredRow, type Versioned } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";

/**
 * Conversation references for proactive messages. PartitionKey = tenant (a board lives in one
 * tenant), RowKey = "<kind>|<key>" so one tenant's teams, channels or users can be range-scanned.
 */
const NO_TENANT = "_";

function partitionKey(tenantId: string): string {
  return encodeKey(tenantId || NO_TENANT);
}

function rowKey(kind: ConversationKind, key: string): string {
  return `${kind}|${encodeKey(key)}`;
}

function toRecord(row: StoredRow): ConversationRecord {
  const [kind, ...rest] = str(row, "rowKey").split("|");
  const tenant = decodeKey(str(row, "partitionKey"));
  return compact<ConversationRecord>({
    tenantId: tenant === NO_TENANT ? "" : tenant,
    kind: kind as ConversationKind,
    key: decodeKey(rest.join("|")),
    reference: JSON.parse(str(row, "referenceJson")) as StoredConversationReference,
    teamId: optStr(row, "teamId"),
    teamName: optStr(row, "teamName"),
    userAadObjectId: optStr(row, "userAadObjectId"),
    userName: optStr(row, "userName"),
    organisation: optStr(row, "organisation"),
    welcomedAt: optStr(row, "welcomedAt"),
    updatedAt: str(row, "updatedAt"),
  });
}

export class ConversationsRepository {
  private readonly table: TableClient;
  constructor(storage: TableStorage) {
    this.table = storage.client("conversations");
  }

  /**
   * Insert or refresh a reference. Merge keeps fields we don't send (notably welcomedAt), because
   * Teams re-sends install events and a refresh must not make us welcome again.
   */
  async save(record: Omit<ConversationRecord, "welcomedAt" | "organisation">): Promise<void> {
    await upsertRow(
      this.table,
      {
        partitionKey: partitionKey(record.tenantId),
        rowKey: rowKey(record.kind, record.key),
        referenceJson: JSON.stringify(record.reference),
        teamId: record.teamId,
        teamName: record.teamName,
        userAadObjectId: record.userAadObjectId,
        userName: record.userName,
        updatedAt: record.updatedAt,
      },
      "Merge",
      `conversation ${record.kind}`,
    );
  }

  /** Set one field on an existing record (Merge), e.g. a member's organisation. False if there is no such record. */
  async setField(tenantId: string, kind: ConversationKind, key: string, field: "organisation", value: string): Promise<boolean> {
    try {
      await this.table.updateEntity({ partitionKey: partitionKey(tenantId), rowKey: rowKey(kind, key), [field]: value }, "Merge");
      return true;
    } catch (err) {
      if (isStatus(err, 404)) return false;
      throw translateStorageError(err, `conversation ${kind}`);
    }
  }

  async get(tenantId: string, kind: ConversationKind, key: string): Promise<Versioned<ConversationRecord> | undefined> {
    const row = await getRow(this.table, partitionKey(tenantId), rowKey(kind, key), `conversation ${kind}`);
    return row ? { value: toRecord(row), etag: row.etag } : undefined;
  }

  async delete(tenantId: string, kind: ConversationKind, key: string): Promise<void> {
    await deleteRow(this.table, partitionKey(tenantId), rowKey(kind, key), `conversation ${kind}`);
  }

  async listByKind(tenantId: string, kind: ConversationKind): Promise<ConversationRecord[]> {
    // "|" is followed by "}" in ASCII: [kind|, kind}) is exactly the rows of this kind.
    const filter = odata`PartitionKey eq ${partitionKey(tenantId)} and RowKey ge ${`${kind}|`} and RowKey lt ${`${kind}}`}`;
    const rows = await listRows(this.table, filter, `conversations ${kind}`);
    return rows.map(toRecord);
  }

  /** Every team in every tenant (local mode's dashboard only: a scan). */
  async listTeamsAnyTenant(): Promise<ConversationRecord[]> {
    const rows = await listRows(this.table, odata`RowKey ge ${"team|"} and RowKey lt ${"team}"}`, "conversations team");
    return rows.map(toRecord);
  }

  /** A team's record in whichever tenant it is (local mode's dashboard, whose dev user names no tenant): a scan, so never on a hot path. */
  async findTeamAnyTenant(teamId: string): Promise<ConversationRecord | undefined> {
    return this.findAnyTenant("team", teamId);
  }

  /** A conversation's record in whichever tenant it is (local mode only: a scan). */
  async findAnyTenant(kind: ConversationKind, key: string): Promise<ConversationRecord | undefined> {
    const rows = await listRows(this.table, odata`RowKey eq ${rowKey(kind, key)}`, `conversation ${kind}`);
    return rows.length === 1 ? toRecord(rows[0]!) : undefined;
  }

  /**
   * Claim the right to send the welcome card. Returns true for exactly one caller even when the
   * install events arrive twice at once (ETag-checked write); false if someone already welcomed.
   */
  async claimWelcome(tenantId: string, kind: ConversationKind, key: string, at: string): Promise<boolean> {
    const row = await getRow(this.table, partitionKey(tenantId), rowKey(kind, key), `conversation ${kind}`);
    if (!row || optStr(row, "welcomedAt")) return false;
    try {
      await replaceRow(this.table, { ...dataOf(row), welcomedAt: at }, row.etag, `conversation ${kind}`);
      return true;
    } catch (err) {
      if (err instanceof ConcurrencyError) return false;
      throw err;
    }
  }
}
