import { INDEX_TERMS, MAX_CANDIDATES, PROTOTYPE_TERMS, QUERY_TERMS, REASSIGN_ROUNDS } from "./tunables.ts";
import { bowCosine, type VecPool } from "./vectors.ts";

/** Stage 5 (lexical): near-linear leader clustering with an inverted index, for rounds of any size. */
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
export function cluster(vectors: VecPool, vocab: number, threshold: number): number[][] {
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

