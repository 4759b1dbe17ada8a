import { odata, type TableClient } from "@azure/data-tables";
import type { LiveActivity, LiveEntry, LiveKind, LiveStatus } from "../domain/live.ts";
import type { Option } from "../domain/round.ts";
import { decodeKey, encodeKey } from "./keys.ts";
import { packJson, unpackJson } from "./json-columns.ts";
import { bool, compact, createRow, deleteRow, getRow, listRows, num, optStr, replaceRow, str, upsertRow, type Row, type StoredRow, type Versioned } from "./table-ops.ts";
import type { TableStorage } from "./table-storage.ts";
import { AlreadyExistsError, ConcurrencyError } from "./errors.ts";

/**
 * Live meeting activities, one table. An activity is its own partition: the activity itself is
 * RowKey `activity`, each participant's contribution `entry|<aadObjectId>` — so the results are one
 * partition read, and a person's change is one row replaced (never a read-modify-write of a shared
 * tally, which 100 people voting at once would fight over). A meeting's activities are listed from
 * an index partition `meeting|<chatId>` whose rows point at them; the index row is written first,
 * so an activity is never unfindable (an index row whose activity was never written is skipped).
 */
const ACTIVITY = "activity";
const ENTRY = "entry|";
const MEETING = "meeting|";
/** In a meeting's partition: which activity is open there (activity IDs start with "l", so never clash). */
const OPEN = "open";
/** How long a claim whose activity isn't written yet is still taken to be on its way. */
const CLAIM_GRACE_MS = 60_000;
const rangeEnd = (prefix: string): string => `${prefix.slice(0, -1)}}`;

function activityRow(a: LiveActivity): Row {
  return {
    partitionKey: encodeKey(a.id),
    rowKey: ACTIVITY,
    tenantId: a.tenantId,
    boardId: a.boardId,
    boardName: a.boardName,
    meetingChatId: a.meetingChatId,
    kind: a.kind,
    title: a.title,
    prompt: a.prompt,
    theme: a.theme,
    ...packJson("options", a.options),
    stickers: a.stickers,
    stacking: a.stacking,
    maxChars: a.maxChars,
    postsPerPerson: a.postsPerPerson,
    allowGuests: a.allowGuests,
    status: a.status,
    startedBy: a.startedBy,
    startedByName: a.startedByName,
    startedAt: a.startedAt,
    endedAt: a.endedAt,
    roundId: a.roundId,
    chatCardActivityId: a.chatCardActivityId,
    updatedAt: a.updatedAt,
  };
}

function toActivity(row: StoredRow): LiveActivity {
  return compact<LiveActivity>({
    id: decodeKey(str(row, "partitionKey")),
    tenantId: str(row, "tenantId"),
    boardId: str(row, "boardId"),
    boardName: str(row, "boardName"),
    meetingChatId: str(row, "meetingChatId"),
    kind: str(row, "kind") as LiveKind,
    title: str(row, "title"),
    prompt: optStr(row, "prompt"),
    theme: optStr(row, "theme"),
    options: unpackJson<Option[]>(row, "options"),
    stickers: num(row, "stickers"),
    stacking: bool(row, "stacking"),
    maxChars: num(row, "maxChars"),
    postsPerPerson: num(row, "postsPerPerson"),
    allowGuests: bool(row, "allowGuests"),
    status: str(row, "status") as LiveStatus,
    startedBy: str(row, "startedBy"),
    startedByName: str(row, "startedByName"),
    startedAt: str(row, "startedAt"),
    endedAt: optStr(row, "endedAt"),
    roundId: optStr(row, "roundId"),
    chatCardActivityId: optStr(row, "chatCardActivityId"),
    updatedAt: str(row, "updatedAt"),
  });
}

function entryRow(e: LiveEntry): Row {
  return {
    partitionKey: encodeKey(e.activityId),
    rowKey: encodeKey(`${ENTRY}${e.participantAadObjectId}`),
    participantId: e.participantId,
    guest: e.guest,
    name: e.name,
    ...packJson("stickers", e.stickers),
    answer: e.answer,
    ...packJson("posts", e.posts),
    savedAt: e.savedAt,
  };
}

function toEntry(row: StoredRow): LiveEntry {
  return {
    activityId: decodeKey(str(row, "partitionKey")),
    participantAadObjectId: decodeKey(str(row, "rowKey")).slice(ENTRY.length),
    participantId: str(row, "participantId"),
    guest: bool(row, "guest"),
    name: str(row, "name"),
    stickers: unpackJson<Record<string, number>>(row, "stickers"),
    answer: optStr(row, "answer") ?? "",
    posts: unpackJson<string[]>(row, "posts"),
    savedAt: str(row, "savedAt"),
  };
}

export class LiveRepository {
  private readonly table: TableClient;
  constructor(storage: TableStorage) {
    this.table = storage.client("live");
  }

