import { STATEMENT_HEDGE } from "./words.ts";

/** Stage 7: a point's statement, from its most central sentence. */
/**
 * A short, clean statement from a sentence: leading hedges ("I think…") dropped, first letter
 * capitalised, no trailing full stop, and at most `maxWords` words — cut at the end of the main
 * clause when there is one, otherwise after `maxWords` words with an ellipsis.
 */
export function statementOf(sentence: string, maxWords = 25): string {
  let s = sentence.trim().replace(/\s+/g, " ");
  const unhedged = s.replace(STATEMENT_HEDGE, "");
  if (unhedged.length > 0) s = unhedged;
  const words = s.split(" ");
  if (words.length > maxWords) {
    // The main clause: up to the first clause break (; : a dash, or a comma before a conjunction)
    // that leaves at least five words.
    const clause = /^(.+?)(?:\s*[;:]\s|\s[—–-]\s|,\s(?:but|which|so|because|as|and|although|though|while|whereas)\s)/i.exec(s);
    const head = clause?.[1];
    const n = head ? head.split(" ").length : 0;
    s = head && n >= 5 && n <= maxWords ? head : `${words.slice(0, maxWords).join(" ").replace(/[,;:]$/, "")}…`;
  }
  s = s.replace(/[\s.;:,]+$/, "");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

