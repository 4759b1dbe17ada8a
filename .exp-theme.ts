import { readFileSync } from "node:fs";
import { labelledRoundSchema, scoreGrouping, summaryOfLabelled } from "./services/summary/eval.ts";
const round = labelledRoundSchema.parse(JSON.parse(readFileSync("../shared/data/feedback-dev.json", "utf8")));
const out: string[] = [];
for (const th of Object.keys(round.themes)) {
  const r = { ...round, themes: { [th]: round.themes[th]! }, members: round.members.map((m: any) => ({ ...m, answers: { [th]: m.answers[th] ?? [] } })) };
  const s = scoreGrouping(r as any, await summaryOfLabelled(r as any, { semantic: true }));
  out.push(`${th} P ${s.precision} R ${s.recall} F1 ${s.f1}`);
}
console.log(out.join("\n"));
