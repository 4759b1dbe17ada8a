import type { Sentence } from "./types.ts";
import { MOVE_MARGIN, MOVE_MIN, MOVE_MIN_FEATURES, MOVE_RATIO, QUESTION_WEIGHT } from "./tunables.ts";
import type { VecPool } from "./vectors.ts";

/** Stage 4: a sentence that plainly belongs to another theme moves there. */
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
export function moveOffThemeSentences(sentences: Sentence[], themeCount: number, questions: Array<{ theme: number; kind: "view" | "recommendation"; vec: number }>, pool: VecPool, vocab: number): void {
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

