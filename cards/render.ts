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

const cache = new Map<string, object>();

function loadTemplate(name: string): object {
  let template = cache.get(name);
  if (!template) {
    template = JSON.parse(readFileSync(new URL(`./templates/${name}.json`, import.meta.url), "utf8")) as object;
    cache.set(name, template);
  }
  return template;
}

/**
 * Expand a JSON template with display data (never entities or config). The verb table is always
 * available to templates as `verbs`.
 */
export function renderTemplate(name: string, data: object): AdaptiveCard {
  const template = new ACData.Template(loadTemplate(name));
  const card = template.expand({ $root: { ...data, verbs: Verbs } }) as AdaptiveCard;
  const bytes = Buffer.byteLength(JSON.stringify(card), "utf8");
  if (bytes > MAX_CARD_BYTES) throw new CardTooLargeError(name, bytes);
  return card;
}

export function templateNames(): string[] {
  return ["welcome", "help"];
}
