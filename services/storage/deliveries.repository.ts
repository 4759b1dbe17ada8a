import { odata, TableTransaction, type TableClient } from "@azure/data-tables";
import type { Delivery, DeliveryStatus } from "../domain/delivery.ts";
import { translateStorageError } from "./errors.ts";
import { decodeKey, encodeKey } from "./keys.ts";
import { compact, getRow, listRows, num, optStr, replaceRow, str, type Row, type StoredRow, type Versioned } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";

/**
 * The delivery ledger: PartitionKey = round ID, RowKey = member's AAD object ID. One partition per
 * round lets fan-out write the whole audience in batched transactions and status read it in one scan.
 */
const TRANSACTION_LIMIT = 100;

function toRow(d: Delivery): Row {
  return {
    partitionKey: encodeKey(d.roundId),
    rowKey: encodeKey(d.memberAadObjectId),
    boardId: d.boardId,
    memberId: d.memberId,
    memberName: d.memberName,
    status: d.status,
    conversationId: d.conversationId,
    activityId: d.activityId,
    attempts: d.attempts,
    notBefore: d.notBefore,
    lastError: d.lastError,
    sentAt: d.sentAt,
    remindersSentJson: JSON.stringify(d.remindersSent),
    updatedAt: d.updatedAt,
  };
}

function toDelivery(row: StoredRow): Delivery {
  return compact<Delivery>({
    roundId: decodeKey(str(row, "partitionKey")),
    memberAadObjectId: decodeKey(str(row, "rowKey")),
    boardId: str(row, "boardId"),
    memberId: str(row, "memberId"),
    memberName: str(row, "memberName"),
    status: str(row, "status") as DeliveryStatus,
    conversationId: optStr(row, "conversationId"),
    activityId: optStr(row, "activityId"),
    attempts: num(row, "attempts"),
    notBefore: optStr(row, "notBefore"),
    lastError: optStr(row, "lastError"),
    sentAt: optStr(row, "sentAt"),
    remindersSent: JSON.parse(str(row, "remindersSentJson")) as string[],
    updatedAt: str(row, "updatedAt"),
  });
}

export class DeliveriesRepository {
  private readonly table: TableClient;
  constructor(storage: TableStorage) {
    this.table = storage.client("deliveries");
  }

  /**
   * Put the audience in the ledger without disturbing members already there: after a restart the
   * same call re-adds nobody and resets nobody's status. Returns the full ledger for the round.
   */
  async ensureQueued(roundId: string, audience: Delivery[]): Promise<Delivery[]> {
    const existing = await this.listByRound(roundId);
    const known = new Set(existing.map((d) => d.memberAadObjectId));
    const missing = audience.filter((d) => !known.has(d.memberAadObjectId));
    for (let i = 0; i < missing.length; i += TRANSACTION_LIMIT) {
      const tx = new TableTransaction();
      for (const d of missing.slice(i, i + TRANSACTION_LIMIT)) tx.createEntity(toRow(d));
      try {
        await this.table.submitTransaction(tx.actions);
      } catch (err) {
        throw translateStorageError(err, `deliveries for round ${roundId}`);
      }
    }
    return [...existing, ...missing];
  }

  async get(roundId: string, memberAadObjectId: string): Promise<Versioned<Delivery> | undefined> {
    const row = await getRow(this.table, encodeKey(roundId), encodeKey(memberAadObjectId), `delivery`);
    return row ? { value: toDelivery(row), etag: row.etag } : undefined;
  }

  async update(delivery: Delivery, etag: string): Promise<Versioned<Delivery>> {
    const next = await replaceRow(this.table, toRow(delivery), etag, `delivery`);
    return { value: delivery, etag: next };
  }

  /** Every invitation of one member, across rounds (a cross-partition scan: fine at board scale). */
  async listByMember(memberAadObjectId: string): Promise<Delivery[]> {
    const rows = await listRows(this.table, odata`RowKey eq ${encodeKey(memberAadObjectId)}`, `deliveries of a member`);
    return rows.map(toDelivery);
  }

  /**
   * The prompts of a round still to send ("queued") or in doubt ("sending"). The scheduler asks for
   * these every tick of every open round: after a fan-out they are few or none, so this stays cheap
   * where reading the whole ledger (thousands of rows) competed with members' saves.
   */
  async listUnfinished(roundId: string): Promise<Delivery[]> {
    const filter = odata`PartitionKey eq ${encodeKey(roundId)} and (status eq ${"queued"} or status eq ${"sending"})`;
    const rows = await listRows(this.table, filter, `deliveries for round ${roundId}`);
    return rows.map(toDelivery);
  }

  async listByRound(roundId: string, status?: DeliveryStatus): Promise<Delivery[]> {
    const filter = status
      ? odata`PartitionKey eq ${encodeKey(roundId)} and status eq ${status}`
      : odata`PartitionKey eq ${encodeKey(roundId)}`;
    const rows = await listRows(this.table, filter, `deliveries for round ${roundId}`);
    return rows.map(toDelivery);
  }
}
