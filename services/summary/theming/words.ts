import winkNLP, { type ItsFunction, type WinkMethods } from "wink-nlp";
import model from "wink-eng-lite-web-model";

/**
 * The words the engine reads with: wink-nlp (loaded once), the board-domain concept map, hedges and
 * negators, and memo tables of what wink says about each distinct word (pure functions of the
 * text, so emptying them never changes a result).
 */
// Vocabulary.

/**
 * Words that carry no point of their own: hedges and fillers wink does not list as stop words.
 * They are skipped as features and are transparent to negation ("I don't think X" negates X).
 */
export const HEDGES = new Set(
  (
    "think believe feel reckon suppose guess expect really actually also just perhaps maybe probably definitely " +
    "certainly quite rather very still yet already generally overall personally honestly frankly obviously " +
    "bit lot lots thing things something anything everything etc e.g i.e need needs needed ought want wants " +
    "would could should might must shall will can may seem seems say said i'm i've i'd i'll we're we've we'd " +
    "we'll you're they're it's that's there's let's"
  ).split(" "),
);

/** Words after which the next content word is negated, beyond wink's own negation triggers. */
export const EXTRA_NEGATORS = new Set(["lack", "lacking", "absence", "absent", "nobody", "neither", "nor"]);

/**
 * The board-domain concept map: words members use interchangeably for one idea on a health and
 * wellbeing board. Small and literal on purpose — each group is a paraphrase family seen in board
 * feedback (seed 002), not a general thesaurus. A group named "not_…" is a negative form ("unclear"
 * = not clear), so negating it gives the positive concept back. Listed words count even when wink
 * calls them stop words ("before"). Words match by stem, so a group takes every form of a word it
 * lists ("community" and "communities" alike: neither is listed, as "community sector" is not the
 * public).
 */
export const CONCEPTS: Record<string, string[]> = {
  "~account": ["account", "accountable", "accountability", "answerable"],
  "~measure": ["measure", "measurable", "measurement", "measured", "metric", "metrics", "kpi", "kpis", "indicator", "indicators", "target", "targets", "quantifiable"],
  "~clear": ["clear", "clearer", "clarity", "clarify", "clarification", "sure", "certain", "understand", "understood", "know", "knew", "known", "aware", "explicit"],
  "not_~clear": ["unclear", "unsure", "uncertain", "confused", "confusing", "confusion", "vague", "ambiguous", "ambiguity", "unknown", "muddled", "baffled"],
  "~lead": ["lead", "leads", "leading", "led", "leader", "leaders", "leadership", "steer", "steering", "spearhead"],
  "~county": ["county", "countywide", "county-wide", "pan-county"],
  "~partner": ["partner", "partners", "partnership", "organisation", "organisations", "organization", "organizations", "agency", "agencies"],
  "~share": ["share", "shared", "sharing", "circulate", "circulated", "circulation", "visibility"],
  "~coordinate": ["coordinate", "coordinated", "coordinating", "coordination", "co-ordinate", "co-ordinated", "co-ordinating", "co-ordination", "align", "aligned", "alignment"],
  "~commission": ["commission", "commissioning", "commissioned", "commissioner", "commissioners"],
  "~plan": ["plan", "plans", "planning", "intention", "intentions"],
  "~sustain": ["sustainable", "sustainability", "viable", "viability", "affordable", "affordability"],
  "~funding": ["funding", "fund", "funds", "budget", "budgets", "money", "finance", "finances", "financial", "investment", "invest", "resource", "resources", "resourcing"],
  "~public": ["public", "patient", "patients", "resident", "residents", "citizen", "citizens"],
  "~choose": ["choose", "chose", "chosen", "choice", "pick", "picked", "select", "selected", "selection"],
  "~prevent": ["prevention", "preventive", "preventative", "prevent"],
  "~session": ["session", "sessions", "workshop", "workshops", "seminar", "seminars", "awayday"],
  "~facilitate": ["facilitate", "facilitated", "facilitator", "facilitation"],
  "~early": ["early", "earlier", "before", "beforehand", "upfront", "advance", "prior"],
  "~signoff": ["finalise", "finalised", "finalize", "finalized", "final", "approve", "approved", "approval", "ratify", "ratified"],
  "~role": ["role", "roles", "job", "remit", "purpose", "function"],
  "~data": ["data", "information", "intelligence"],
  "~report": ["report", "reports", "reported", "reporting", "update", "updates"],
  "~challenge": ["challenge", "challenges", "pressure", "pressures"],
};

