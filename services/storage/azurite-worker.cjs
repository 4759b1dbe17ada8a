// Runs Azurite's Table server on a worker thread. Why a worker: restify patches
// http.IncomingMessage.prototype (e.g. a `query` method) for the whole process, and Azurite's express
// then skips parsing the query string, silently ignoring every $filter. A worker has its own copy of
// the http module, so the bot's restify and Azurite's express never share prototypes.
// Plain CommonJS so it loads without the TypeScript loader.
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
// The package root pulls in VS Code bindings, so deep-import the table server (stable in azurite 3.x).
const TableServer = require("azurite/dist/src/table/TableServer").default;
const TableConfiguration = require("azurite/dist/src/table/TableConfiguration").default;

async function main() {
  const { host, port, dbPath, inMemory } = workerData;
  // Positional arguments, in TableConfiguration's order: host, port, keepAliveTimeout, metadataDBPath,
  // enableDebugLog, enableAccessLog, accessLogWriteStream, debugLogFilePath, loose,
  // skipApiVersionCheck (the SDK may be newer than Azurite), cert, key, pwd, oauth,
  // disableProductStyleUrl, isMemoryPersistence.
  const config = new TableConfiguration(
    host, port, undefined, dbPath, false, false, undefined, undefined,
    false, true, "", "", "", undefined, false, inMemory,
  );
  const server = new TableServer(config);
  await server.start();
  parentPort.on("message", (message) => {
    if (message && message.type === "close") {
      // Closing flushes the Loki database to disk (Azurite also autosaves every 5 s).
      server.close().then(
        () => parentPort.postMessage({ type: "closed" }),
        (err) => parentPort.postMessage({ type: "closed", error: String(err && err.message) }),
      );
    }
  });
  parentPort.postMessage({ type: "started", address: server.getHttpServerAddress() });
}

main().catch((err) => parentPort.postMessage({ type: "error", message: String(err && err.stack || err) }));
