/** Summary quality: the grouping scored on the labelled dev set (test/fixtures/feedback-dev.json), with and without the semantic stage. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { labelledRoundSchema, oppositesSchema, scoreGrouping, scoreMixed, summaryOfLabelled, type MixedScore } from "../services/summary/eval.ts";
import { log, repoRoot } from "./lib.ts";

export interface QualityFigures {
  precision: number;
  recall: number;
  f1: number;
  pointsFound: number;
  pointsLabelled: number;
  /** Wall time of the summary (the semantic run's includes loading the model and embedding every clause). */
  ms: number;
  /** "Mixed views" against the labelled opposite pairs (test/fixtures/feedback-dev.opposites.json). */
  mixed: MixedScore;
}

export interface QualityResults {
  file: string;
  sentences: number;
  semantic: QualityFigures;
  words: QualityFigures;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

async function score(file: string, semantic: boolean): Promise<QualityFigures & { sentences: number }> {
  const round = labelledRoundSchema.parse(readJson(file));
  const { opposites } = oppositesSchema.parse(readJson(file.replace(/\.json$/, ".opposites.json")));
  const started = performance.now();
  const summary = await summaryOfLabelled(round, { semantic });
  const ms = Math.round(performance.now() - started);
  const s = scoreGrouping(round, summary);
  const mixed = scoreMixed(round, summary, opposites);
  return { precision: s.precision, recall: s.recall, f1: s.f1, pointsFound: s.pointsFound, pointsLabelled: s.pointsLabelled, sentences: s.sentences, ms, mixed };
}

export async function runQuality(): Promise<QualityResults> {
  const file = path.join(repoRoot, "test", "fixtures", "feedback-dev.json");
  // Words first: the semantic run then pays the model's load, as a server's first summary does.
  const { sentences, ...words } = await score(file, false);
  const { sentences: _, ...semantic } = await score(file, true);
  for (const [name, f] of [["semantic", semantic], ["words only", words]] as const) {
    log(`quality (${name}): ${sentences} sentences, P ${f.precision} R ${f.recall} F1 ${f.f1}, ${f.pointsFound} points for ${f.pointsLabelled} labelled, mixed views P ${f.mixed.precision} R ${f.mixed.recall}, ${f.ms} ms`);
  }
  return { file: path.relative(repoRoot, file), sentences, semantic, words };
}
