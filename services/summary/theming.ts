import v8 from "node:v8";
import winkNLP, { type ItsFunction, type WinkMethods } from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { Point, Quantifier, ThemedTheme, ThemingAnswer, ThemingQuestion } from "./summary.types.ts";

/**
 * The theming engine: turns members' free-text answers into seed 002's shape — per theme, the
 * points members made ("Board members were in agreement that…", "Some Board members were unclear
 * about…", "Mixed views about…") with how many made each and their own words as evidence, then the
 * recommendations. Pure, deterministic and offline: wink-nlp with its English lite model.
 *
 * Pipeline (one call):
 *  1. Sentences. Every answer is read by wink-nlp and cut at wink's sentence boundaries, and also at
 *     wink's line-break tokens, because members answer in bullet lists and wink's sentence detector
 *     does not end a sentence at a line break. Evidence is the original text from the first to the
 *     last token of a sentence (offsets of wink's lossless tokens), so it is always a verbatim
 *     substring of the answer. List markers are trimmed; fragments with no content word are dropped.
 *  2. Features. Content words (not wink stop words, punctuation or a few hedges such as "think",
 *     "really") become the Porter stem (wink `its.stem`) of their wink lemma, then pass through a
 *     small board-domain concept map (CONCEPTS, PHRASES) so that paraphrases share features:
 *     "accountable", "accountability" and "hold each other to account" are all `~account`;
 *     "unclear", "unsure", "confused" are `not_~clear`, like "not clear". Negation is a feature: the
 *     first content word of a negated span (wink's negationFlag; "lack of", "nobody") gets `not_`,
 *     so "they are clear" (`~clear`) and "they are not clear" (`not_~clear`) differ while the rest
 *     of the sentence still matches.
 *  3. Vectors. All sentences of the round form one BM25 corpus (wink's bm25-vectorizer's formula
 *     and rounding, L2 norm, computed over term ids: `bm25Vectors`), so specific words weigh more than words every answer uses. Within a theme, words that only
 *     echo its question ("role", "commissioning plans") are dropped, and words no other sentence of
 *     the group uses are down-weighted (see `groupVectors`).
 *  4. Off-theme sentences move to the theme they are plainly about (see `moveOffThemeSentences`).
 *  5. Clustering, separately for each theme's views (→ points) and recommendations, always in the
 *     order (memberId, questionId, position), so the result never depends on arrival order:
 *       - one pass of leader/centroid clustering: a sentence joins the cluster whose summed vector
 *         it is most similar to (cosine ≥ threshold) or starts a new one; candidate clusters come
 *         from an inverted index term → clusters over the sentence's heaviest terms, capped, so the
 *         work per sentence is bounded and the whole is near-linear — never all pairs;
 *       - refinement: a batch re-assignment round (k-means style, leave-one-out so a sentence can
 *         leave the cluster it started), then clusters whose prototypes are as similar as a
 *         sentence must be to join are merged (wink's `similarity.bow.cosine` on the prototypes,
 *         computed without building bag objects: `bowCosine`).
 *     The per-sentence loops compute the same cosine as a sparse dot product of unit vectors
 *     (wink's cosine rebuilds both bags on every call, which would dominate 10,000 responses).
 *  6. Points. Supporters are distinct members; the statement is the most central sentence (highest
 *     cosine with the cluster's summed vector), cleaned and shortened; evidence the most central
 *     distinct sentences; the quantifier compares supporters with the members who answered that
 *     kind of question in the theme, and is "mixed" when members take opposite stances (`isMixed`).
 *
 * Speed: wink's reading dominates. No POS tagging or NER is run; lemma and stem are worked out once
 * per distinct word, and token type and stop-word flag once per distinct token text (module-level
 * memo tables — pure functions of the text, so they never change a result). Vectors live in typed
 * array pools rather than an object each; BM25 and the prototype cosine are wink's arithmetic on
 * those arrays (bit-for-bit the same numbers as wink's utilities, without an object per sentence).
 */

