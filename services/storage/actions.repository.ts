import { odata, type TableClient } from "@azure/data-tables";
import type { ActionSource, ActionState, ActionUpdate, ActionUpdateKind, BoardAction, ProgressStatus } from "../domain/action.ts";
import { decodeKey, encodeKey } from "./keys.ts";
import { compact, createRow, getRow, listRows, optStr, replaceRow, str, upsertRow, type Row, type StoredRow, type Versioned } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";

/**
 * Board actions: PartitionKey = board, RowKey = action ID (one partition scan lists a board's
 * tracker); every change is ETag-checked. Their history: ActionUpdates, PartitionKey = board,
 * RowKey = `${actionId}|${at}|${suffix}`, so one action's history is a RowKey range in time order
 * and the whole board's history one partition scan. A check-in's progress rows have a suffix made
 * of the check-in and the person, so writing them again after a crash replaces, never repeats.
 */
function toRow(a: BoardAction): Row {
  return {
    partitionKey: encodeKey(a.boardId),
    rowKey: encodeKey(a.id),
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
    id: decodeKey(str(row, "rowKey")),
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
    rowKey: encodeKey(`${u.actionId}|${u.id}`),
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
    id: decodeKey(str(row, "rowKey")).slice(actionId.length + 1),
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
  private readonly actions: TableClient;
  private readonly updates: TableClient;
  constructor(storage: TableStorage) {
    this.actions = storage.client("actions");
    this.updates = storage.client("actionUpdates");
  }

  async create(action: BoardAction): Promise<Versioned<BoardAction>> {
    const etag = await createRow(this.actions, toRow(action), `action ${action.id}`);
    return { value: action, etag };
  }

  async get(boardId: string, actionId: string): Promise<Versioned<BoardAction> | undefined> {
    const row = await getRow(this.actions, encodeKey(boardId), encodeKey(actionId), `action ${actionId}`);
    return row ? { value: toAction(row), etag: row.etag } : undefined;
  }

  /** Replace the action if unchanged since read (ConcurrencyError otherwise). */
  async update(action: BoardAction, etag: string): Promise<Versioned<BoardAction>> {
    const next = await replaceRow(this.actions, toRow(action), etag, `action ${action.id}`);
    return { value: action, etag: next };
  }

  async listByBoard(boardId: string): Promise<BoardAction[]> {
    const rows = await listRows(this.actions, odata`PartitionKey eq ${encodeKey(boardId)}`, "actions of board");
    return rows.map(toAction).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Written once per (action, id): an update written again with the same id replaces itself (idempotent replays). */
  async appendUpdate(update: ActionUpdate): Promise<void> {
    await upsertRow(this.updates, updateRow(update), "Replace", "action update");
  }

  /** One action's history, oldest first. */
  async history(boardId: string, actionId: string): Promise<ActionUpdate[]> {
    const from = encodeKey(`${actionId}|`);
    const to = encodeKey(`${actionId}}`); // "}" sorts just after "|"
    const rows = await listRows(this.updates, odata`PartitionKey eq ${encodeKey(boardId)} and RowKey ge ${from} and RowKey lt ${to}`, "action history");
    return rows.map(toUpdate);
  }

  /** Every update on the board, oldest first within each action. */
  async boardHistory(boardId: string): Promise<ActionUpdate[]> {
    const rows = await listRows(this.updates, odata`PartitionKey eq ${encodeKey(boardId)}`, "board action history");
    return rows.map(toUpdate);
  }

  /** For erasure: actions a person leads, and updates they wrote, on any board. */
  async listLedBy(aadObjectId: string): Promise<Versioned<BoardAction>[]> {
    const rows = await listRows(this.actions, odata`leadAadObjectId eq ${aadObjectId}`, "actions led by a person");
    return rows.map((r) => ({ value: toAction(r), etag: r.etag }));
  }

  async listUpdatesBy(aadObjectId: string): Promise<ActionUpdate[]> {
    const rows = await listRows(this.updates, odata`by eq ${aadObjectId}`, "action updates by a person");
    return rows.map(toUpdate);
  }
}
