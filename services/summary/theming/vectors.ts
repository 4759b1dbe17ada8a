import type { Sentence } from "./types.ts";
import { RARE_WEIGHT } from "./tunables.ts";

/** Stage 3: BM25 vectors over the round, in typed-array pools; the group vectors clustering uses. */
// Vectors. Tens of thousands of short sentences make per-vector objects and boxed numbers the cost,
// so vectors live in pools: term ids and weights in two typed arrays, each vector a [start, end)
// range, terms heaviest first (ties by id, i.e. first seen — deterministic).

export class VecPool {
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
export const BM25 = { k: 1, k1: 1.2, b: 0.75, precision: 6 };

/**
 * BM25 vectors (L2-normalised) of every sentence — sentence i's features are
 * `featureIds[featureStart[i] … featureStart[i + 1] − 1]` — pushed into `pool` as vectors 0 … n − 1.
 * The arithmetic is wink's bm25-vectorizer's, operation for operation and in the same order (idf and
 * weights rounded to 6 decimals as it does), so the numbers are bit-for-bit the ones wink gives; it
 * works on term ids in typed arrays instead of a bag object per sentence, which at 10,000 responses
 * took most of a second and tens of megabytes. `vectorOf` is wink's `bowOf` (words the round never
 * used are ignored; −1 = unknown term).
 */
export function bm25Vectors(featureIds: Int32Array, featureStart: number[], vocab: number, pool: VecPool): { vectorOf(ids: number[]): number } {
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
export class Terms {
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


/**
 * Sentences' vectors for clustering within their theme and kind: each round-wide BM25 vector
 * without the words that only echo the theme's questions (kept whole if nothing else is left), with
 * words no other sentence of the group uses down-weighted to RARE_WEIGHT — such a word can never
 * make two sentences similar, and at full BM25 weight (the highest: it is the rarest) it only
 * dilutes the cosine, so short paraphrases with one idiosyncratic word each would never meet —
 * re-normalised. Vector i belongs to own[i]; its term ids are local to the group (0…global.length−1).
 */
export function groupVectors(own: Sentence[], pool: VecPool, echo: Set<number>, df: Float64Array, local: Int32Array): { vectors: VecPool; global: number[] } {
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
 * wink's `similarity.bow.cosine` on two bags given as term ids and weights in insertion order, with
 * the same arithmetic in the same order — sums over A's terms in A's order, then over B's other
 * terms in B's order, rounded to 6 decimals — so it returns exactly what wink returns for the same
 * bags, without building two objects per call. Terms are ids below `vocab`.
 */
export function bowCosine(vocab: number): (a: { ids: number[]; ws: number[] }, b: { ids: number[]; ws: number[] }) => number {
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

