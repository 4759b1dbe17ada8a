/**
 * Stage 5 (semantic, for rounds small enough to embed): average-linkage agglomerative clustering.
 * Every pair's similarity is known, so the two groups with the highest mean similarity between them
 * merge, again and again, until no two groups are at least `threshold` alike — never putting two
 * sentences of one member into one point (a member makes a point once; their two sentences on a
 * theme say two things). Deterministic: ties go to the earlier pair. O(n²) memory and O(n³) time in
 * the sentences of one theme and kind, which the semantic stage's size limit keeps small.
 */
export function agglomerate(members: readonly string[], similarity: (i: number, j: number) => number, threshold: number): number[][] {
  const n = members.length;
  // sum[a·n + b]: the total similarity between groups a and b (groups are named by their first sentence).
  const sum = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) for (let j = i + 1; j < n; j += 1) sum[i * n + j] = sum[j * n + i] = similarity(i, j);
  const groups: Array<number[] | undefined> = Array.from({ length: n }, (_, i) => [i]);
  const who: Array<Set<string>> = members.map((m) => new Set([m]));
  const disjoint = (a: number, b: number) => {
    for (const m of who[b]!) if (who[a]!.has(m)) return false;
    return true;
  };
  for (;;) {
    let best = -Infinity;
    let ba = -1;
    let bb = -1;
    for (let a = 0; a < n; a += 1) {
      const ga = groups[a];
      if (!ga) continue;
      for (let b = a + 1; b < n; b += 1) {
        const gb = groups[b];
        if (!gb) continue;
        const mean = sum[a * n + b]! / (ga.length * gb.length);
        if (mean > best && disjoint(a, b)) {
          best = mean;
          ba = a;
          bb = b;
        }
      }
    }
    if (ba < 0 || best < threshold) break;
    groups[ba] = [...groups[ba]!, ...groups[bb]!].sort((x, y) => x - y);
    groups[bb] = undefined;
    for (const m of who[bb]!) who[ba]!.add(m);
    for (let k = 0; k < n; k += 1) {
      if (k === ba || !groups[k]) continue;
      sum[ba * n + k] = sum[k * n + ba] = sum[ba * n + k]! + sum[bb * n + k]!;
    }
  }
  return groups.filter((g): g is number[] => g !== undefined);
}
