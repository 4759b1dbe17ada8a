import type { FallbackHandler } from "../router.ts";

/** Anything we don't recognise gets a short, friendly nudge rather than silence. */
export const unknownText: FallbackHandler = async (turn, text) => {
  const shown = text.trim().replace(/\s+/g, " ").slice(0, 40);
  const what = shown.length > 0 ? `“${shown}${text.trim().length > 40 ? "…" : ""}”` : "that";
  await turn.sendText(`Sorry, I didn't understand ${what}. Type **help** to see what I can do.`);
};
