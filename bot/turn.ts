import type { AdaptiveCard } from "../cards/render.ts";

/**
 * What a handler may know and do in one turn, without botbuilder: who is speaking, where, and how to answer.
 * The bot wraps TurnContext in this, so handlers stay small and testable.
 */
export interface Turn {
  tenantId: string;
  conversationType: "personal" | "channel" | "groupChat";
  conversationId: string;
  teamId?: string;
  user: { id: string; aadObjectId?: string; name?: string };
  /** People @mentioned in the message (not the bot), as Teams names them: their Teams ids (29:…) and names. */
  mentions: Array<{ id: string; name: string }>;
  sendText(text: string): Promise<void>;
  sendCard(card: AdaptiveCard): Promise<void>;
}

/** The result of an Action.Execute (or Action.Submit fallback) handler. */
export type ActionResult =
  | { kind: "card"; card: AdaptiveCard }
  | { kind: "message"; text: string }
  | { kind: "error"; status: 400 | 403 | 404 | 409 | 412 | 500 | 503; code: string; message: string };

export const badRequest = (message: string): ActionResult => ({ kind: "error", status: 400, code: "BadRequest", message });

/** The acting person: who, and in which tenant (boards are looked up in that tenant only). */
export function actorOf(turn: Turn): { aadObjectId?: string; name?: string; tenantId: string } {
  return { aadObjectId: turn.user.aadObjectId, name: turn.user.name, tenantId: turn.tenantId };
}
