import { loadDotEnvIfPresent } from "../config/config.ts";
import { StoreUnreadableError } from "./embedded-azurite.ts";
import { BackupError, backupStore, restoreStore } from "./backup.ts";

/**
 * `npm run backup -- <file>`: a consistent snapshot of the embedded store while the bot runs.
 * `npm run restore -- <file>`: put a backup back (the bot stopped; the store it replaces is kept).
 * Reads only DATA_DIR (and TABLES_CONNECTION_STRING, to refuse: a storage account is backed up by Azure).
 */
loadDotEnvIfPresent(".env");
const [command, file] = process.argv.slice(2);
if ((command !== "backup" && command !== "restore") || !file) {
  process.stderr.write("Usage: npm run backup -- <backup file>   |   npm run restore -- <backup file>\n");
  process.exit(2);
}
if ((process.env.TABLES_CONNECTION_STRING ?? "").trim() !== "") {
  process.stderr.write("TABLES_CONNECTION_STRING is set: the bot uses a storage account, which Azure backs up (see docs on point-in-time restore); this command is for the embedded store.\n");
  process.exit(2);
}
const dataDir = (process.env.DATA_DIR ?? "").trim() || ".data";
try {
  if (command === "backup") {
    process.stdout.write(`Backed up the embedded storage in ${dataDir} to ${backupStore(dataDir, file)}\n`);
  } else {
    const { restored, keptAs } = restoreStore(dataDir, file);
    process.stdout.write(`Restored ${file} to ${restored}.${keptAs ? ` The store it replaced is kept as ${keptAs}.` : ""} Start the bot again.\n`);
  }
} catch (err) {
  if (err instanceof BackupError || err instanceof StoreUnreadableError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
