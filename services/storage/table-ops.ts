import type { TableClient, TableEntity, TableEntityResult } from "@azure/data-tables";
import { isStatus, translateStorageError } from "./errors.ts";

/** A stored value with the ETag it was read at: pass the ETag back to update, so concurrent edits are caught. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

export type Row = TableEntity<Record<string, unknown>>;
export type StoredRow = TableEntityResult<Record<string, unknown>>;

/** Drop undefined properties: the SDK would otherwise send nulls, and Merge semantics need absent keys. */
export function compact<T extends object>(entity: T): T {
  return Object.fromEntries(Object.entries(entity).filter(([, v]) => v !== undefined)) as T;
}

/** A row as read, minus the service's metadata, ready to be written back. */
export function dataOf(row: StoredRow): Row {
  const { etag: _etag, timestamp: _timestamp, ...data } = row as StoredRow & { timestamp?: string };
  return data as Row;
}

/** Keys no stored row can have (too long, or not well-formed Unicode) can't be looked up: they are simply absent. */
function lookupable(key: string): boolean {
  return key.length > 0 && key.length <= 512 && key.isWellFormed();
}

export async function getRow(table: TableClient, partitionKey: string, rowKey: string, what: string): Promise<StoredRow | undefined> {
  if (!lookupable(partitionKey) || !lookupable(rowKey)) return undefined;
  try {
    return await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
  } catch (err) {
    if (isStatus(err, 404)) return undefined;
    throw translateStorageError(err, what);
  }
}

export async function createRow(table: TableClient, row: Row, what: string): Promise<string> {
  try {
    const res = await table.createEntity(compact(row) as Row);
    return res.etag ?? "";
  } catch (err) {
    throw translateStorageError(err, what);
  }
}

/** Replace a row only if nobody changed it since `etag` was read (412 → ConcurrencyError). */
export async function replaceRow(table: TableClient, row: Row, etag: string, what: string): Promise<string> {
  try {
    const res = await table.updateEntity(compact(row) as Row, "Replace", { etag });
    return res.etag ?? "";
  } catch (err) {
    throw translateStorageError(err, what);
  }
}

export async function upsertRow(table: TableClient, row: Row, mode: "Merge" | "Replace", what: string): Promise<string> {
  try {
    const res = await table.upsertEntity(compact(row) as Row, mode);
    return res.etag ?? "";
  } catch (err) {
    throw translateStorageError(err, what);
  }
}

/** Delete unconditionally; a row that is already gone is not an error. */
export async function deleteRow(table: TableClient, partitionKey: string, rowKey: string, what: string): Promise<void> {
  try {
    await table.deleteEntity(partitionKey, rowKey);
  } catch (err) {
    if (isStatus(err, 404)) return;
    throw translateStorageError(err, what);
  }
}

export async function listRows(table: TableClient, filter: string, what: string): Promise<StoredRow[]> {
  const rows: StoredRow[] = [];
  try {
    for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      rows.push(row);
    }
  } catch (err) {
    throw translateStorageError(err, what);
  }
  return rows;
}

export function str(row: Record<string, unknown>, key: string): string {
  const v = row[key];
  if (typeof v !== "string") throw new Error(`stored row is missing string ${key}`);
  return v;
}

export function optStr(row: Record<string, unknown>, key: string): string | undefined {
  const v = row[key];
  return typeof v === "string" ? v : undefined;
}

export function num(row: Record<string, unknown>, key: string): number {
  const v = row[key];
  if (typeof v !== "number") throw new Error(`stored row is missing number ${key}`);
  return v;
}

export function bool(row: Record<string, unknown>, key: string): boolean {
  return row[key] === true;
}