  /**
   * Claim the meeting for a new activity: one open activity per meeting, decided by storage (an
   * ETag-checked "open" row in the meeting's partition), so two officers pressing Start at once
   * can't both win. A claim whose activity ended is taken over, and so is one whose activity was
   * never written a minute after it was made (a crash between claim and create; within the minute
   * it may still be on its way). Returns the open (or coming) activity's ID when the meeting is busy.
   */
  async claimMeeting(meetingChatId: string, activityId: string, now: string): Promise<string | undefined> {
    const pk = encodeKey(`${MEETING}${meetingChatId}`);
    const row = { partitionKey: pk, rowKey: OPEN, activityId, claimedAt: now };
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const held = await getRow(this.table, pk, OPEN, "meeting claim");
      try {
        if (!held) {
          await createRow(this.table, row, "meeting claim");
          return undefined;
        }
        const holder = str(held, "activityId");
        const current = holder === activityId ? undefined : await this.get(holder);
        if (current?.value.status === "open") return holder;
        if (!current && holder !== activityId && Date.parse(now) - Date.parse(str(held, "claimedAt")) < CLAIM_GRACE_MS) return holder;
        await replaceRow(this.table, row, held.etag, "meeting claim");
        return undefined;
      } catch (err) {
        if (!(err instanceof AlreadyExistsError) && !(err instanceof ConcurrencyError)) throw err;
      }
    }
    throw new ConcurrencyError("the meeting's open activity");
  }

  /** A new activity: its meeting's index row first, then the activity. */
  async create(activity: LiveActivity): Promise<Versioned<LiveActivity>> {
    await upsertRow(this.table, { partitionKey: encodeKey(`${MEETING}${activity.meetingChatId}`), rowKey: encodeKey(activity.id), boardId: activity.boardId, tenantId: activity.tenantId }, "Replace", "meeting index");
    const etag = await createRow(this.table, activityRow(activity), `live activity ${activity.id}`);
    return { value: activity, etag };
  }

  async get(activityId: string): Promise<Versioned<LiveActivity> | undefined> {
    const row = await getRow(this.table, encodeKey(activityId), ACTIVITY, `live activity ${activityId}`);
    return row ? { value: toActivity(row), etag: row.etag } : undefined;
  }

  /** Replace the activity if nobody changed it since `etag` (ConcurrencyError otherwise). */
  async update(activity: LiveActivity, etag: string): Promise<Versioned<LiveActivity>> {
    return { value: activity, etag: await replaceRow(this.table, activityRow(activity), etag, `live activity ${activity.id}`) };
  }

  /** The meeting's activities (any board, any status). */
  async listByMeeting(meetingChatId: string): Promise<LiveActivity[]> {
    const index = (await listRows(this.table, odata`PartitionKey eq ${encodeKey(`${MEETING}${meetingChatId}`)}`, "meeting index")).filter((row) => row.rowKey !== OPEN);
    const found = await Promise.all(index.map((row) => this.get(decodeKey(str(row, "rowKey")))));
    return found.filter((a): a is Versioned<LiveActivity> => a !== undefined).map((a) => a.value);
  }

  /**
   * What the scheduler's sweep looks at: activities still open that started before `startedBefore`,
   * and activities ended between `endedFrom` and `endedTo` (to finish an end a crash cut short). A
   * scan of the activities' rows (RowKey `activity`), filtered by the service: a few rows a board.
   */
  async listForSweep(startedBefore: string, endedFrom: string, endedTo: string): Promise<Array<Versioned<LiveActivity>>> {
    const filter = odata`RowKey eq ${ACTIVITY} and ((status eq ${"open"} and startedAt lt ${startedBefore}) or (status eq ${"ended"} and endedAt ge ${endedFrom} and endedAt lt ${endedTo}))`;
    const rows = await listRows(this.table, filter, "live activities to sweep");
    return rows.map((row) => ({ value: toActivity(row), etag: row.etag }));
  }

  /** Store one person's contribution whole (it replaces what they had). */
  async saveEntry(entry: LiveEntry): Promise<void> {
    await upsertRow(this.table, entryRow(entry), "Replace", "live contribution");
  }

  async getEntry(activityId: string, aadObjectId: string): Promise<LiveEntry | undefined> {
    const row = await getRow(this.table, encodeKey(activityId), encodeKey(`${ENTRY}${aadObjectId}`), "live contribution");
    return row ? toEntry(row) : undefined;
  }

  async listEntries(activityId: string): Promise<LiveEntry[]> {
    const pk = encodeKey(activityId);
    const rows = await listRows(this.table, odata`PartitionKey eq ${pk} and RowKey ge ${ENTRY} and RowKey lt ${rangeEnd(ENTRY)}`, "live contributions");
    return rows.map(toEntry);
  }

  /** A person's contributions to every activity (their data export and erasure). */
  async entriesOf(aadObjectId: string): Promise<LiveEntry[]> {
    const rows = await listRows(this.table, odata`RowKey eq ${encodeKey(`${ENTRY}${aadObjectId}`)}`, "live contributions");
    return rows.map(toEntry);
  }

  async deleteEntry(activityId: string, aadObjectId: string): Promise<void> {
    await deleteRow(this.table, encodeKey(activityId), encodeKey(`${ENTRY}${aadObjectId}`), "live contribution");
  }
}
