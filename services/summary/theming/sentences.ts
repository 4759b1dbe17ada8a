import { BULLETS, checkMemo, infoOf, keyCache, NON_ANSWER, nlp, resolveKeys, tokenCache, vocabulary, type TokenEntry, type WordInfo } from "./words.ts";

/**
 * Stage 1–2: an answer's sentences (verbatim) and each one's features — stems and concepts, with
 * negation as a feature.
 */
// Sentences and features.

/** Lower-case abbreviations that come before a name or a number ("approx. 40", "incl. Preston"). */
const KEPT_ABBREVIATIONS = new Set(["approx.", "incl.", "esp.", "viz.", "nos.", "cllr.", "min.", "max."]);

export interface Fragment {
  text: string;
  features: string[];
  sentiment: number;
}

/** wink's per-token output for one answer; `words` holds the word tokens' infos (others undefined). */
export interface TokenData {
  words: Array<WordInfo | undefined>;
  types: string[];
  stops: boolean[];
  negs: boolean[];
}

export const negate = (feature: string): string => (feature.startsWith("not_") ? feature.slice(4) : `not_${feature}`);

/** Features of tokens from..to (inclusive): stems, concepts, phrases, negation (header, step 2). */
export function featuresOf(d: TokenData, from: number, to: number): string[] {
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
export function fragmentsOf(text: string): Fragment[] {
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
  // wink reads a lower-case word with its full stop as an abbreviation ("…before people get ill.
  // Grant funding…" — "Ill." is Illinois) and runs two sentences together: a capital after one
  // ends the sentence there, unless it is an abbreviation people write before a name or number.
  const missedStop = (i: number) => /^[a-z]{3,}\.$/.test(values[i]!) && !KEPT_ABBREVIATIONS.has(values[i]!) && /^[A-Z]/.test(values[i + 1] ?? "");
  const fragments: Fragment[] = [];
  spans.forEach(([first, last], s) => {
    let a = first;
    while (a <= last) {
      let b = a;
      let next = -1;
      while (b <= last && next < 0) {
        if (lineBreak(b)) next = b + 1;
        else if (missedStop(b) && b < last) next = b + 1;
        b += 1;
      }
      if (next < 0) next = b;
      else b = lineBreak(b - 1) ? b - 1 : b;
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
      a = next;
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

