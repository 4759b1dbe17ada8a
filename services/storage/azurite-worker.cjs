// Runs Azurite's Table server on a worker thread. Why a worker: restify patches
// http.IncomingMessage.prototype (e.g. a `query` method) for the whole process, and Azurite's express
// then skips parsing the query string, silently ignoring every $filter. A worker has its own copy of
// the http module, so the bot's restify and Azurite's express never share prototypes.
// Plain CommonJS so it loads without the TypeScript loader.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { parentPort, workerData } = require("node:worker_threads");
// The package root pulls in VS Code bindings, so deep-import the table server (stable in azurite 3.x).
const TableServer = require("azurite/dist/src/table/TableServer").default;
const TableConfiguration = require("azurite/dist/src/table/TableConfiguration").default;

/**
 * Loki's persistence adapter interface (loadDatabase / saveDatabase), made crash-safe: the new
 * database is written to "<file>~", fsynced, renamed over the file and the folder fsynced, so the
 * file is always one whole saved state — a crash mid-save leaves the previous one — and a save
 * that reported success survives a power cut, not only a process kill. (Loki's own fs adapter
 * writes and renames but never fsyncs.)
 */
class DurableFsAdapter {
  loadDatabase(dbname, callback) {
    fs.readFile(dbname, "utf8", (err, data) => {
      if (err && err.code === "ENOENT") callback(null);
      else if (err) callback(new Error(err.message));
      else callback(data);
    });
  }

  saveDatabase(dbname, dbstring, callback) {
    const tmp = `${dbname}~`;
    fs.open(tmp, "w", (openErr, fd) => {
      if (openErr) return callback(openErr);
      const fail = (err) => fs.close(fd, () => callback(err));
      fs.writeFile(fd, dbstring, (writeErr) => {
        if (writeErr) return fail(writeErr);
        fs.fsync(fd, (syncErr) => {
          if (syncErr) return fail(syncErr);
          fs.close(fd, (closeErr) => {
            if (closeErr) return callback(closeErr);
            fs.rename(tmp, dbname, (renameErr) => {
              if (renameErr) return callback(renameErr);
              syncFolder(path.dirname(dbname), callback);
            });
          });
        });
      });
    });
  }

  deleteDatabase(dbname, callback) {
    fs.unlink(dbname, (err) => callback(err && err.code !== "ENOENT" ? err : undefined));
  }
}

/** The rename is durable once the folder's entry is on disk. */
function syncFolder(folder, callback) {
  fs.open(folder, "r", (err, fd) => {
    if (err) return callback(err);
    fs.fsync(fd, (syncErr) => fs.close(fd, () => callback(syncErr || undefined)));
  });
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Group commit. A request that changed data is answered only once a save of the database that
 * includes the change has reached disk. One save is written at a time; every change made while it
 * is being written waits for the next one, which then serves all of them — so under load one save
 * answers many requests, and a lone request waits for one save. (Loki serialises the whole database
 * when a save starts and clears its "dirty" flags then, so: no unsaved change when a request is
 * about to be answered means its change is in the save under way, or already on disk.) Reads are answered at once: they
 * may show a change whose save is still being written, but nothing is acknowledged on the strength
 * of a read — every acknowledgement follows a write, which waits.
 * A save that fails stops the store: memory would no longer match the disk, so nothing more is
 * answered and the bot is told to stop (it restarts from what is on disk).
 */
function holdAnswersUntilSaved(httpServer, db, onFatal) {
  let failed = false;
  let writing; // the save being written
  let queued; // the save that starts when it is done
  // Loki's saveDatabaseInternal, not saveDatabase: one save at a time is already ensured here, and
  // saveDatabase's own throttle adds a timer hop before every caller is told (measured: ~20% fewer saves/s).
  const saveNow = () => new Promise((resolve, reject) => db.saveDatabaseInternal((err) => (err ? reject(err) : resolve())));
  const afterNextSave = () => {
    if (!writing) {
      writing = saveNow().finally(() => { writing = undefined; });
      return writing;
    }
    queued ??= writing.catch(() => undefined).then(() => {
      queued = undefined;
      return afterNextSave();
    });
    return queued;
  };
  // Group commit replaces Loki's 5-second autosave: every change is saved before it is answered.
  db.autosaveDisable();
  httpServer.prependListener("request", (req, res) => {
    if (READS.has(req.method)) return;
    const end = res.end;
    res.end = function heldEnd(...args) {
      if (failed) {
        res.destroy();
        return res;
      }
      // No unsaved change left: this request's change is in the save being written (or already on disk).
      const saved = db.autosaveDirty() ? afterNextSave() : (writing ?? Promise.resolve());
      saved.then(
        () => end.apply(res, args),
        (err) => {
          if (!failed) onFatal(err);
          failed = true;
          res.destroy();
        },
      );
      return res;
    };
  });
  return { saveIfChanged: () => (db.autosaveDirty() ? afterNextSave() : writing ?? Promise.resolve()) };
}

async function main() {
  const { host, port, dbPath, inMemory, durable } = workerData;
  // Positional arguments, in TableConfiguration's order: host, port, keepAliveTimeout, metadataDBPath,
  // enableDebugLog, enableAccessLog, accessLogWriteStream, debugLogFilePath, loose,
  // skipApiVersionCheck (the SDK may be newer than Azurite), cert, key, pwd, oauth,
  // disableProductStyleUrl, isMemoryPersistence.
  const config = new TableConfiguration(
    host, port, undefined, dbPath, false, false, undefined, undefined,
    false, true, "", "", "", undefined, false, inMemory,
  );
  const server = new TableServer(config);
  let commit;
  // `durable: false` is the benchmark's "before" (Azurite's own 5-second autosave); nothing else sets it.
  if (!inMemory && durable !== false) {
    const db = server.metadataStore.db;
    db.persistenceAdapter = new DurableFsAdapter();
    commit = holdAnswersUntilSaved(server.httpServer, db, (err) => parentPort.postMessage({ type: "fatal", message: String((err && err.message) || err) }));
  }
  await server.start();
  parentPort.on("message", (message) => {
    if (message && message.type === "close") {
      // Every change answered was saved; a change still unanswered is saved before the store stops.
      server.close().then(() => commit && commit.saveIfChanged()).then(
        () => parentPort.postMessage({ type: "closed" }),
        (err) => parentPort.postMessage({ type: "closed", error: String(err && err.message) }),
      );
    }
  });
  parentPort.postMessage({ type: "started", address: server.getHttpServerAddress() });
}

main().catch((err) => parentPort.postMessage({ type: "error", message: String(err && err.stack || err) }));
