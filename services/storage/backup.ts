import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync } from "node:fs";
import path from "node:path";
import { checkStoreFile, dataDirHolder, STORE_FILE } from "./embedded-azurite.ts";

/**
 * Backup and restore of the embedded store (`npm run backup`, `npm run restore`).
 *
 * Consistent while the bot runs, without stopping it: every save of the store writes a whole new
 * file and renames it over the old one, so the file is always one complete saved state, and a copy
 * reads one file from start to end (an open file keeps its contents when a newer one is renamed
 * over its name). The copy is checked to be a whole database, fsynced, and only then given its name.
 */

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

function fsyncFile(file: string): void {
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Copy `from` to `to` through "<to>~": checked, fsynced, then renamed, so `to` is only ever a whole store. */
function copyWhole(from: string, to: string): void {
  const tmp = `${to}~`;
  copyFileSync(from, tmp);
  checkStoreFile(tmp);
  fsyncFile(tmp);
  renameSync(tmp, to);
  fsyncFile(path.dirname(path.resolve(to)));
}

/** Snapshot the store in `dataDir` to `to` (the bot may be running). Returns the file written. */
export function backupStore(dataDir: string, to: string): string {
  const store = path.join(dataDir, STORE_FILE);
  if (!existsSync(store)) throw new BackupError(`There is no embedded storage in ${dataDir} (no ${STORE_FILE}) to back up.`);
  copyWhole(store, to);
  return path.resolve(to);
}

/**
 * Put a backup in place of the store in `dataDir`. The bot must be stopped (it would overwrite the
 * restored file with what it holds in memory). The store being replaced is kept next to it.
 */
export function restoreStore(dataDir: string, from: string, now: Date = new Date()): { restored: string; keptAs?: string } {
  const holder = dataDirHolder(dataDir);
  if (holder !== undefined) throw new BackupError(`Sounding Board is running on ${dataDir} (pid ${holder}). Stop it first, then restore.`);
  if (!existsSync(from)) throw new BackupError(`There is no backup file ${from}.`);
  checkStoreFile(from);
  const store = path.join(dataDir, STORE_FILE);
  let keptAs: string | undefined;
  if (existsSync(store)) {
    // A copy, not a move: at no moment is there no store (a bot started then would begin empty).
    keptAs = `${store}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    copyWhole(store, keptAs);
  }
  copyWhole(from, store);
  return { restored: store, ...(keptAs ? { keptAs } : {}) };
}
