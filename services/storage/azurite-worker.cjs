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

const { GENERATION, journalFiles, journalName, readStore } = require("./azurite-journal.cjs");

/** A file's new contents, made durable: written to "<file>~", fsynced, renamed over it, the folder fsynced. */
function writeWhole(file, text, callback) {
  const tmp = `${file}~`;
  fs.open(tmp, "w", (openErr, fd) => {
    if (openErr) return callback(openErr);
    fs.writeFile(fd, text, (writeErr) => {
      if (writeErr) return fs.close(fd, () => callback(writeErr));
      fs.fsync(fd, (syncErr) => {
        fs.close(fd, (closeErr) => {
          if (syncErr || closeErr) return callback(syncErr || closeErr);
          fs.rename(tmp, file, (renameErr) => (renameErr ? callback(renameErr) : syncFolder(path.dirname(file), callback)));
        });
      });
    });
  });
}

/** A rename or a new file is durable once the folder's entry is on disk. */
function syncFolder(folder, callback) {
  fs.open(folder, "r", (err, fd) => {
    if (err) return callback(err);
    fs.fsync(fd, (syncErr) => fs.close(fd, () => callback(syncErr || undefined)));
  });
}

/** A journal this large is folded into a new snapshot (replaying it at start stays quick). */
const JOURNAL_LIMIT = 8 * 1024 * 1024;

/**
 * Loki's persistence, made crash-safe and cheap per change. The files are a snapshot of the whole
 * database and a journal of the changes since, from Loki's Changes API: a commit appends one line
 * (the documents inserted, updated or removed since the last commit) and fsyncs it — a few KB
 * however big the store is. A snapshot (written whole through "~", fsynced, renamed) is taken when
 * the tables themselves change, when the journal passes JOURNAL_LIMIT, and at start and close; it
 * records the journal generation it includes, and older journals are then deleted. At start the
 * snapshot is read with every later journal replayed (azurite-journal.cjs). As a Loki persistence
 * adapter (loadDatabase/saveDatabase) it also serves Azurite's own saves.
 */
class JournaledStore {
  constructor(db, dbname) {
    this.db = db;
    this.dbname = dbname;
    this.active = 1; // the journal generation commits append to
    this.fd = undefined;
    this.bytes = 0;
    this.tablesChanged = true; // the first commit after start is a snapshot
    const serialize = db.serialize.bind(db);
    // Every snapshot Loki writes (ours, Azurite's at start and close) says which journals it includes;
    // later commits go to a new journal, so none of them is deleted with the ones it replaces.
    db.serialize = (options) => {
      const generation = this.active;
      this.db[GENERATION] = generation;
      this.db.clearChanges();
      this.active = generation + 1;
      this.closeJournal();
      this.bytes = 0;
      this.tablesChanged = false;
      this.snapshotGeneration = generation;
      return serialize(options);
    };
    // Replayed documents change a collection's contents under its binary indexes, and Azurite's
    // collections keep those indexes up to date incrementally (never rebuilt on read): rebuild them
    // all once, after loading.
    const loadJSONObject = db.loadJSONObject.bind(db);
    db.loadJSONObject = (...args) => {
      const result = loadJSONObject(...args);
      for (const collection of db.collections) collection.ensureAllIndexes(true);
      return result;
    };
    for (const method of ["addCollection", "removeCollection"]) {
      const original = db[method].bind(db);
      db[method] = (...args) => {
        const result = original(...args);
        this.tablesChanged = true;
        if (method === "addCollection" && result && result.setChangesApi) result.setChangesApi(true);
        return result;
      };
    }
  }

  loadDatabase(dbname, callback) {
    let store;
    try {
      store = readStore(dbname);
    } catch (err) {
      return callback(new Error(err.message));
    }
    if (!store) return callback(null);
    this.active = store.generation + 1;
    callback(store.text);
  }

