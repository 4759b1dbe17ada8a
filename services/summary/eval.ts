import { z } from "zod";
import { summarise, type SummaryInput } from "./summary.builder.ts";
import type { Summary } from "./summary.types.ts";

/**
 * How well the summary groups sentences into points, against a hand-labelled round: for every pair
 * of sentences, does the summary put them in the same point exactly when the labels do? Pairwise
 * precision, recall and F1 over all sentences of the round (sentences the summary left out, or
 * moved to another theme, count as points of their own), plus points found against points labelled.
 *
 * The labelled file's shape (the dev set's): { themes: { key: name }, points: { id: statement },
 * members: [{ id, name, organisation, answers: { themeKey: [[sentence, pointId], …] } }] }.
 */
export const labelledRoundSchema = z.object({
  themes: z.record(z.string(), z.string()),
  points: z.record(z.string(), z.string()).optional().default({}),
  members: z.array(
    z.object({
      id: z.string(),
      name: z.string().optional(),
      organisation: z.string().optional(),
      answers: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
    }),
  ),
});

export type LabelledRound = z.infer<typeof labelledRoundSchema>;

export interface GroupingScore {
  precision: number;
  recall: number;
  f1: number;
  sentences: number;
  /** Points the summary made (with at least one labelled sentence) and points the labels have. */
  pointsFound: number;
  pointsLabelled: number;
  /** Labelled points whose sentences all sit in one point of the summary, with nothing else. */
  exact: number;
  /** Per labelled point: the summary's statement for the point holding most of its sentences. */
  matches: Array<{ gold: string; goldStatement?: string; statement?: string; share: number }>;
}

/** The labelled round's summary (see `summaryInputOf`). */
export function summaryOfLabelled(round: LabelledRound, options: { semantic?: boolean } = {}): Promise<Summary> {
  return summarise(summaryInputOf(round), options);
}

/** The labelled round as the summary's input: one "view" question per theme, each member's sentences as their answer. */
export function summaryInputOf(round: LabelledRound): SummaryInput {
  const themeKeys = Object.keys(round.themes);
  return {
    round: {
      id: "eval",
      title: "Evaluation round",
      boardName: "Evaluation",
      anonymous: false,
      minRespondents: 2,
      questions: themeKeys.map((key) => ({ id: key, theme: round.themes[key]!, text: `Your views on ${round.themes[key]!.toLowerCase()}`, kind: "view" as const })),
      options: [],
      interventions: [],
      kinds: ["feedback"],
    },
    invited: round.members.length,
    memberNames: round.members.map((m) => m.name ?? m.id),
    responses: round.members.map((m) => ({
      memberId: m.id,
      organisation: m.organisation,
      answers: Object.fromEntries(Object.entries(m.answers).map(([key, sentences]) => [key, sentences.map(([s]) => s).join(" ")])),
      votes: {},
      commitments: [],
    })),
    generatedAt: "2026-12-01T00:00:00.000Z",
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Score a summary's grouping against the labels. */
export function scoreGrouping(round: LabelledRound, summary: Summary): GroupingScore {
  // Each labelled sentence, by member and text → its label.
  const labelled: Array<{ key: string; gold: string }> = [];
  for (const m of round.members) for (const sentences of Object.values(m.answers)) for (const [text, gold] of sentences) labelled.push({ key: `${m.id}\u0000${text.trim()}`, gold });
  // Where the summary put each sentence: its point id. Evidence is verbatim, but not tagged by member,
  // so a sentence is matched by its text (two members writing the very same sentence share a point anyway).
  const pointOfText = new Map<string, string>();
  const statementOf = new Map<string, string>();
  for (const theme of summary.themes) {
    for (const point of [...theme.points, ...theme.recommendations]) {
      statementOf.set(point.id, point.statement);
      for (const e of point.evidence) if (!pointOfText.has(e.trim())) pointOfText.set(e.trim(), point.id);
    }
  }
  const predicted = labelled.map((s, i) => pointOfText.get(s.key.split("\u0000")[1]!) ?? `alone-${i}`);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labelled.length; i += 1) {
    for (let j = i + 1; j < labelled.length; j += 1) {
      const same = predicted[i] === predicted[j];
      const gold = labelled[i]!.gold === labelled[j]!.gold;
      if (same && gold) tp += 1;
      else if (same) fp += 1;
      else if (gold) fn += 1;
    }
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

  const golds = [...new Set(labelled.map((s) => s.gold))];
  let exact = 0;
  const matches = golds.map((gold) => {
    const mine = labelled.map((s, i) => ({ s, p: predicted[i]! })).filter((x) => x.s.gold === gold);
    const counts = new Map<string, number>();
    for (const x of mine) counts.set(x.p, (counts.get(x.p) ?? 0) + 1);
    const [best, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const holders = predicted.filter((p) => p === best).length;
    if (n === mine.length && holders === mine.length) exact += 1;
    return { gold, goldStatement: round.points[gold], statement: statementOf.get(best), share: round3(n / mine.length) };
  });
  const found = new Set(predicted.filter((p) => !p.startsWith("alone-")));
  const alone = predicted.filter((p) => p.startsWith("alone-")).length;
  return {
    precision: round3(precision),
    recall: round3(recall),
    f1: round3(f1),
    sentences: labelled.length,
    pointsFound: found.size + alone,
    pointsLabelled: golds.length,
    exact,
    matches,
  };
}

/** Pairs of labelled points that take opposite stances on one topic (the dev set's: test/fixtures/feedback-dev.opposites.json). */
export const oppositesSchema = z.object({ opposites: z.array(z.tuple([z.string(), z.string()])) });

export interface MixedScore {
  /** Points marked "mixed". */
  mixed: number;
  /** Points holding sentences of both sides of an opposite pair. */
  twoSided: number;
  /** Of the mixed points, the share that are two-sided (1 when none is marked). */
  precision: number;
  /** Of the two-sided points, the share marked mixed (1 when there are none). */
  recall: number;
}

/**
 * "Members had mixed views" against labelled opposites: a point should be mixed exactly when it
 * holds sentences from both sides of an opposite pair. (Splitting the two sides into separate points
 * is better still, and counts for neither figure.)
 */
export function scoreMixed(round: LabelledRound, summary: Summary, opposites: Array<[string, string]>): MixedScore {
  const goldOf = new Map<string, string>();
  for (const m of round.members) for (const sentences of Object.values(m.answers)) for (const [text, gold] of sentences) goldOf.set(text.trim(), gold);
  let mixed = 0;
  let twoSided = 0;
  let both = 0;
  for (const theme of summary.themes) {
    for (const point of [...theme.points, ...theme.recommendations]) {
      const golds = new Set(point.evidence.map((e) => goldOf.get(e.trim())));
      const sided = opposites.some(([a, b]) => golds.has(a) && golds.has(b));
      const isMixed = point.quantifier === "mixed";
      if (isMixed) mixed += 1;
      if (sided) twoSided += 1;
      if (isMixed && sided) both += 1;
    }
  }
  return { mixed, twoSided, precision: mixed === 0 ? 1 : round3(both / mixed), recall: twoSided === 0 ? 1 : round3(both / twoSided) };
}
