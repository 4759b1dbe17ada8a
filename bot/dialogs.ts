import type { InvokeResponse } from "botbuilder";
import type { AdaptiveCard } from "../cards/render.ts";
import { Verbs } from "../cards/verbs.ts";
import type { ActionResult } from "./turn.ts";

/**
 * Teams dialogs (task modules) for long forms: a short card in the chat opens the form in a dialog
 * (`task/fetch` → the form), whose buttons come back as `task/submit` — routed to the same verbs,
 * schemas and handlers as the card's own buttons. In a dialog a card's buttons must be
 * Action.Submit (Teams doesn't run Action.Execute there), so each Action.Execute is replaced by the
 * Action.Submit fallback every template already carries, and the chat card's refresh is dropped.
 */
const TITLES: Record<string, string> = {
  [Verbs.openLaunch]: "Launch a round",
  [Verbs.addThemes]: "Launch a round",
  [Verbs.launchRound]: "Launch a round",
  [Verbs.openReview]: "Review the draft summary",
  [Verbs.saveSummary]: "Review the draft summary",
  [Verbs.publishSummary]: "Review the draft summary",
};

type Json = Record<string, unknown>;

/** The card as a dialog shows it: Action.Submit buttons, no refresh. */
export function forDialog(card: AdaptiveCard): AdaptiveCard {
  const swap = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(swap);
    if (!node || typeof node !== "object") return node;
    const obj = node as Json;
    if (obj.type === "Action.Execute" && (obj.fallback as Json | undefined)?.type === "Action.Submit") return swap(obj.fallback);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, swap(v)]));
  };
  const { refresh: _refresh, ...rest } = card;
  return swap(rest) as AdaptiveCard;
}

/** A verb's result as a dialog answer: the next card in the dialog, or a message that closes it. */
export function toTaskResponse(verb: string, result: ActionResult): InvokeResponse {
  switch (result.kind) {
    case "card":
      return {
        status: 200,
        body: {
          task: {
            type: "continue",
            value: { title: TITLES[verb] ?? "Sounding Board", width: "large", height: "large", card: { contentType: "application/vnd.microsoft.card.adaptive", content: forDialog(result.card) } },
          },
        },
      };
    case "message":
      return { status: 200, body: { task: { type: "message", value: result.text } } };
    case "error":
      // Teams shows a dialog's message in place; the status stays the one the refusal has.
      return { status: result.status, body: { task: { type: "message", value: result.message } } };
  }
}
