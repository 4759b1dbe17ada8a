import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkStoreFile, dataDirHolder, STORE_FILE, storeFiles } from "./embedded-azurite.ts";

/**
 * Backup and restore of the embedded store (`npm run backup`, `npm run restore`).
 *
 * The store is a snapshot plus a journal of the changes since. A backup reads the snapshot, then the
 * journals after it, and checks the snapshot was not replaced meanwhile (a new snapshot deletes the
 * journals it includes; if that happened, it reads again): what it reads is the store at one moment,
 * and it writes it as a single snapshot file. Consistent while the bot runs, without stopping it.
 * Every file is written through "<file>~", checked, fsynced, and only then given its name.
 */

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

function fsyncPath(file: string): void {
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeWhole(file: string, text: string): void {
  const tmp = `${file}~`;
  writeFileSync(tmp, text);
  checkStoreFile(tmp);
  fsyncPath(tmp);
  renameSync(tmp, file);
  fsyncPath(path.dirname(path.resolve(file)));
}

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === "ENOENT";

/** The store in `dataDir` as one database text, read consistently while the bot may be writing it. */
function readConsistently(store: string): string {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(store, "r");
    } catch (err) {
      if (missing(err)) throw new BackupError(`There is no embedded storage in ${path.dirname(store)} (no ${STORE_FILE}) to back up.`);
      throw err;
    }
    let snapshot: string;
    let inode: number;
    try {
      inode = fstatSync(fd).ino;
      snapshot = readFileSync(fd, "utf8");
    } finally {
      closeSync(fd);
    }
    const journals: Array<{ generation: number; file: string; text: string }> = [];
    let vanished = false;
    for (const j of storeFiles.journalFiles(store)) {
      try {
        journals.push({ ...j, text: readFileSync(j.file, "utf8") });
      } catch (err) {
        if (!missing(err)) throw err;
        vanished = true;
      }
    }
    let now: number | undefined;
    try {
      now = statSync(store).ino;
    } catch (err) {
      if (!missing(err)) throw err;
    }
    if (vanished || now !== inode) continue; // a new snapshot replaced what was read: read again
    return storeFiles.replay(store, snapshot, journals).text;
  }
  throw new BackupError("The store changed too often to be read consistently; try again.");
}

/** Snapshot the store in `dataDir` to `to` (the bot may be running). Returns the file written. */
export function backupStore(dataDir: string, to: string): string {
  writeWhole(to, readConsistently(path.join(dataDir, STORE_FILE)));
  return path.resolve(to);
}

/**
 * Put a backup in place of the store in `dataDir`. The bot must be stopped (it would overwrite the
 * restored file with what it holds in memory). The store being replaced is kept next to it, as one
 * file; the restored snapshot is marked as including every journal there, which are then removed.
 */
export function restoreStore(dataDir: string, from: string, now: Date = new Date()): { restored: string; keptAs?: string } {
  const holder = dataDirHolder(dataDir);
  if (holder !== undefined) throw new BackupError(`Sounding Board is running on ${dataDir} (pid ${holder}). Stop it first, then restore.`);
  if (!existsSync(from)) throw new BackupError(`There is no backup file ${from}.`);
  checkStoreFile(from);
  const store = path.join(dataDir, STORE_FILE);
  const journals = storeFiles.journalFiles(store);
  let keptAs: string | undefined;
  if (existsSync(store)) {
    // A copy, not a move: at no moment is there no store (a bot started then would begin empty).
    keptAs = `${store}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    writeWhole(keptAs, readConsistently(store));
  }
  const backup = JSON.parse(readFileSync(from, "utf8")) as Record<string, unknown>;
  const includes = Math.max(Number(backup[storeFiles.GENERATION] ?? 0), ...journals.map((j) => j.generation));
  backup[storeFiles.GENERATION] = includes;
  writeWhole(store, JSON.stringify(backup));
  for (const j of journals) rmSync(j.file, { force: true });
  return { restored: store, ...(keptAs ? { keptAs } : {}) };
}
