/**
 * A Table storage string property holds at most 64 KiB (32K UTF-16 code units). JSON documents that
 * may grow past that (round definitions, answers) are split across numbered properties and joined
 * on read. The entity itself stays under the 1 MiB row limit because answers are length-limited.
 */
const PART_CHARS = 30_000;

export function packJson(name: string, value: unknown): Record<string, string | number> {
  return packText(name, JSON.stringify(value));
}

export function unpackJson<T>(entity: Record<string, unknown>, name: string): T {
  return JSON.parse(unpackText(entity, name)) as T;
}

/** Split text across `${name}0…` properties (rows are always written whole, so no stale parts linger). */
export function packText(name: string, json: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  let parts = 0;
  for (let i = 0; i < json.length || parts === 0; i += PART_CHARS) {
    out[`${name}${parts}`] = json.slice(i, i + PART_CHARS);
    parts += 1;
  }
  out[`${name}Parts`] = parts;
  return out;
}

export function unpackText(entity: Record<string, unknown>, name: string): string {
  const parts = entity[`${name}Parts`];
  if (typeof parts !== "number" || parts < 1) throw new Error(`stored entity has no ${name}`);
  let json = "";
  for (let i = 0; i < parts; i += 1) {
    const part = entity[`${name}${i}`];
    if (typeof part !== "string") throw new Error(`stored entity is missing ${name}${i}`);
    json += part;
  }
  return json;
}
