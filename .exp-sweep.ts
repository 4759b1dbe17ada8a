import { readFileSync } from "node:fs";
import { labelledRoundSchema, scoreGrouping, summaryOfLabelled } from "./services/summary/eval.ts";
import { SEMANTIC_TUNING } from "./services/summary/theming/tunables.ts";
const round = labelledRoundSchema.parse(JSON.parse(readFileSync("../shared/data/feedback-dev.json", "utf8")));
const row: string[] = [];
for (const t of [0.22, 0.25, 0.28, 0.3, 0.32, 0.35, 0.38]) {
  (SEMANTIC_TUNING as any).threshold = t;
  const s = scoreGrouping(round, await summaryOfLabelled(round, { semantic: true }));
  row.push(`${t}: ${s.f1} (P ${s.precision} R ${s.recall} n ${s.pointsFound})`);
}
console.log(row.join("\n"));
