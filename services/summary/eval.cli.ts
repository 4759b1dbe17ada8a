import { readFileSync } from "node:fs";
import { labelledRoundSchema, oppositesSchema, scoreGrouping, scoreMixed, summaryOfLabelled } from "./eval.ts";

/**
 * `npm run eval:summary -- <labelled.json> [--points] [--words-only] [--opposites <pairs.json>]`: how
 * the summary groups a hand-labelled round (pairwise precision, recall, F1; points found vs
 * labelled). --points also lists each labelled point with the summary's statement for it;
 * --words-only leaves the semantic stage out; --opposites scores "mixed views" against pairs of
 * labelled points that take opposite stances (test/fixtures/feedback-dev.opposites.json).
 */
const [file, ...flags] = process.argv.slice(2);
if (!file) {
  process.stderr.write("Usage: npm run eval:summary -- <labelled.json> [--points] [--words-only] [--opposites <pairs.json>]\n");
  process.exit(2);
}
const oppositesAt = flags.indexOf("--opposites");
const oppositesFile = oppositesAt >= 0 ? flags[oppositesAt + 1] : undefined;
if (oppositesAt >= 0 && !oppositesFile) {
  process.stderr.write("--opposites needs a file of pairs: { \"opposites\": [[pointA, pointB], …] }\n");
  process.exit(2);
}
let round;
let opposites: Array<[string, string]> | undefined;
try {
  const parsed = labelledRoundSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    process.stderr.write(`${file} is not a labelled round: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}\n`);
    process.exit(1);
  }
  round = parsed.data;
  if (oppositesFile) {
    const pairs = oppositesSchema.safeParse(JSON.parse(readFileSync(oppositesFile, "utf8")));
    if (!pairs.success) {
      process.stderr.write(`${oppositesFile} is not a list of opposite pairs: ${pairs.error.issues[0]?.message}\n`);
      process.exit(1);
    }
    opposites = pairs.data.opposites;
  }
} catch (err) {
  process.stderr.write(`Could not read ${oppositesFile ?? file}: ${(err as Error).message}\n`);
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
if (opposites) {
  const m = scoreMixed(round, summary, opposites);
  process.stdout.write(`mixed views: ${m.mixed} points marked mixed, ${m.twoSided} hold both sides of an opposite pair; precision ${m.precision}, recall ${m.recall}\n`);
}
if (flags.includes("--points")) {
  for (const m of score.matches) process.stdout.write(`- ${m.gold} (${Math.round(m.share * 100)}% in one point): ${m.statement ?? "—"}\n    labelled: ${m.goldStatement ?? "—"}\n`);
}
