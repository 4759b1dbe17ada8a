import type { Point, Quantifier } from "../summary.types.ts";
import { statementOf } from "./statements.ts";
import { KEY_TERMS } from "./tunables.ts";
import type { Sentence } from "./types.ts";
import type { Terms, VecPool } from "./vectors.ts";

/** Stage 6: points from clusters — supporters, quantifier, statement, evidence. */

/** Words that make a sentence a request rather than a claim about how things are. */
const REQUEST = /\b(?:should|shall|would like|must|ought|please|let's|let us|(?:we|i|you|they) (?:really |still |also )?(?:need|want)|needs? to|wants? to|ha(?:ve|s) to)\b/i;
/** Points from clusters: supporters, quantifier, statement, evidence; sorted and numbered. */
export function toPoints(
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
    const said = statementOf(ranked[0]!.text, maxWords);
    return { first, point: { id: "", statement: said.text, verb: said.verb, supporters, quantifier, evidence, source: "members" as const } };
  });
  drafts.sort((a, b) => b.point.supporters - a.point.supporters || a.first - b.first);
  return drafts.map((d, n) => ({ ...d.point, id: `${idPrefix}${n + 1}` }));
}

/**
 * Clear disagreement inside a cluster: one member takes a positive stance and another a negative one
 * on the cluster's topic (its key terms, negation stripped). A sentence is negative when it negates
 * a key term that another member affirms (`not_rigorous` against `rigorous`) and does not sound
 * positive (wink sentiment ≤ 0.1); positive when it affirms a key term another member negates and
 * does not sound negative. Wanting negation and sentiment to agree keeps
 * "the outcomes are right but none are measurable" from counting as dissent from "we must measure
 * the outcomes". Sentiment alone is no stance: members who all complain about the same thing in
 * different tones ("burnout is real", "we're losing staff") were called mixed (the dev set's
 * workforce and funding points).
 */
export function isMixed(sentences: Sentence[], keys: Set<number>, pool: VecPool, terms: Terms): boolean {
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
    // A question or a request takes no stance: "we need clearer plans" and "the plans are unclear" agree.
    if (s.question || REQUEST.test(s.text)) continue;
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
        if (otherThan(x.affirm, x.affirmMore, s.memberId)) negatesContested = true;
      } else if (otherThan(x.negate, x.negateMore, s.memberId)) {
        // Affirms it, unless the same sentence also negates it.
        let alsoNegated = false;
        for (let j = from; j < to; j += 1) if (terms.negated[pool.ids[j]!] && terms.base[pool.ids[j]!] === base) alsoNegated = true;
        if (!alsoNegated) affirmsContested = true;
      }
    }
    if (negatesContested && s.sentiment <= 0.1) negative.add(s.memberId);
    else if (affirmsContested && s.sentiment >= -0.1) positive.add(s.memberId);
  }
  // Two different members on opposite sides.
  if (positive.size === 0 || negative.size === 0) return false;
  if (positive.size > 1 || negative.size > 1) return true;
  return [...positive][0] !== [...negative][0];
}

