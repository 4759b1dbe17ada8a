import { readFileSync } from "node:fs";
import { labelledRoundSchema, summaryOfLabelled } from "../../services/summary/eval.ts";
import type { Summary } from "../../services/summary/summary.types.ts";
import { summarySample } from "./samples.ts";

/**
 * The summary the screenshots show: the public dev set (test/fixtures/feedback-dev.json — 14
 * members, 5 themes, written in the style of seed 002's 1:1s) run through the engine as a real
 * round would be, semantic stage included, so the pictures show what the engine writes today. The
 * dev set has no vote or commitments: those sections are the sample round's (samples.ts).
 */
export async function devRoundSummary(): Promise<Summary> {
  const dev = labelledRoundSchema.parse(JSON.parse(readFileSync(new URL("../../test/fixtures/feedback-dev.json", import.meta.url), "utf8")));
  const themed = await summaryOfLabelled(dev, { semantic: true });
  return {
    ...summarySample,
    roundId: "rnd-2026-11-year-one",
    title: "Year 1 programme review: 1:1 feedback",
    boardName: "Lancashire and South Cumbria Health and Wellbeing Partnership",
    invited: 16,
    responded: themed.responded,
    themes: themed.themes,
  };
}