  /** Loki's save (a snapshot): write it whole, then drop the journals it includes. */
  saveDatabase(dbname, dbstring, callback) {
    const includes = this.snapshotGeneration ?? 0;
    writeWhole(dbname, dbstring, (err) => {
      if (err) return callback(err);
      for (const j of journalFiles(dbname)) if (j.generation <= includes) fs.rmSync(j.file, { force: true });
      callback();
    });
  }

  deleteDatabase(dbname, callback) {
    fs.unlink(dbname, (err) => callback(err && err.code !== "ENOENT" ? err : undefined));
  }

  /** Make every change so far durable: a journal line, or a snapshot when one is due. */
  commit() {
    if (this.tablesChanged || this.bytes > JOURNAL_LIMIT) {
      return new Promise((resolve, reject) => this.db.saveDatabaseInternal((err) => (err ? reject(err) : resolve())));
    }
    const changes = this.db.generateChangesNotification();
    this.db.clearChanges();
    this.db.autosaveClearFlags();
    if (changes.length === 0) return Promise.resolve();
    const line = `${JSON.stringify(changes)}\n`;
    return new Promise((resolve, reject) => {
      const append = (fd, created) => {
        fs.write(fd, line, (writeErr) => {
          if (writeErr) return reject(writeErr);
          fs.fdatasync(fd, (syncErr) => {
            if (syncErr) return reject(syncErr);
            this.bytes += Buffer.byteLength(line);
            if (!created) return resolve();
            syncFolder(path.dirname(this.dbname), (dirErr) => (dirErr ? reject(dirErr) : resolve()));
          });
        });
      };
      if (this.fd !== undefined) return append(this.fd, false);
      fs.open(journalName(this.dbname, this.active), "a", (err, fd) => {
        if (err) return reject(err);
        this.fd = fd;
        append(fd, true);
      });
    });
  }

  closeJournal() {
    if (this.fd !== undefined) fs.close(this.fd, () => undefined);
    this.fd = undefined;
  }
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Group commit. A request that changed data is answered only once a commit that includes the
 * change is on disk. One commit is written at a time; every change made while it is being written
 * waits for the next one, which then serves all of them — so under load one commit answers many
 * requests, and a lone request waits for one. (A commit takes the changes, and clears Loki's
 * "dirty" flags, when it starts: no unsaved change when a request is about to be answered means its
 * change is in the commit under way, or already on disk.) Reads are answered at once: they may show
 * a change whose commit is still being written, but nothing is acknowledged on the strength of a
 * read — every acknowledgement follows a write, which waits.
 * A commit that fails stops the store: memory would no longer match the disk, so nothing more is
 * answered and the bot is told to stop (it restarts from what is on disk).
 */
function holdAnswersUntilSaved(httpServer, db, store, onFatal) {
  let failed = false;
  let writing; // the commit being written
  let queued; // the commit that starts when it is done
  const afterNextCommit = () => {
    if (!writing) {
      writing = store.commit().finally(() => { writing = undefined; });
      return writing;
    }
    queued ??= writing.catch(() => undefined).then(() => {
      queued = undefined;
      return afterNextCommit();
    });
    return queued;
  };
  // Group commit replaces Loki's 5-second autosave: every change is committed before it is answered.
  db.autosaveDisable();
  httpServer.prependListener("request", (req, res) => {
    if (READS.has(req.method)) return;
    const end = res.end;
    res.end = function heldEnd(...args) {
      if (failed) {
        res.destroy();
        return res;
      }
      const saved = db.autosaveDirty() ? afterNextCommit() : (writing ?? Promise.resolve());
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
  return { saveIfChanged: () => (db.autosaveDirty() ? afterNextCommit() : writing ?? Promise.resolve()) };
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
    const store = new JournaledStore(db, dbPath);
    db.persistenceAdapter = store;
    commit = holdAnswersUntilSaved(server.httpServer, db, store, (err) => parentPort.postMessage({ type: "fatal", message: String((err && err.message) || err) }));
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
