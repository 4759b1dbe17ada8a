import { parentPort } from "node:worker_threads";
import { fragmentsOf, type Fragment } from "../theming/sentences.ts";
import { checkMemo } from "../theming/words.ts";
import { serveJobs } from "./pool.ts";

/** A reader thread: answers' texts in, their sentences and features out (theming stage 1–2). */
serveJobs(parentPort!, (texts: string[]): Fragment[][] => {
  checkMemo();
  return texts.map((t) => fragmentsOf(t));
});