/**
 * Multi-word paraphrases, matched on the same keys as words; "*" stands for up to three words of
 * any kind. A match replaces its words' features with the concept.
 */
export const PHRASES: Array<[concept: string, pattern: string]> = [
  ["~account", "hold * to account"],
  ["~account", "held * to account"],
  ["~account", "call * to account"],
  ["~measure", "what success look like"],
  ["~measure", "what good look like"],
  ["~measure", "success measure"],
  ["~coordinate", "join up"],
  ["~coordinate", "joined up"],
  ["~clear", "make sense"],
  ["not_~clear", "in the dark"],
  ["~session", "away day"],
  ["~session", "development day"],
  ["~early", "in advance"],
  ["~signoff", "sign off"],
  ["~signoff", "signed off"],
];

/** A whole fragment that says nothing: "N/A", "None.", "No comment", "Nothing to add". */
export const NON_ANSWER = /^(n\/?a|none|nil|nothing( (to add|further|more))?|no( further)? comments?|not applicable|no|yes|ok|okay|pass)[\s.!]*$/i;

/** Leading hedges dropped from a statement: "I think (that) the Board…" → "The Board…". */
export const STATEMENT_HEDGE = /^(?:(?:i|we) (?:think|feel|believe|would say|reckon)(?: that)?|i'd say|in my (?:view|opinion)|for me|personally|to be honest|honestly|frankly)\s*,?\s+/i;

/** List markers trimmed off the front of a fragment (and Word's "o" sub-bullet). */
export const BULLETS = new Set(["-", "–", "—", "•", "*", "·", "‣", "◦", "▪", ">"]);

// wink-nlp, loaded once. No POS tagging or NER: sentence boundaries, negation and sentiment are all
// this needs per answer. Lemma and stem are looked up once per distinct word (see `resolveKeys`).

let nlpInstance: WinkMethods | undefined;
export function nlp(): WinkMethods {
  nlpInstance ??= winkNLP(model, ["sbd", "negation", "sentiment"]);
  return nlpInstance;
}

/** Parts wink splits contractions into ("do|n't", "ca|n't", "we|'re"): stop words wherever they appear. */
export const CONTRACTION_PARTS = ["n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m", "ca", "wo", "sha"];

/** wink's lemma and stem helpers; their declared signature (with `addons`) doesn't match `out()`'s. */
const lemmaOut = (w: WinkMethods) => w.its.lemma as unknown as ItsFunction<string>;
const stemOut = (w: WinkMethods) => w.its.stem as unknown as ItsFunction<string>;

/** Lower-cased word → the Porter stem of its wink lemma ("partners" → "partner", "measurable" → "measur"). */
export const keyCache = new Map<string, string>();

/**
 * wink output of `f` for each word, the words read as one document, one a line; a word that wink
 * splits into several tokens maps to itself.
 */
function perWord(words: string[], f: (w: WinkMethods) => ItsFunction<string>): string[] {
  const w = nlp();
  const tokens = w.readDoc(words.join("\n")).tokens();
  const types = tokens.out(w.its.type) as string[];
  const outs = tokens.out(f(w)) as string[];
  const result: string[] = [];
  let found: string[] = [];
  const settle = () => {
    const word = words[result.length];
    if (word !== undefined) result.push(found.length === 1 ? found[0]!.toLowerCase() : word);
    found = [];
  };
  for (let i = 0; i < types.length; i += 1) {
    if (types[i] === "tabCRLF") settle();
    else found.push(outs[i]!);
  }
  while (result.length < words.length) settle();
  return result;
}

/**
 * Keys of new words, in two batched wink reads (lemmas, then their stems). Without POS tagging a
 * lemma needs no context, and stemming is the slowest thing wink does per token while a round's
 * vocabulary is small — so each distinct word is done once and memoised.
 */
export function resolveKeys(words: string[]): void {
  const missing = [...new Set(words)].filter((w) => !keyCache.has(w));
  if (missing.length === 0) return;
  const lemmas = perWord(missing, lemmaOut);
  const stems = perWord(lemmas, stemOut);
  missing.forEach((w, i) => keyCache.set(w, stems[i]!));
}

export const keyOf = (lower: string): string => keyCache.get(lower) ?? lower;

interface Vocabulary {
  concepts: Map<string, string>;
  /** Phrases by the key of their first word. */
  phrases: Map<string, Array<{ concept: string; parts: string[] }>>;
}
let vocabularyCache: Vocabulary | undefined;

/** The concept map and phrases, keyed like the features. */
export function vocabulary(): Vocabulary {
  if (!vocabularyCache) {
    const listed = Object.values(CONCEPTS).flat().map((w) => w.toLowerCase());
    const phraseWords = PHRASES.flatMap(([, p]) => p.split(" ").filter((x) => x !== "*"));
    resolveKeys([...listed, ...phraseWords]);
    const concepts = new Map<string, string>();
    for (const [concept, words] of Object.entries(CONCEPTS)) {
      for (const word of words) if (!concepts.has(keyOf(word.toLowerCase()))) concepts.set(keyOf(word.toLowerCase()), concept);
    }
    const phrases = new Map<string, Array<{ concept: string; parts: string[] }>>();
    for (const [concept, pattern] of PHRASES) {
      const parts = pattern.split(" ").map((p) => (p === "*" ? p : keyOf(p)));
      const list = phrases.get(parts[0]!) ?? [];
      list.push({ concept, parts });
      phrases.set(parts[0]!, list);
    }
    vocabularyCache = { concepts, phrases };
  }
  return vocabularyCache;
}

/** What a word contributes, worked out once per distinct lower-cased word. */
export interface WordInfo {
  key: string;
  /** Its concept, if the concept map lists it (counts even for a stop word). */
  concept: string | undefined;
  /** Its key, if it may be a feature when it is not a stop word (not a hedge, has two letters). */
  plain: string | undefined;
  negator: boolean;
}
const infoCache = new Map<string, WordInfo>();

export function infoOf(lower: string): WordInfo {
  let info = infoCache.get(lower);
  if (!info) {
    const key = keyOf(lower);
    info = {
      key,
      concept: vocabulary().concepts.get(key),
      plain: !HEDGES.has(lower.replace(/’/g, "'")) && !HEDGES.has(key) && /\p{L}.*\p{L}/u.test(key) ? key : undefined,
      negator: EXTRA_NEGATORS.has(lower),
    };
    infoCache.set(lower, info);
  }
  return info;
}

/** What wink says about a token text, memoised (see fragmentsOf). */
export interface TokenEntry {
  type: string;
  stop: boolean;
  word: WordInfo | undefined;
}
export const tokenCache = new Map<string, TokenEntry>();

/** Memo tables hold at most this many token texts; they are pure, so emptying them changes nothing. */
const MEMO_LIMIT = 500_000;

/** Empties the memo tables when they are full (a long-running bot), and seeds the contraction parts. */
export function checkMemo(): void {
  if (tokenCache.size > 0 && tokenCache.size < MEMO_LIMIT && keyCache.size < MEMO_LIMIT) return;
  tokenCache.clear();
  keyCache.clear();
  infoCache.clear();
  vocabularyCache = undefined;
  for (const part of CONTRACTION_PARTS) {
    for (const v of [part, part.toUpperCase(), part.charAt(0).toUpperCase() + part.slice(1)]) tokenCache.set(v, { type: "word", stop: true, word: undefined });
  }
}

