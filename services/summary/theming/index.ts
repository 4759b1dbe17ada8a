import v8 from "node:v8";
import type { Point, ThemedTheme, ThemingAnswer, ThemingQuestion } from "../summary.types.ts";
import { cluster } from "./clustering.ts";
import { toPoints } from "./points.ts";
import { fragmentsOf, type Fragment } from "./sentences.ts";
import { moveOffThemeSentences } from "./themes.ts";
import { agglomerate } from "./agglomerate.ts";
import { embedSentences, SEMANTIC_MAX_SENTENCES, semanticSimilarity, withoutTopic, type SemanticIndex } from "./semantic.ts";
import { DEFAULT_THRESHOLD, MAX_EVIDENCE, SEMANTIC_TUNING } from "./tunables.ts";
import type { Sentence } from "./types.ts";
import { bm25Vectors, groupVectors, Terms, VecPool } from "./vectors.ts";
import { checkMemo } from "./words.ts";

export { explainSentences } from "./sentences.ts";
export { statementOf } from "./statements.ts";

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
 *     order (memberId, questionId, position), so the result never depends on arrival order.
 *     With the semantic stage (a round of up to SEMANTIC_MAX_SENTENCES; `prepareSemantic`):
 *       - average-linkage agglomeration (`agglomerate`) on `combinedSimilarity`: the cosine of the
 *         two sentences' closest clauses in the Universal Sentence Encoder's space, with the
 *         theme's question taken out (`withoutTopic`), plus a little BM25 cosine, less a penalty
 *         between a question and a statement; never two sentences of one member in one point.
 *     Otherwise (larger rounds, the dashboard's live view), by words alone:
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
 *  6. Points. Supporters are distinct members; evidence the most central distinct sentences (highest
 *     cosine with the cluster's summed vector); the quantifier compares supporters with the members
 *     who answered that kind of question in the theme, and is "mixed" when members take opposite
 *     stances (`isMixed`).
 *  7. Statements: the most central sentence in seed 002's voice — third person, a question made
 *     indirect, a suggestion as what the Board should do — with the verb that introduces it
 *     ("said", "asked", "called for"; `statementOf`, the one place wink's POS tagger runs: once a point).
 *
 * Speed: wink's reading dominates. No POS tagging or NER is run on answers; lemma and stem are worked out once
 * per distinct word, and token type and stop-word flag once per distinct token text (module-level
 * memo tables — pure functions of the text, so they never change a result). Vectors live in typed
 * array pools rather than an object each; BM25 and the prototype cosine are wink's arithmetic on
 * those arrays (bit-for-bit the same numbers as wink's utilities, without an object per sentence).
 */

export interface ThemingOptions {
  /** Cosine a sentence needs with a cluster to join it (and prototypes need to merge). Default 0.3. */
  threshold?: number;
  /** Evidence sentences kept per point (every one, up to MAX_EVIDENCE: the digest and cards show the first few, exports all). */
  maxEvidence?: number;
  /** Words a statement may have before it is cut to its main clause. Default 25. */
  maxStatementWords?: number;
  /** Move clearly off-theme sentences to the theme they are about. Default true. */
  moveOffTheme?: boolean;
  /**
   * The round's sentences' meaning (semantic.ts, from `embedSentences`): with it, each theme's
   * sentences are grouped by meaning as well as by words (`agglomerate`); without it, by words alone.
   */
  semantic?: SemanticIndex;
  /**
   * Answers already read (stage 1–2, `fragmentsOf`), by text — read on other threads for a large
   * round (threads/answer-readers.ts); an answer not in it is read here.
   */
  read?: ReadonlyMap<string, Fragment[]>;
}

/**
 * The meaning of the sentences `themeAnswers` will read in these answers, or undefined when there are
 * more than the semantic stage takes (SEMANTIC_MAX_SENTENCES) — then words alone group them. The
 * questions' texts are embedded too, so that each theme's topic can be taken out of its sentences'
 * meaning (`withoutTopic`); without them the sentences are compared as they are.
 */
export async function prepareSemantic(answers: readonly ThemingAnswer[], questions: readonly ThemingQuestion[] = []): Promise<SemanticIndex | undefined> {
  checkMemo();
  const texts: string[] = [];
  for (const a of answers) {
    if (typeof a.text !== "string" || a.text.trim() === "") continue;
    for (const f of fragmentsOf(a.text)) texts.push(f.text);
    if (texts.length > SEMANTIC_MAX_SENTENCES) return undefined;
  }
  return texts.length > 0 ? embedSentences(texts, questions.map((q) => q.text)) : undefined;
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
  const maxEvidence = options.maxEvidence ?? MAX_EVIDENCE;
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
    for (const f of options.read?.get(a.text) ?? fragmentsOf(a.text)) {
      let at = featureStart[featureStart.length - 1]!;
      if (at + f.features.length > featureIds.length) {
        const more = new Int32Array(Math.max(featureIds.length * 2, at + f.features.length));
        more.set(featureIds);
        featureIds = more;
      }
      for (const t of f.features) featureIds[at++] = terms.id(t);
      featureStart.push(at);
      sentences.push({ order: sentences.length, memberId: a.memberId, themeIndex: themeOf.get(q.theme)!, kind: q.kind, text: f.text, sentiment: f.sentiment, question: /\?["”’')]*$/.test(f.text), vec: -1 });
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
      // The theme's topic, as its questions of this kind put it, is taken out of every clause (semantic.ts).
      const topic = questions.filter((q) => q.theme === theme && q.kind === kind).map((q) => options.semantic?.question?.(q.text)).filter((v): v is Float32Array => v !== undefined);
      const meaning = options.semantic && own.map((x) => {
        const m = options.semantic!.clauses(x.text);
        return m && withoutTopic(m, topic);
      });
      const clusters = meaning && meaning.every((m) => m !== undefined)
        ? agglomerate(own.map((x) => x.memberId), (i, j) => combinedSimilarity(own[i]!, own[j]!, meaning[i]!, meaning[j]!, vectors, i, j), SEMANTIC_TUNING.threshold)
        : cluster(vectors, global.length, threshold);
      return toPoints(clusters, own, vectors, global, pool, terms, scratch, r[kind].size, `t${themeIndex + 1}${prefix}`, maxEvidence, maxWords);
    };
    return { theme, respondents: themeRespondents(r), points: kindPoints("view", "p"), recommendations: kindPoints("recommendation", "r") };
  });
}

/**
 * How alike two sentences of a theme are, for the semantic stage: their closest clauses' meaning
 * (beyond the theme's question: `withoutTopic`), plus a little of their words' (BM25 cosine), less a
 * penalty when one asks and the other states.
 * (Tried on the dev set and left out, no better: a penalty when one negates and the other doesn't,
 * or when their wink sentiments have opposite signs.)
 */
function combinedSimilarity(a: Sentence, b: Sentence, ma: Float32Array[], mb: Float32Array[], vectors: VecPool, i: number, j: number): number {
  return (
    semanticSimilarity(ma, mb) +
    SEMANTIC_TUNING.lexicalWeight * sparseDot(vectors, i, j) -
    (a.question !== b.question ? SEMANTIC_TUNING.questionPenalty : 0)
  );
}

/** Cosine of two unit vectors of a pool (their terms are sorted by weight, so by a merge over ids it would not be: use a map). */
function sparseDot(pool: VecPool, i: number, j: number): number {
  let d = 0;
  for (let x = pool.start[i]!; x < pool.start[i + 1]!; x += 1) {
    const id = pool.ids[x]!;
    for (let y = pool.start[j]!; y < pool.start[j + 1]!; y += 1) if (pool.ids[y] === id) d += pool.w[x]! * pool.w[y]!;
  }
  return d;
}

/** Members who answered the theme's view questions, or its recommendation questions if it has no views. */
function themeRespondents(r: { view: Set<string>; recommendation: Set<string> }): number {
  return r.view.size > 0 ? r.view.size : r.recommendation.size;
}

