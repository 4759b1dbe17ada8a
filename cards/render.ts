import { readFileSync } from "node:fs";
import * as ACData from "adaptivecards-templating";
import { Verbs } from "./verbs.ts";

/** An Adaptive Card as sent to Teams (schema 1.5). */
export interface AdaptiveCard {
  type: "AdaptiveCard";
  version: string;
  body: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

/** Teams refuses bot messages over ~80 KB (and the card is only part of the activity): keep headroom. */
export const MAX_CARD_BYTES = 70 * 1024;

export class CardTooLargeError extends Error {
  constructor(readonly template: string, readonly bytes: number) {
    super(`card "${template}" is ${bytes} bytes, over the ${MAX_CARD_BYTES}-byte limit for a Teams message`);
    this.name = "CardTooLargeError";
  }
}

/**
 * One Template per file for the life of the process: the library parses each `${…}` expression once
 * per Template instance, so reusing it makes a render ~50× cheaper (0.6 ms instead of ~37 ms for a
 * member's round card) — the difference between ~50 and hundreds of card saves a second.
 */
const cache = new Map<string, ACData.Template>();

function loadTemplate(name: string): ACData.Template {
  let template = cache.get(name);
  if (!template) {
    template = new ACData.Template(JSON.parse(readFileSync(new URL(`./templates/${name}.json`, import.meta.url), "utf8")) as object);
    cache.set(name, template);
  }
  return template;
}

/**
 * Expand a JSON template with display data (never entities or config). The verb table is always
 * available to templates as `verbs`.
 */
export function renderTemplate(name: string, data: object): AdaptiveCard {
  const card = loadTemplate(name).expand({ $root: { ...data, verbs: Verbs } }) as AdaptiveCard;
  const bytes = Buffer.byteLength(JSON.stringify(card), "utf8");
  if (bytes > MAX_CARD_BYTES) throw new CardTooLargeError(name, bytes);
  return card;
}

export function templateNames(): string[] {
  return ["welcome", "help"];
}
