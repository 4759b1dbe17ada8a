// The first module of every summary thread. A worker thread doesn't get the TypeScript loader of a
// parent started by the tsx CLI (`npm start`), so each thread registers tsx itself (harmless when
// the parent was started with `node --import tsx`, as the Dockerfile does), then loads its module.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
