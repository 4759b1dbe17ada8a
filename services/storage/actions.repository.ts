import { odata, TableTransaction, type TableClient } from "@azure/data-tables";
import type { ActionSource, ActionState, ActionUpdate, ActionUpdateKind, BoardAction, ProgressStatus } from "../domain/action.ts";
import { decodeKey, encodeKey } from "./keys.ts";
import { translateStorageError } from "./errors.ts";
import { compact, getRow, listRows, optStr, str, upsertRow, type Row, type StoredRow, type Versioned } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";

/**
 * Board actions and their history, one table, PartitionKey = board: the action is RowKey
 * `action|<id>`, each entry of its history `update|<actionId>|<at>|<suffix>`. One partition, so a
 * change to an action and the history entry that records it are one transaction (both or
 * neither: every change is in the history); a board's tracker is one RowKey range, an action's
 * history another, in time order. Every change to an action is ETag-checked. A check-in's
 * progress entries have a suffix made of the check-in and the person, so writing them again after
 * a crash replaces them, never repeats them.
 */
const ACTION = "action|";
const UPDATE = "update|";
/** The end of a RowKey range that starts with `prefix` ("|" + 1 is "}"). */
const rangeEnd = (prefix: string): string => `${prefix.slice(0, -1)}}`;

function toRow(a: BoardAction): Row {
  return {
    partitionKey: encodeKey(a.boardId),
    rowKey: encodeKey(`${ACTION}${a.id}`),
    title: a.title,
    ownerOrganisation: a.ownerOrganisation,
    leadAadObjectId: a.leadAadObjectId,
    leadName: a.leadName,
    dueDate: a.dueDate,
    intervention: a.intervention,
    sourceJson: a.source ? JSON.stringify(a.source) : undefined,
    sourceRoundId: a.source?.roundId,
    state: a.state,
    status: a.status,
    statusAt: a.statusAt,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    closedAt: a.closedAt,
  };
}

function toAction(row: StoredRow): BoardAction {
  const source = optStr(row, "sourceJson");
  return compact<BoardAction>({
    boardId: decodeKey(str(row, "partitionKey")),
    id: decodeKey(str(row, "rowKey")).slice(ACTION.length),
    title: str(row, "title"),
    ownerOrganisation: str(row, "ownerOrganisation"),
    leadAadObjectId: optStr(row, "leadAadObjectId"),
    leadName: optStr(row, "leadName"),
    dueDate: str(row, "dueDate"),
    intervention: optStr(row, "intervention"),
    source: source ? (JSON.parse(source) as ActionSource) : undefined,
    state: str(row, "state") as ActionState,
    status: optStr(row, "status") as ProgressStatus | undefined,
    statusAt: optStr(row, "statusAt"),
    createdBy: str(row, "createdBy"),
    createdAt: str(row, "createdAt"),
    updatedAt: str(row, "updatedAt"),
    closedAt: optStr(row, "closedAt"),
  });
}

function updateRow(u: ActionUpdate): Row {
  return {
    partitionKey: encodeKey(u.boardId),
    rowKey: encodeKey(`${UPDATE}${u.actionId}|${u.id}`),
    actionId: u.actionId,
    kind: u.kind,
    at: u.at,
    by: u.by,
    byName: u.byName,
    organisation: u.organisation,
    checkInId: u.checkInId,
    status: u.status,
    text: u.text,
    link: u.link,
    change: u.change,
  };
}

function toUpdate(row: StoredRow): ActionUpdate {
  const actionId = str(row, "actionId");
  return compact<ActionUpdate>({
    boardId: decodeKey(str(row, "partitionKey")),
    actionId,
    id: decodeKey(str(row, "rowKey")).slice(UPDATE.length + actionId.length + 1),
    kind: str(row, "kind") as ActionUpdateKind,
    at: str(row, "at"),
    by: str(row, "by"),
    byName: str(row, "byName"),
    organisation: optStr(row, "organisation"),
    checkInId: optStr(row, "checkInId"),
    status: optStr(row, "status") as ProgressStatus | undefined,
    text: optStr(row, "text"),
    link: optStr(row, "link"),
    change: optStr(row, "change"),
  });
}

export class ActionsRepository {
  private readonly table: TableClient;
  constructor(storage: TableStorage) {
    this.table = storage.client("actions");
  }

  /** A new action and the history entry that records its creation, together. */
  async create(action: BoardAction, created: ActionUpdate): Promise<Versioned<BoardAction>> {
    const tx = new TableTransaction();
    tx.createEntity(compact(toRow(action)) as Row);
    tx.upsertEntity(compact(updateRow(created)) as Row, "Replace");
    return { value: action, etag: await this.submit(tx, action) };
  }

  async get(boardId: string, actionId: string): Promise<Versioned<BoardAction> | undefined> {
    const row = await getRow(this.table, encodeKey(boardId), encodeKey(`${ACTION}${actionId}`), `action ${actionId}`);
    return row ? { value: toAction(row), etag: row.etag } : undefined;
  }

  /** Replace the action if unchanged since read (ConcurrencyError otherwise), with the history entry saying what changed. */
  async update(action: BoardAction, etag: string, change: ActionUpdate): Promise<Versioned<BoardAction>> {
    const tx = new TableTransaction();
    tx.updateEntity(compact(toRow(action)) as Row, "Replace", { etag });
    tx.upsertEntity(compact(updateRow(change)) as Row, "Replace");
    return { value: action, etag: await this.submit(tx, action) };
  }

  async listByBoard(boardId: string): Promise<BoardAction[]> {
    const rows = await this.range(boardId, ACTION, "actions of board");
    return rows.map(toAction).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** A history entry on its own (written again with the same id, it replaces itself). */
  async appendUpdate(update: ActionUpdate): Promise<void> {
    await upsertRow(this.table, updateRow(update), "Replace", "action update");
  }

  /** One action's history, oldest first. */
  async history(boardId: string, actionId: string): Promise<ActionUpdate[]> {
    return (await this.range(boardId, `${UPDATE}${actionId}|`, "action history")).map(toUpdate);
  }

  /** Every history entry on the board, oldest first within each action. */
  async boardHistory(boardId: string): Promise<ActionUpdate[]> {
    return (await this.range(boardId, UPDATE, "board action history")).map(toUpdate);
  }

  /** For erasure: actions a person leads, on any board. */
  async listLedBy(aadObjectId: string): Promise<Versioned<BoardAction>[]> {
    const rows = await listRows(this.table, odata`leadAadObjectId eq ${aadObjectId}`, "actions led by a person");
    return rows.map((r) => ({ value: toAction(r), etag: r.etag }));
  }

  /** For erasure: history entries a person wrote, on any board. */
  async listUpdatesBy(aadObjectId: string): Promise<ActionUpdate[]> {
    const rows = await listRows(this.table, odata`by eq ${aadObjectId}`, "action updates by a person");
    return rows.map(toUpdate);
  }

  private async range(boardId: string, prefix: string, what: string): Promise<StoredRow[]> {
    const from = encodeKey(prefix);
    const to = encodeKey(rangeEnd(prefix));
    return listRows(this.table, odata`PartitionKey eq ${encodeKey(boardId)} and RowKey ge ${from} and RowKey lt ${to}`, what);
  }

  /** The action's new ETag (the transaction's first operation). */
  private async submit(tx: TableTransaction, action: BoardAction): Promise<string> {
    try {
      const result = await this.table.submitTransaction(tx.actions);
      return result.subResponses[0]?.etag ?? "";
    } catch (err) {
      throw translateStorageError(err, `action ${action.id}`);
    }
  }
}
