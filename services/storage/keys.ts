/**
 * Table storage forbids / \ # ? and control characters in PartitionKey/RowKey, and Teams ids
 * are full of punctuation ("19:abc@thread.tacv2;messageid=1"). Keys are percent-escaped for exactly
 * those characters (and % itself, so the mapping is reversible); everything else stays readable in
 * Storage Explorer.
 */
export function encodeKey(value: string): string {
  if (value.length === 0) throw new Error("a storage key cannot be empty");
  return value.replace(/[%/\\#?\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return `%${code.toString(16).toUpperCase().padStart(2, "0")}`;
  });
}

export function decodeKey(value: string): string {
  return value.replace(/%([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Tables the bot uses; a prefix lets several deployments or test suites share one account. */
export const TABLES = {
  rounds: "Rounds",
  deliveries: "Deliveries",
  responses: "Responses",
  conversations: "Conversations",
  summaries: "Summaries",
  audit: "Audit",
  boards: "Boards",
  actions: "Actions",
  limits: "Limits",
  live: "Live",
} as const;

export type TableKey = keyof typeof TABLES;

export function tableName(prefix: string, key: TableKey): string {
  return `${prefix}${TABLES[key]}`;
}
