import { readFileSync } from "node:fs";
import { labelledRoundSchema, scoreGrouping, summaryOfLabelled } from "./eval.ts";

/**
 * `npm run eval:summary -- <labelled.json> [--points]`: how the summary groups a hand-labelled round
 * (pairwise precision, recall, F1; points found vs labelled). --points also lists each labelled
 * point with the summary's statement for it; --words-only leaves the semantic stage out.
 */
const [file, ...flags] = process.argv.slice(2);
if (!file) {
  process.stderr.write("Usage: npm run eval:summary -- <labelled.json> [--points]\n");
  process.exit(2);
}
let round;
try {
  const parsed = labelledRoundSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    process.stderr.write(`${file} is not a labelled round: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}\n`);
    process.exit(1);
  }
  round = parsed.data;
} catch (err) {
  process.stderr.write(`Could not read ${file}: ${(err as Error).message}\n`);
  process.exit(1);
}
const started = performance.now();
const summary = await summaryOfLabelled(round, { semantic: !flags.includes("--words-only") });
const ms = Math.round(performance.now() - started);
const score = scoreGrouping(round, summary);
process.stdout.write(
  `${file}: ${score.sentences} sentences; precision ${score.precision}, recall ${score.recall}, F1 ${score.f1}; ` +
    `${score.pointsFound} points found for ${score.pointsLabelled} labelled (${score.exact} exactly); ${ms} ms\n`,
);
if (flags.includes("--points")) {
  for (const m of score.matches) process.stdout.write(`- ${m.gold} (${Math.round(m.share * 100)}% in one point): ${m.statement ?? "—"}\n    labelled: ${m.goldStatement ?? "—"}\n`);
}
