// The embedded store's files: a snapshot of the whole Loki database, plus a journal of the changes
// made since, one fsynced line per group commit. Plain CommonJS: the Azurite worker loads it as it is,
// and backup/restore and the start-up check use the same replay.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

/** Written into each snapshot: every journal up to this generation is already in it. */
const GENERATION = "soundingBoardJournalGeneration";

class StoreDamagedError extends Error {
  constructor(file, reason) {
    super(reason);
    this.name = "StoreDamagedError";
    this.file = file;
  }
}

function journalName(dbname, generation) {
  return `${dbname}.journal.${generation}`;
}

/** The journal files next to the snapshot, oldest first. */
function journalFiles(dbname) {
  const dir = path.dirname(dbname);
  const prefix = `${path.basename(dbname)}.journal.`;
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    if (err.code === "ENOENT") return [];
    throw err;
  }
  return names
    .filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length)))
    .map((n) => ({ generation: Number(n.slice(prefix.length)), file: path.join(dir, n) }))
    .sort((a, b) => a.generation - b.generation);
}

/**
 * The database as it stood after the last journal line: the snapshot with every later journal
 * applied in order (insert and update put the document's state, remove takes it out; applying a line
 * twice gives the same result). Only the very last line of the newest journal may be cut short — a
 * crash while it was written, before it was fsynced, so before anyone was told — and it is ignored;
 * anything else unreadable is damage. `journals` overrides reading the files (backup reads them itself).
 */
function replay(dbname, snapshotText, journals) {
  let snapshot;
  try {
    snapshot = JSON.parse(snapshotText);
  } catch (err) {
    throw new StoreDamagedError(dbname, `not valid JSON: ${err.message}`);
  }
  if (typeof snapshot !== "object" || snapshot === null || !Array.isArray(snapshot.collections)) {
    throw new StoreDamagedError(dbname, "not an Azurite table database");
  }
  const base = Number(snapshot[GENERATION] ?? 0);
  const later = (journals ?? journalFiles(dbname).map((j) => ({ ...j, text: fs.readFileSync(j.file, "utf8") }))).filter((j) => j.generation > base);
  if (later.length === 0) return { text: snapshotText, generation: base, snapshotGeneration: base };
  const collections = new Map(snapshot.collections.map((c) => [c.name, c]));
  const touched = new Map();
  later.forEach((journal, fileIndex) => {
    const lines = journal.text.split("\n");
    lines.forEach((line, lineIndex) => {
      if (line === "") return;
      let changes;
      try {
        changes = JSON.parse(line);
      } catch {
        const lastLine = fileIndex === later.length - 1 && lines.slice(lineIndex + 1).every((l) => l === "");
        if (lastLine) return;
        throw new StoreDamagedError(journal.file, `line ${lineIndex + 1} is damaged`);
      }
      for (const change of changes) {
        let docs = touched.get(change.name);
        if (!docs) {
          const collection = collections.get(change.name);
          if (!collection) throw new StoreDamagedError(journal.file, `line ${lineIndex + 1} changes a table the snapshot doesn't have`);
          docs = new Map(collection.data.map((d) => [d.$loki, d]));
          touched.set(change.name, docs);
        }
        if (change.operation === "R") docs.delete(change.obj.$loki);
        else docs.set(change.obj.$loki, change.obj);
      }
    });
  });
  for (const [name, docs] of touched) {
    const collection = collections.get(name);
    // Loki finds documents by binary search on $loki, and rebuilds indexes marked dirty.
    collection.data = [...docs.values()].sort((a, b) => a.$loki - b.$loki);
    let maxId = collection.maxId ?? 0;
    for (const d of collection.data) if (d.$loki > maxId) maxId = d.$loki;
    collection.maxId = maxId;
    collection.changes = [];
    for (const key of Object.keys(collection.binaryIndices ?? {})) collection.binaryIndices[key] = { name: key, dirty: true, values: [] };
  }
  const generation = later[later.length - 1].generation;
  snapshot[GENERATION] = generation;
  return { text: JSON.stringify(snapshot), generation, snapshotGeneration: base };
}

/** Read the snapshot (if any) and everything after it, as one database text; undefined when there is no store. */
function readStore(dbname) {
  let text;
  try {
    text = fs.readFileSync(dbname, "utf8");
  } catch (err) {
    if (err.code !== "ENOENT") throw new StoreDamagedError(dbname, err.message);
    if (journalFiles(dbname).length > 0) throw new StoreDamagedError(dbname, "the snapshot is missing but its journal is there");
    return undefined;
  }
  return replay(dbname, text);
}

module.exports = { GENERATION, StoreDamagedError, journalName, journalFiles, replay, readStore };