export interface ThemingOptions {
  /** Cosine a sentence needs with a cluster to join it (and prototypes need to merge). Default 0.3. */
  threshold?: number;
  /** Evidence sentences kept per point. Default 5. */
  maxEvidence?: number;
  /** Words a statement may have before it is cut to its main clause. Default 25. */
  maxStatementWords?: number;
  /** Move clearly off-theme sentences to the theme they are about. Default true. */
  moveOffTheme?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Tunables (documented where used; the tests exercise them).

const DEFAULT_THRESHOLD = 0.3;
/** Off-theme move: absolute cosine with the other theme's profile… */
const MOVE_MIN = 0.2;
/** …that beats the sentence's own theme's profile by this much… */
const MOVE_MARGIN = 0.12;
/** …and by this factor. */
const MOVE_RATIO = 2;
/** Off-theme move: a sentence needs this many distinct features to be considered at all. */
const MOVE_MIN_FEATURES = 3;
/** Weight of a theme's question text in its profile, relative to one answer sentence. */
const QUESTION_WEIGHT = 2;
/** Weight, relative to BM25's, of a word no other sentence in the group uses (see groupVectors). */
const RARE_WEIGHT = 0.4;
/** Heaviest terms of a sentence used to look up candidate clusters. */
const QUERY_TERMS = 6;
/** Heaviest terms of a sentence under which its cluster is indexed. */
const INDEX_TERMS = 4;
/** Candidate clusters scored per sentence, at most. */
const MAX_CANDIDATES = 24;
/** Batch re-assignment rounds after the first pass. */
const REASSIGN_ROUNDS = 1;
/** Terms kept in a cluster's prototype, the bag compared when merging clusters. */
const PROTOTYPE_TERMS = 30;
/** Prototype terms that name a cluster's topic when looking for disagreement. */
const KEY_TERMS = 8;
/** wink sentiment (−1…1) that counts as a clearly positive or negative stance. */
const STANCE_SENTIMENT = 0.3;

// ---------------------------------------------------------------------------------------------
// Vocabulary.

/**
 * Words that carry no point of their own: hedges and fillers wink does not list as stop words.
 * They are skipped as features and are transparent to negation ("I don't think X" negates X).
 */
const HEDGES = new Set(
  (
    "think believe feel reckon suppose guess expect really actually also just perhaps maybe probably definitely " +
    "certainly quite rather very still yet already generally overall personally honestly frankly obviously " +
    "bit lot lots thing things something anything everything etc e.g i.e need needs needed ought want wants " +
    "would could should might must shall will can may seem seems say said i'm i've i'd i'll we're we've we'd " +
    "we'll you're they're it's that's there's let's"
  ).split(" "),
);

/** Words after which the next content word is negated, beyond wink's own negation triggers. */
const EXTRA_NEGATORS = new Set(["lack", "lacking", "absence", "absent", "nobody", "neither", "nor"]);

/**
 * The board-domain concept map: words members use interchangeably for one idea on a health and
 * wellbeing board. Small and literal on purpose — each group is a paraphrase family seen in board
 * feedback (seed 002), not a general thesaurus. A group named "not_…" is a negative form ("unclear"
 * = not clear), so negating it gives the positive concept back. Listed words count even when wink
 * calls them stop words ("before"). Words match by stem, so a group takes every form of a word it
 * lists ("community" and "communities" alike: neither is listed, as "community sector" is not the
 * public).
 */
const CONCEPTS: Record<string, string[]> = {
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
const PHRASES: Array<[concept: string, pattern: string]> = [
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
const NON_ANSWER = /^(n\/?a|none|nil|nothing( (to add|further|more))?|no( further)? comments?|not applicable|no|yes|ok|okay|pass)[\s.!]*$/i;

/** Leading hedges dropped from a statement: "I think (that) the Board…" → "The Board…". */
const STATEMENT_HEDGE = /^(?:(?:i|we) (?:think|feel|believe|would say|reckon)(?: that)?|i'd say|in my (?:view|opinion)|for me|personally|to be honest|honestly|frankly)\s*,?\s+/i;

/** List markers trimmed off the front of a fragment (and Word's "o" sub-bullet). */
const BULLETS = new Set(["-", "–", "—", "•", "*", "·", "‣", "◦", "▪", ">"]);

// ---------------------------------------------------------------------------------------------
// wink-nlp, loaded once. No POS tagging or NER: sentence boundaries, negation and sentiment are all
// this needs per answer. Lemma and stem are looked up once per distinct word (see `resolveKeys`).

let nlpInstance: WinkMethods | undefined;
function nlp(): WinkMethods {
  nlpInstance ??= winkNLP(model, ["sbd", "negation", "sentiment"]);
  return nlpInstance;
}

/** Parts wink splits contractions into ("do|n't", "ca|n't", "we|'re"): stop words wherever they appear. */
const CONTRACTION_PARTS = ["n't", "n’t", "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m", "ca", "wo", "sha"];

/** wink's lemma and stem helpers; their declared signature (with `addons`) doesn't match `out()`'s. */
const lemmaOut = (w: WinkMethods) => w.its.lemma as unknown as ItsFunction<string>;
const stemOut = (w: WinkMethods) => w.its.stem as unknown as ItsFunction<string>;

/** Lower-cased word → the Porter stem of its wink lemma ("partners" → "partner", "measurable" → "measur"). */
const keyCache = new Map<string, string>();

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
function resolveKeys(words: string[]): void {
  const missing = [...new Set(words)].filter((w) => !keyCache.has(w));
  if (missing.length === 0) return;
  const lemmas = perWord(missing, lemmaOut);
  const stems = perWord(lemmas, stemOut);
  missing.forEach((w, i) => keyCache.set(w, stems[i]!));
}

const keyOf = (lower: string): string => keyCache.get(lower) ?? lower;

interface Vocabulary {
  concepts: Map<string, string>;
  /** Phrases by the key of their first word. */
  phrases: Map<string, Array<{ concept: string; parts: string[] }>>;
}
let vocabularyCache: Vocabulary | undefined;

/** The concept map and phrases, keyed like the features. */
function vocabulary(): Vocabulary {
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
interface WordInfo {
  key: string;
  /** Its concept, if the concept map lists it (counts even for a stop word). */
  concept: string | undefined;
  /** Its key, if it may be a feature when it is not a stop word (not a hedge, has two letters). */
  plain: string | undefined;
  negator: boolean;
}
const infoCache = new Map<string, WordInfo>();

function infoOf(lower: string): WordInfo {
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
interface TokenEntry {
  type: string;
  stop: boolean;
  word: WordInfo | undefined;
}
const tokenCache = new Map<string, TokenEntry>();

/** Memo tables hold at most this many token texts; they are pure, so emptying them changes nothing. */
const MEMO_LIMIT = 500_000;

/** Empties the memo tables when they are full (a long-running bot), and seeds the contraction parts. */
function checkMemo(): void {
  if (tokenCache.size > 0 && tokenCache.size < MEMO_LIMIT && keyCache.size < MEMO_LIMIT) return;
  tokenCache.clear();
  keyCache.clear();
  infoCache.clear();
  vocabularyCache = undefined;
  for (const part of CONTRACTION_PARTS) {
    for (const v of [part, part.toUpperCase(), part.charAt(0).toUpperCase() + part.slice(1)]) tokenCache.set(v, { type: "word", stop: true, word: undefined });
  }
}

// ---------------------------------------------------------------------------------------------
// Sentences and features.

interface Fragment {
  text: string;
  features: string[];
  sentiment: number;
}

/** wink's per-token output for one answer; `words` holds the word tokens' infos (others undefined). */
interface TokenData {
  words: Array<WordInfo | undefined>;
  types: string[];
  stops: boolean[];
  negs: boolean[];
}

const negate = (feature: string): string => (feature.startsWith("not_") ? feature.slice(4) : `not_${feature}`);

/** Features of tokens from..to (inclusive): stems, concepts, phrases, negation (header, step 2). */
function featuresOf(d: TokenData, from: number, to: number): string[] {
  const { phrases } = vocabulary();
  // Phrases, matched over word tokens (stop words included, punctuation ignored): token index where
  // one starts → its concept and the token index after it.
  let phraseAt: Map<number, { concept: string; end: number }> | undefined;
  for (let i = from; i <= to; i += 1) {
    const candidates = d.words[i] && phrases.get(d.words[i]!.key);
    if (!candidates) continue;
    // The word tokens from i on, as keys (a short look-ahead is enough for any phrase).
    const ahead: Array<[key: string, at: number]> = [];
    for (let j = i; j <= to && ahead.length < 8; j += 1) if (d.words[j]) ahead.push([d.words[j]!.key, j]);
    for (const { concept, parts } of candidates) {
      let j = 1;
      let ok = true;
      for (let p = 1; p < parts.length && ok; p += 1) {
        if (parts[p] === "*") {
          const next = parts[p + 1];
          let gap = 0;
          while (j < ahead.length && gap <= 3 && ahead[j]![0] !== next) {
            j += 1;
            gap += 1;
          }
          ok = j < ahead.length && gap <= 3;
        } else if (ahead[j]?.[0] === parts[p]) j += 1;
        else ok = false;
      }
      if (ok) {
        (phraseAt ??= new Map()).set(i, { concept, end: j < ahead.length ? ahead[j]![1] : to + 1 });
        break;
      }
    }
  }
  const features: string[] = [];
  let pending = false;
  let skipUntil = from;
  for (let i = from; i <= to; i += 1) {
    // wink flags the words after a negation ("not", "n't", "no", "never", "without"…): the first
    // flagged token opens a negated span.
    if (d.negs[i] && (i === from || !d.negs[i - 1])) pending = true;
    if (d.types[i] === "punctuation") {
      pending = false;
      continue;
    }
    const info = d.words[i];
    if (!info || i < skipUntil) continue;
    const phrase = phraseAt?.get(i);
    let feature: string | undefined;
    if (phrase) {
      feature = phrase.concept;
      skipUntil = phrase.end;
    } else if (info.negator) {
      pending = true;
      continue;
    } else feature = info.concept ?? (d.stops[i] ? undefined : info.plain);
    if (feature === undefined) continue;
    features.push(pending ? negate(feature) : feature);
    pending = false;
  }
  return features;
}

/**
 * An answer's fragments (header, step 1): wink sentences, also cut at line breaks, list markers
 * trimmed, evidence copied from the original text by token offsets.
 */
function fragmentsOf(text: string): Fragment[] {
  const w = nlp();
  const { its } = w;
  const doc = w.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out(its.value) as string[];
  const n = values.length;
  const d: TokenData = {
    words: new Array<WordInfo | undefined>(n),
    types: new Array<string>(n),
    stops: new Array<boolean>(n),
    negs: tokens.out(its.negationFlag) as unknown as boolean[],
  };
  // A token's type and stop-word flag depend on its text only (wink looks them up by the token's
  // hash), so they are memoised per token text; only an answer with a new token text asks wink for
  // them. Contraction parts are the exception (their stop flag comes from the expansion): they are
  // never memoised, except the usual ones, which are stop words wherever they appear.
  let missed = false;
  for (let i = 0; i < n; i += 1) {
    const t = tokenCache.get(values[i]!);
    if (t) {
      d.types[i] = t.type;
      d.stops[i] = t.stop;
      d.words[i] = t.word;
    } else missed = true;
  }
  if (missed) {
    const types = tokens.out(its.type) as string[];
    const stops = tokens.out(its.stopWordFlag) as unknown as boolean[];
    const contractions = tokens.out(its.contractionFlag) as unknown as boolean[];
    const fresh: string[] = [];
    for (let i = 0; i < n; i += 1) if (types[i] === "word" && !keyCache.has(values[i]!.toLowerCase())) fresh.push(values[i]!.toLowerCase());
    resolveKeys(fresh);
    for (let i = 0; i < n; i += 1) {
      if (d.types[i] !== undefined) continue;
      const entry: TokenEntry = { type: types[i]!, stop: stops[i]!, word: types[i] === "word" ? infoOf(values[i]!.toLowerCase()) : undefined };
      if (!contractions[i]) tokenCache.set(values[i]!, entry);
      d.types[i] = entry.type;
      d.stops[i] = entry.stop;
      d.words[i] = entry.word;
    }
  }
  const types = d.types;
  const sentences = doc.sentences();
  const spans = sentences.out(its.span) as unknown as Array<[number, number]>;
  const sentiments = sentences.out(its.sentiment) as unknown as number[];
  // Character offsets of every token in the original text (wink's tokenizer is lossless).
  const starts: number[] = new Array<number>(values.length);
  const ends: number[] = new Array<number>(values.length);
  let cursor = 0;
  for (let i = 0; i < values.length; i += 1) {
    const at = text.indexOf(values[i]!, cursor);
    starts[i] = at < 0 ? cursor : at;
    ends[i] = at < 0 ? cursor : at + values[i]!.length;
    cursor = ends[i]!;
  }
  const lineBreak = (i: number) => types[i] === "tabCRLF" && /[\r\n]/.test(values[i]!);
  const fragments: Fragment[] = [];
  spans.forEach(([first, last], s) => {
    let a = first;
    while (a <= last) {
      let b = a;
      while (b <= last && !lineBreak(b)) b += 1;
      const whole = a === first && b > last;
      let from = a;
      let to = b - 1;
      // Trim whitespace and one list marker off the front: a bullet ("-", "•", Word's "o") or
      // numbering ("1.", "2)", "a)")…
      while (from <= to && types[from] === "tabCRLF") from += 1;
      const v = values[from];
      if (from < to && v !== undefined) {
        if ((types[from] !== "word" && BULLETS.has(v)) || (v === "o" && types[from + 1] === "word")) from += 1;
        else if (/^[.)]$/.test(values[from + 1]!) && (types[from] === "number" || (/^[a-z]$/i.test(v) && values[from + 1] === ")"))) from += 2;
      }
      // …and whitespace off the end.
      while (to >= from && types[to] === "tabCRLF") to -= 1;
      if (from <= to) {
        const evidence = text.slice(starts[from], ends[to]).trim();
        if (evidence !== "" && !(evidence.length <= 30 && NON_ANSWER.test(evidence))) {
          const features = featuresOf(d, from, to);
          if (features.length > 0) {
            // A fragment cut at a line break gets its own sentiment.
            const sentiment = whole ? (sentiments[s] ?? 0) : (w.readDoc(evidence).out(its.sentiment) as unknown as number);
            fragments.push({ text: evidence, features, sentiment });
          }
        }
      }
      a = b + 1;
    }
  });
  return fragments;
}

/**
 * How the engine reads a text: its sentences (verbatim) and each one's features — for tests and for
 * explaining a grouping ("why were these together?").
 */
export function explainSentences(text: string): Array<{ text: string; features: string[] }> {
  checkMemo();
  return fragmentsOf(text).map((f) => ({ text: f.text, features: f.features }));
}

// ---------------------------------------------------------------------------------------------
// Vectors. Tens of thousands of short sentences make per-vector objects and boxed numbers the cost,
// so vectors live in pools: term ids and weights in two typed arrays, each vector a [start, end)
// range, terms heaviest first (ties by id, i.e. first seen — deterministic).

class VecPool {
  ids = new Int32Array(1024);
  w = new Float64Array(1024);
  /** Vector v is entries start[v] … start[v + 1] − 1. */
  start: number[] = [0];

  get count(): number {
    return this.start.length - 1;
  }

  /** Adds a vector (the arrays are reordered in place); returns its index. */
  push(ids: number[], ws: number[], normalise: boolean): number {
    // Insertion sort: these vectors have a handful of terms.
    for (let a = 1; a < ids.length; a += 1) {
      const id = ids[a]!;
      const x = ws[a]!;
      let b = a - 1;
      while (b >= 0 && (ws[b]! < x || (ws[b] === x && ids[b]! > id))) {
        ids[b + 1] = ids[b]!;
        ws[b + 1] = ws[b]!;
        b -= 1;
      }
      ids[b + 1] = id;
      ws[b + 1] = x;
    }
    let n = 1;
    if (normalise) {
      let s = 0;
      for (const x of ws) s += x * x;
      n = Math.sqrt(s) || 1;
    }
    const at = this.start[this.start.length - 1]!;
    if (at + ids.length > this.ids.length) {
      const size = Math.max(this.ids.length * 2, at + ids.length);
      const moreIds = new Int32Array(size);
      moreIds.set(this.ids);
      const moreW = new Float64Array(size);
      moreW.set(this.w);
      this.ids = moreIds;
      this.w = moreW;
    }
    for (let k = 0; k < ids.length; k += 1) {
      this.ids[at + k] = ids[k]!;
      this.w[at + k] = ws[k]! / n;
    }
    this.start.push(at + ids.length);
    return this.start.length - 2;
  }
}

/** BM25 parameters: wink's bm25-vectorizer defaults, as this engine has always used them. */
const BM25 = { k: 1, k1: 1.2, b: 0.75, precision: 6 };

/**
 * BM25 vectors (L2-normalised) of every sentence — sentence i's features are
 * `featureIds[featureStart[i] … featureStart[i + 1] − 1]` — pushed into `pool` as vectors 0 … n − 1.
 * The arithmetic is wink's bm25-vectorizer's, operation for operation and in the same order (idf and
 * weights rounded to 6 decimals as it does), so the numbers are bit-for-bit the ones wink gives; it
 * works on term ids in typed arrays instead of a bag object per sentence, which at 10,000 responses
 * took most of a second and tens of megabytes. `vectorOf` is wink's `bowOf` (words the round never
 * used are ignored; −1 = unknown term).
 */
function bm25Vectors(featureIds: Int32Array, featureStart: number[], vocab: number, pool: VecPool): { vectorOf(ids: number[]): number } {
  const { k, k1, b, precision } = BM25;
  const n = featureStart.length - 1;
  const df = new Int32Array(vocab);
  const stamp = new Int32Array(vocab).fill(-1);
  const count = new Float64Array(vocab);
  let sumOfAllDLs = 0;
  for (let i = 0; i < n; i += 1) {
    sumOfAllDLs += featureStart[i + 1]! - featureStart[i]!;
    for (let j = featureStart[i]!; j < featureStart[i + 1]!; j += 1) {
      const t = featureIds[j]!;
      if (stamp[t] !== i) {
        stamp[t] = i;
        df[t]! += 1;
      }
    }
  }
  const avgDL = sumOfAllDLs / n;
  const idf = new Float64Array(vocab);
  for (let t = 0; t < vocab; t += 1) {
    if (df[t]! > 0) idf[t] = +Math.log((n - df[t]! + 0.5) / (df[t]! + 0.5) + k).toFixed(precision);
  }
  stamp.fill(-1);
  const distinct: number[] = [];
  const weights: number[] = [];
  /** One vector: term frequencies of `distinct` (first-occurrence order) in `count`, document length `dl`. */
  const push = (dl: number, idfOf: (t: number) => number): number => {
    weights.length = 0;
    let norm = 0;
    for (const t of distinct) {
      const w = (idfOf(t) * ((k1 + 1) * count[t]!)) / (k1 * (1 - b + b * (dl / avgDL)) + count[t]!);
      weights.push(w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    const ids: number[] = [];
    const ws: number[] = [];
    distinct.forEach((t, x) => {
      const w = +(weights[x]! / norm).toFixed(precision);
      if (w > 0) {
        ids.push(t);
        ws.push(w);
      }
      count[t] = 0;
    });
    distinct.length = 0;
    return pool.push(ids, ws, false);
  };
  for (let i = 0; i < n; i += 1) {
    for (let j = featureStart[i]!; j < featureStart[i + 1]!; j += 1) {
      const t = featureIds[j]!;
      if (stamp[t] !== i) {
        stamp[t] = i;
        distinct.push(t);
      }
      count[t]! += 1;
    }
    push(featureStart[i + 1]! - featureStart[i]!, (t) => idf[t]!);
  }
  return {
    vectorOf(ids: number[]): number {
      for (const t of ids) {
        if (t < 0 || t >= vocab || !idf[t]) continue;
        if (count[t] === 0) distinct.push(t);
        count[t]! += 1;
      }
      return push(ids.length, (t) => idf[t] || 1);
    },
  };
}

/** The round's vocabulary: features ↔ ids, and for each id its un-negated base and whether it is negated. */
class Terms {
  readonly names: string[] = [];
  readonly base: number[] = [];
  readonly negated: boolean[] = [];
  private readonly ids = new Map<string, number>();

  /** The term's id, or −1 if the round never used it. */
  find(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      const isNegated = term.startsWith("not_");
      const base = isNegated ? this.id(term.slice(4)) : -1;
      id = this.names.length;
      this.ids.set(term, id);
      this.names.push(term);
      this.base.push(isNegated ? base : id);
      this.negated.push(isNegated);
    }
    return id;
  }
}

// ---------------------------------------------------------------------------------------------
// The engine.

interface Sentence {
  order: number;
  memberId: string;
  themeIndex: number;
  kind: "view" | "recommendation";
  text: string;
  sentiment: number;
  /** Index of its round-wide BM25 vector (L2-normalised) in the round's pool. */
  vec: number;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Theme members' answers: one entry per theme in the order themes first appear in `questions`,
 * with its points (from "view" questions) and recommendations (from "recommendation" questions).
 * Answers to unknown questions and blank answers are ignored.
 */
export function themeAnswers(questions: ThemingQuestion[], answers: ThemingAnswer[], options: ThemingOptions = {}): ThemedTheme[] {
  // V8's allocation-site pretenuring takes wink's per-document objects for long-lived ones and
  // allocates them in the old generation, where they pile up as garbage until a full collection:
  // at 10,000 responses the heap peaked ~120 MB higher (live data stays ~65 MB) and the run was
  // ~10% slower. It only decides where new objects are placed, never what a program computes, and
  // this function is synchronous, so it is switched off for exactly this call. (Measured with
  // bench/summary-child.ts; see bench/PERFORMANCE.md.)
  if (PRETENURING_OFF_ALREADY) return themeAll(questions, answers, options);
  v8.setFlagsFromString("--no-allocation-site-pretenuring");
  try {
    return themeAll(questions, answers, options);
  } finally {
    v8.setFlagsFromString("--allocation-site-pretenuring");
  }
}

/** The process was started with pretenuring off: leave it off. */
const PRETENURING_OFF_ALREADY = process.execArgv.includes("--no-allocation-site-pretenuring");

function themeAll(questions: ThemingQuestion[], answers: ThemingAnswer[], options: ThemingOptions): ThemedTheme[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const maxEvidence = options.maxEvidence ?? 5;
  const maxWords = options.maxStatementWords ?? 25;
  const moveOffTheme = options.moveOffTheme ?? true;

  const themes: string[] = [];
  for (const q of questions) if (!themes.includes(q.theme)) themes.push(q.theme);
  if (themes.length === 0) return [];
  const themeOf = new Map(themes.map((t, i) => [t, i]));
  const questionById = new Map(questions.map((q) => [q.id, q]));

  // Fixed processing order: by member, question, then text (for duplicate rows).
  const sorted = answers
    .filter((a) => questionById.has(a.questionId) && typeof a.text === "string" && a.text.trim() !== "")
    .sort((x, y) => byCodeUnits(x.memberId, y.memberId) || byCodeUnits(x.questionId, y.questionId) || byCodeUnits(x.text, y.text));

  // Respondents per theme and kind: members who gave a non-blank answer.
  const respondents = themes.map(() => ({ view: new Set<string>(), recommendation: new Set<string>() }));
  for (const a of sorted) {
    const q = questionById.get(a.questionId)!;
    respondents[themeOf.get(q.theme)!]![q.kind].add(a.memberId);
  }

  checkMemo();
  // 1–2. Sentences and their features. Features are kept as term ids in one growing array (not an
  // array of strings per sentence) until BM25 has been learnt.
  const terms = new Terms();
  const sentences: Sentence[] = [];
  let featureIds = new Int32Array(4096);
  const featureStart: number[] = [0];
  for (const a of sorted) {
    const q = questionById.get(a.questionId)!;
    for (const f of fragmentsOf(a.text)) {
      let at = featureStart[featureStart.length - 1]!;
      if (at + f.features.length > featureIds.length) {
        const more = new Int32Array(Math.max(featureIds.length * 2, at + f.features.length));
        more.set(featureIds);
        featureIds = more;
      }
      for (const t of f.features) featureIds[at++] = terms.id(t);
      featureStart.push(at);
      sentences.push({ order: sentences.length, memberId: a.memberId, themeIndex: themeOf.get(q.theme)!, kind: q.kind, text: f.text, sentiment: f.sentiment, vec: -1 });
    }
  }
  if (sentences.length === 0) {
    return themes.map((theme, i) => ({ theme, respondents: themeRespondents(respondents[i]!), points: [], recommendations: [] }));
  }

  // 3. BM25 over the whole round, vectors kept as term ids in a pool (see `bm25Vectors`).
  const pool = new VecPool();
  const questionFeatures = new Map(questions.map((q) => [q.id, fragmentsOf(q.text).flatMap((f) => f.features)]));
  const questionVecs = new Map<string, number>();
  {
    const bm25 = bm25Vectors(featureIds, featureStart, terms.names.length, pool);
    featureIds = new Int32Array(0);
    sentences.forEach((s, i) => {
      s.vec = i;
    });
    for (const q of questions) questionVecs.set(q.id, bm25.vectorOf(questionFeatures.get(q.id)!.map((t) => terms.find(t))));
  }

  // 4. Off-theme sentences.
  if (moveOffTheme && themes.length > 1) {
    const qs = questions.map((q) => ({ theme: themeOf.get(q.theme)!, kind: q.kind, vec: questionVecs.get(q.id)! }));
    moveOffThemeSentences(sentences, themes.length, qs, pool, terms.names.length);
  }

  // 5–6. Cluster each theme's views and recommendations.
  const scratch = new Float64Array(terms.names.length);
  const localIds = new Int32Array(terms.names.length).fill(-1);
  // Each theme's sentences by kind, in processing order (one pass instead of one per theme and kind).
  const byTheme = themes.map(() => ({ view: [] as Sentence[], recommendation: [] as Sentence[] }));
  for (const s of sentences) byTheme[s.themeIndex]![s.kind].push(s);
  return themes.map((theme, themeIndex) => {
    const r = respondents[themeIndex]!;
    // Members whose sentences were moved here count as respondents, so supporters ≤ respondents.
    for (const kind of ["view", "recommendation"] as const) for (const s of byTheme[themeIndex]![kind]) r[kind].add(s.memberId);
    const kindPoints = (kind: "view" | "recommendation", prefix: string): Point[] => {
      const own = byTheme[themeIndex]![kind];
      if (own.length === 0) return [];
      const echo = new Set(questions.filter((q) => q.theme === theme && q.kind === kind).flatMap((q) => questionFeatures.get(q.id) ?? []).map((t) => terms.find(t)));
      const { vectors, global } = groupVectors(own, pool, echo, scratch, localIds);
      const clusters = cluster(vectors, global.length, threshold);
      return toPoints(clusters, own, vectors, global, pool, terms, scratch, r[kind].size, `t${themeIndex + 1}${prefix}`, maxEvidence, maxWords);
    };
    return { theme, respondents: themeRespondents(r), points: kindPoints("view", "p"), recommendations: kindPoints("recommendation", "r") };
  });
}

/** Members who answered the theme's view questions, or its recommendation questions if it has no views. */
function themeRespondents(r: { view: Set<string>; recommendation: Set<string> }): number {
  return r.view.size > 0 ? r.view.size : r.recommendation.size;
}

/**
 * Sentences' vectors for clustering within their theme and kind: each round-wide BM25 vector
 * without the words that only echo the theme's questions (kept whole if nothing else is left), with
 * words no other sentence of the group uses down-weighted to RARE_WEIGHT — such a word can never
 * make two sentences similar, and at full BM25 weight (the highest: it is the rarest) it only
 * dilutes the cosine, so short paraphrases with one idiosyncratic word each would never meet —
 * re-normalised. Vector i belongs to own[i]; its term ids are local to the group (0…global.length−1).
 */
function groupVectors(own: Sentence[], pool: VecPool, echo: Set<number>, df: Float64Array, local: Int32Array): { vectors: VecPool; global: number[] } {
  for (const s of own) for (let k = pool.start[s.vec]!; k < pool.start[s.vec + 1]!; k += 1) df[pool.ids[k]!]! += 1;
  // Round-wide term id → id local to the group (−1: not seen yet); `local` is all −1 on entry and on return.
  const global: number[] = [];
  const localOf = (id: number): number => {
    let l = local[id]!;
    if (l < 0) {
      l = global.length;
      local[id] = l;
      global.push(id);
    }
    return l;
  };
  const vectors = new VecPool();
  for (const s of own) {
    const ids: number[] = [];
    const ws: number[] = [];
    const from = pool.start[s.vec]!;
    const to = pool.start[s.vec + 1]!;
    for (let k = from; k < to; k += 1) {
      const id = pool.ids[k]!;
      if (echo.has(id)) continue;
      ids.push(localOf(id));
      ws.push(pool.w[k]! * (df[id]! >= 2 ? 1 : RARE_WEIGHT));
    }
    if (ids.length === 0) {
      for (let k = from; k < to; k += 1) {
        ids.push(localOf(pool.ids[k]!));
        ws.push(pool.w[k]!);
      }
    }
    vectors.push(ids, ws, true);
  }
  for (const s of own) for (let k = pool.start[s.vec]!; k < pool.start[s.vec + 1]!; k += 1) df[pool.ids[k]!] = 0;
  for (const id of global) local[id] = -1;
  return { vectors, global };
}

/**
 * "A sentence that plainly belongs to another theme may be moved there." Each theme has a profile:
 * the sum of its questions' vectors (× QUESTION_WEIGHT) and all its sentences' vectors, both kinds.
 * A sentence moves to theme T when its cosine with T's profile is at least MOVE_MIN, at least
 * MOVE_MARGIN above and MOVE_RATIO times its cosine with its own theme's profile (computed without
 * the sentence itself), and it has at least MOVE_MIN_FEATURES distinct features — so only a
 * sentence squarely about another theme and hardly about its own moves. All moves are decided
 * against the original profiles, then applied. A view stays a view and a recommendation a
 * recommendation (a theme without recommendation questions takes it as a view).
 */
function moveOffThemeSentences(sentences: Sentence[], themeCount: number, questions: Array<{ theme: number; kind: "view" | "recommendation"; vec: number }>, pool: VecPool, vocab: number): void {
  const profiles = Array.from({ length: themeCount }, () => new Float64Array(vocab));
  const add = (p: Float64Array, v: number, weight: number) => {
    for (let k = pool.start[v]!; k < pool.start[v + 1]!; k += 1) p[pool.ids[k]!]! += pool.w[k]! * weight;
  };
  for (const q of questions) add(profiles[q.theme]!, q.vec, QUESTION_WEIGHT);
  for (const s of sentences) add(profiles[s.themeIndex]!, s.vec, 1);
  const norms2 = profiles.map((p) => p.reduce((n, x) => n + x * x, 0));
  const hasRecommendations = profiles.map((_, t) => questions.some((q) => q.theme === t && q.kind === "recommendation"));
  const moves: Array<[Sentence, number]> = [];
  for (const s of sentences) {
    const from = pool.start[s.vec]!;
    const to = pool.start[s.vec + 1]!;
    if (to - from < MOVE_MIN_FEATURES) continue;
    let self = 0;
    for (let k = from; k < to; k += 1) self += pool.w[k]! * pool.w[k]!;
    let own = 0;
    let best = -1;
    let bestSim = 0;
    for (let t = 0; t < themeCount; t += 1) {
      const p = profiles[t]!;
      let d = 0;
      for (let k = from; k < to; k += 1) d += pool.w[k]! * p[pool.ids[k]!]!;
      let n2 = norms2[t]!;
      if (t === s.themeIndex) {
        // |P − s|² = |P|² − 2·P·s + |s|²; P·s without s is P·s − |s|².
        n2 = n2 - 2 * d + self;
        d -= self;
      }
      const sim = n2 > 1e-12 ? d / Math.sqrt(n2) : 0;
      if (t === s.themeIndex) own = sim;
      else if (sim > bestSim) {
        bestSim = sim;
        best = t;
      }
    }
    if (best >= 0 && bestSim >= MOVE_MIN && bestSim - own >= MOVE_MARGIN && bestSim >= MOVE_RATIO * own) moves.push([s, best]);
  }
  for (const [s, to] of moves) {
    s.themeIndex = to;
    if (s.kind === "recommendation" && !hasRecommendations[to]) s.kind = "view";
  }
}

/**
 * A cluster's summed vector: a dense row over the group's vocabulary while clusters × vocabulary
 * stays within DENSE_BUDGET (the first, and so usually the largest, clusters), else a map from term
 * to a slot in a shared weight array — either way updating a weight never allocates (a Map of
 * doubles boxes every value it stores).
 */
interface ClusterState {
  row: Float64Array | undefined;
  slots: Map<number, number> | undefined;
  norm2: number;
  size: number;
  indexed: Set<number>;
}

/** Dense cluster rows allowed per group, in weights (8 bytes each). */
const DENSE_BUDGET = 2_000_000;

/**
 * Leader/centroid clustering with an inverted index, then refinement (header, step 5). Returns the
 * clusters as lists of vector indexes (processing order), in order of their first sentence.
 */
function cluster(vectors: VecPool, vocab: number, threshold: number): number[][] {
  const n = vectors.count;
  const { ids, w, start } = vectors;
  const clusters: ClusterState[] = [];
  let weights = new Float64Array(1024);
  let slotCount = 0;
  const postings: number[][] = Array.from({ length: vocab }, () => []);
  const assignment = new Int32Array(n).fill(-1);
  const stamp: number[] = [];
  let query = 0;

  const weightOf = (cl: ClusterState, t: number): number => {
    if (cl.row) return cl.row[t]!;
    const slot = cl.slots!.get(t);
    return slot === undefined ? 0 : weights[slot]!;
  };
  const create = (): number => {
    const dense = (clusters.length + 1) * vocab <= DENSE_BUDGET;
    clusters.push({ row: dense ? new Float64Array(vocab) : undefined, slots: dense ? undefined : new Map(), norm2: 0, size: 0, indexed: new Set() });
    return clusters.length - 1;
  };
  const update = (c: number, i: number, sign: 1 | -1) => {
    const cl = clusters[c]!;
    for (let k = start[i]!; k < start[i + 1]!; k += 1) {
      const t = ids[k]!;
      let old: number;
      let now: number;
      if (cl.row) {
        old = cl.row[t]!;
        now = old + sign * w[k]!;
        cl.row[t] = now;
      } else {
        let slot = cl.slots!.get(t);
        if (slot === undefined) {
          if (slotCount === weights.length) {
            const more = new Float64Array(weights.length * 2);
            more.set(weights);
            weights = more;
          }
          slot = slotCount++;
          cl.slots!.set(t, slot);
        }
        old = weights[slot]!;
        now = old + sign * w[k]!;
        weights[slot] = now;
      }
      cl.norm2 += now * now - old * old;
    }
    cl.size += sign;
    if (cl.size === 0) cl.norm2 = 0;
    if (sign === 1) {
      // Index the cluster under the sentence's heaviest terms.
      for (let k = start[i]!; k < Math.min(start[i]! + INDEX_TERMS, start[i + 1]!); k += 1) {
        const t = ids[k]!;
        if (cl.indexed.has(t)) continue;
        cl.indexed.add(t);
        postings[t]!.push(c);
      }
    }
  };
  /** Cosine of sentence i with cluster c's summed vector (without i when i is in c). */
  const score = (i: number, c: number): number => {
    const cl = clusters[c]!;
    let d = 0;
    if (cl.row) for (let k = start[i]!; k < start[i + 1]!; k += 1) d += w[k]! * cl.row[ids[k]!]!;
    else for (let k = start[i]!; k < start[i + 1]!; k += 1) d += w[k]! * weightOf(cl, ids[k]!);
    let n2 = cl.norm2;
    if (assignment[i] === c) {
      // |sum − v|² = |sum|² − 2·sum·v + |v|², with |v| = 1.
      n2 = n2 - 2 * d + 1;
      d -= 1;
    }
    return n2 > 1e-9 ? d / Math.sqrt(n2) : 0;
  };
  /** The best candidate cluster for sentence i: postings of its heaviest terms, oldest first, capped. */
  const best = (i: number): [number, number] => {
    query += 1;
    let seen = 0;
    let bc = -1;
    let bs = -Infinity;
    for (let k = start[i]!; k < Math.min(start[i]! + QUERY_TERMS, start[i + 1]!) && seen < MAX_CANDIDATES; k += 1) {
      const list = postings[ids[k]!]!;
      for (let p = 0; p < list.length; p += 1) {
        const c = list[p]!;
        if (stamp[c] === query || clusters[c]!.size === 0) continue;
        stamp[c] = query;
        const s = score(i, c);
        if (s > bs) {
          bs = s;
          bc = c;
        }
        if (++seen >= MAX_CANDIDATES) break;
      }
    }
    return [bc, bs];
  };

  // Pass 1: leader/centroid.
  for (let i = 0; i < n; i += 1) {
    const [c, s] = best(i);
    const target = c >= 0 && s >= threshold ? c : create();
    assignment[i] = target;
    update(target, i, 1);
  }

  // Refinement: batch re-assignment against fixed clusters, leave-one-out.
  for (let round = 0; round < REASSIGN_ROUNDS; round += 1) {
    const moves: Array<[number, number]> = [];
    for (let i = 0; i < n; i += 1) {
      const current = assignment[i]!;
      const stay = score(i, current);
      const [c, s] = best(i);
      if (c >= 0 && c !== current && s >= threshold && s > stay + 1e-9) moves.push([i, c]);
    }
    for (const [i, c] of moves) {
      update(assignment[i]!, i, -1);
      assignment[i] = c;
      update(c, i, 1);
    }
    if (moves.length === 0) break;
  }

  // Merge clusters whose prototypes (top PROTOTYPE_TERMS of the summed vector) are at least as
  // similar as a sentence must be to join — wink's cosine; union-find, lower id wins.
  const prototypes = clusters.map((cl) => {
    const entries: Array<[number, number]> = [];
    if (cl.size > 0) for (const t of cl.indexed) entries.push([t, weightOf(cl, t)]);
    if (cl.size > 0 && cl.slots) for (const [t, slot] of cl.slots) if (!cl.indexed.has(t)) entries.push([t, weights[slot]!]);
    if (cl.size > 0 && cl.row) for (let t = 0; t < vocab; t += 1) if (cl.row[t]! > 0 && !cl.indexed.has(t)) entries.push([t, cl.row[t]!]);
    const top = entries.filter(([, x]) => x > 1e-12).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, PROTOTYPE_TERMS);
    return { ids: top.map(([t]) => t), ws: top.map(([, x]) => x) };
  });
  const cosine = bowCosine(vocab);
  const parent = clusters.map((_, c) => c);
  const find = (c: number): number => {
    let r = c;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[c] !== r) {
      const next = parent[c]!;
      parent[c] = r;
      c = next;
    }
    return r;
  };
  clusters.forEach((cl, a) => {
    if (cl.size === 0) return;
    query += 1;
    let seen = 0;
    for (const t of [...cl.indexed].sort((x, y) => x - y)) {
      for (const b of postings[t]!) {
        if (b <= a || stamp[b] === query || clusters[b]!.size === 0) continue;
        stamp[b] = query;
        if (find(a) !== find(b) && cosine(prototypes[a]!, prototypes[b]!) >= threshold) parent[find(b)] = find(a);
        if (++seen >= MAX_CANDIDATES) break;
      }
      if (seen >= MAX_CANDIDATES) break;
    }
  });
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i += 1) {
    const root = find(assignment[i]!);
    let g = groups.get(root);
    if (!g) groups.set(root, (g = []));
    g.push(i);
  }
  return [...groups.values()];
}

/**
 * wink's `similarity.bow.cosine` on two bags given as term ids and weights in insertion order, with
 * the same arithmetic in the same order — sums over A's terms in A's order, then over B's other
 * terms in B's order, rounded to 6 decimals — so it returns exactly what wink returns for the same
 * bags, without building two objects per call. Terms are ids below `vocab`.
 */
function bowCosine(vocab: number): (a: { ids: number[]; ws: number[] }, b: { ids: number[]; ws: number[] }) => number {
  const inB = new Float64Array(vocab);
  const markB = new Int32Array(vocab);
  const markA = new Int32Array(vocab);
  let mark = 0;
  return (a, b) => {
    mark += 1;
    for (let k = 0; k < b.ids.length; k += 1) {
      inB[b.ids[k]!] = b.ws[k]!;
      markB[b.ids[k]!] = mark;
    }
    let sa2 = 0;
    let sb2 = 0;
    let saxb = 0;
    for (let k = 0; k < a.ids.length; k += 1) {
      const t = a.ids[k]!;
      const va = a.ws[k]!;
      const vb = markB[t] === mark ? inB[t]! : 0;
      markA[t] = mark;
      sa2 += va * va;
      sb2 += vb * vb;
      saxb += va * vb;
    }
    for (let k = 0; k < b.ids.length; k += 1) {
      if (markA[b.ids[k]!] === mark) continue;
      const vb = b.ws[k]!;
      sb2 += vb * vb;
    }
    return sa2 && sb2 ? +(saxb / (Math.sqrt(sa2) * Math.sqrt(sb2))).toFixed(6) : !sa2 !== !sb2 ? 0 : 1;
  };
}

/** Points from clusters: supporters, quantifier, statement, evidence; sorted and numbered. */
function toPoints(
  clusters: number[][],
  own: Sentence[],
  group: VecPool,
  global: number[],
  pool: VecPool,
  terms: Terms,
  sum: Float64Array,
  respondents: number,
  idPrefix: string,
  maxEvidence: number,
  maxWords: number,
): Point[] {
  const { ids, w, start } = group;
  const drafts = clusters.map((members) => {
    // The cluster's summed vector, dense over the vocabulary (cleared again below).
    const touched: number[] = [];
    for (const i of members) {
      for (let k = start[i]!; k < start[i + 1]!; k += 1) {
        if (sum[ids[k]!] === 0) touched.push(ids[k]!);
        sum[ids[k]!]! += w[k]!;
      }
    }
    // Centrality: cosine with the summed vector. Every vector is unit length and the sum is the
    // same for all members, so the dot product ranks exactly as the cosine does.
    const centrality = (i: number): number => {
      let d = 0;
      for (let k = start[i]!; k < start[i + 1]!; k += 1) d += w[k]! * sum[ids[k]!]!;
      return d;
    };
    const ranked = members
      .map((i) => ({ s: own[i]!, c: centrality(i) }))
      // Near-ties (floating-point noise) go to the earlier sentence.
      .sort((x, y) => Math.round((y.c - x.c) * 1e9) || x.s.order - y.s.order)
      .map((r) => r.s);
    // The topic's key terms (negation stripped), for spotting disagreement.
    const keys = new Set(
      touched
        .sort((a, b) => sum[b]! - sum[a]! || a - b)
        .slice(0, KEY_TERMS)
        .map((t) => terms.base[global[t]!]!),
    );
    for (const t of touched) sum[t] = 0;

    const supporters = new Set(ranked.map((s) => s.memberId)).size;
    const evidence: string[] = [];
    const seen = new Set<string>();
    for (const s of ranked) {
      if (evidence.length >= maxEvidence) break;
      const key = s.text.toLowerCase().replace(/\s+/g, " ");
      if (seen.has(key)) continue;
      seen.add(key);
      evidence.push(s.text);
    }
    // Members are in processing order, so the first is where the point first appears.
    const first = own[members[0]!]!.order;
    const quantifier: Quantifier =
      supporters >= 2 && isMixed(ranked, keys, pool, terms)
        ? "mixed"
        : supporters === 1
          ? "one"
          : supporters >= respondents && respondents >= 2
            ? "all"
            : supporters * 2 > respondents
              ? "most"
              : "some";
    return { first, point: { id: "", statement: statementOf(ranked[0]!.text, maxWords), supporters, quantifier, evidence, source: "members" as const } };
  });
  drafts.sort((a, b) => b.point.supporters - a.point.supporters || a.first - b.first);
  return drafts.map((d, n) => ({ ...d.point, id: `${idPrefix}${n + 1}` }));
}

/**
 * Clear disagreement inside a cluster: one member takes a positive stance and another a negative one
 * on the cluster's topic (its key terms, negation stripped). A sentence is negative when it negates
 * a key term that another member affirms (`not_rigorous` against `rigorous`) and does not sound
 * positive (wink sentiment ≤ 0.1), or when its sentiment is clearly negative; positive when it
 * affirms a key term another member negates and does not sound negative, or its sentiment is
 * clearly positive and it negates nothing central. Wanting negation and sentiment to agree keeps
 * "the outcomes are right but none are measurable" from counting as dissent from "we must measure
 * the outcomes".
 */
function isMixed(sentences: Sentence[], keys: Set<number>, pool: VecPool, terms: Terms): boolean {
  // For each key term, who affirms and who negates it: the first member, and whether there are more.
  const sides = new Map<number, { affirm?: string; affirmMore: boolean; negate?: string; negateMore: boolean }>();
  const side = (base: number) => {
    let x = sides.get(base);
    if (!x) sides.set(base, (x = { affirmMore: false, negateMore: false }));
    return x;
  };
  for (const s of sentences) {
    for (let k = pool.start[s.vec]!; k < pool.start[s.vec + 1]!; k += 1) {
      const id = pool.ids[k]!;
      const base = terms.base[id]!;
      if (!keys.has(base)) continue;
      const x = side(base);
      if (terms.negated[id]) {
        if (x.negate === undefined) x.negate = s.memberId;
        else if (x.negate !== s.memberId) x.negateMore = true;
      } else if (x.affirm === undefined) x.affirm = s.memberId;
      else if (x.affirm !== s.memberId) x.affirmMore = true;
    }
  }
  const otherThan = (first: string | undefined, more: boolean, member: string) => more || (first !== undefined && first !== member);
  const positive = new Set<string>();
  const negative = new Set<string>();
  for (const s of sentences) {
    let negatesKey = false;
    let negatesContested = false;
    let affirmsContested = false;
    const from = pool.start[s.vec]!;
    const to = pool.start[s.vec + 1]!;
    for (let k = from; k < to; k += 1) {
      const id = pool.ids[k]!;
      const base = terms.base[id]!;
      if (!keys.has(base)) continue;
      const x = sides.get(base)!;
      if (terms.negated[id]) {
        negatesKey = true;
        if (otherThan(x.affirm, x.affirmMore, s.memberId)) negatesContested = true;
      } else if (otherThan(x.negate, x.negateMore, s.memberId)) {
        // Affirms it, unless the same sentence also negates it.
        let alsoNegated = false;
        for (let j = from; j < to; j += 1) if (terms.negated[pool.ids[j]!] && terms.base[pool.ids[j]!] === base) alsoNegated = true;
        if (!alsoNegated) affirmsContested = true;
      }
    }
    if ((negatesContested && s.sentiment <= 0.1) || s.sentiment <= -STANCE_SENTIMENT) negative.add(s.memberId);
    else if ((affirmsContested && s.sentiment >= -0.1) || (s.sentiment >= STANCE_SENTIMENT && !negatesKey)) positive.add(s.memberId);
  }
  // Two different members on opposite sides.
  if (positive.size === 0 || negative.size === 0) return false;
  if (positive.size > 1 || negative.size > 1) return true;
  return [...positive][0] !== [...negative][0];
}

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
