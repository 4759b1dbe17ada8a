import { stringify } from "csv-stringify/sync";
import { COMMITMENT_LEVEL_TITLES } from "../domain/response.ts";
import type { Delivery } from "../domain/delivery.ts";
import type { RoundResponse } from "../domain/response.ts";
import type { Round } from "../domain/round.ts";

export class AnonymousExportError extends Error {
  constructor() {
    super("This round is anonymous, so its raw answers can't be exported: use the summary instead.");
    this.name = "AnonymousExportError";
  }
}

/**
 * Every answer, vote and commitment of a NAMED round as CSV, one row per item, for officers to work
 * with in Excel (UTF-8 with a BOM so Excel reads accents and curly quotes). Anonymous rounds never
 * export raw answers: the only way out is the summary, which withholds small groups.
 */
export function answersCsv(round: Round, deliveries: Delivery[], responses: RoundResponse[]): string {
  if (round.anonymous) throw new AnonymousExportError();
  const names = new Map(deliveries.map((d) => [d.memberAadObjectId, d.memberName]));
  const def = round.definition;
  const rows: string[][] = [];
  const sorted = [...responses].filter((r) => names.has(r.memberAadObjectId)).sort((a, b) => (names.get(a.memberAadObjectId) ?? "").localeCompare(names.get(b.memberAadObjectId) ?? ""));
  for (const r of sorted) {
    const who = [names.get(r.memberAadObjectId) ?? "", r.organisation ?? ""];
    for (const q of def.questions) {
      const answer = r.answers[q.id];
      if (answer) rows.push([...who, "Feedback", q.theme, q.kind === "view" ? "View" : "Recommendation", q.text, answer, r.savedAt]);
    }
    for (const o of def.options) {
      const votes = r.votes[o.id] ?? 0;
      if (votes > 0) rows.push([...who, "Vote", o.label, "Votes", String(votes), r.voteReasons[o.id] ?? "", r.savedAt]);
    }
    for (const c of r.commitments) {
      const label = (def.interventions ?? []).find((i) => i.id === c.interventionId)?.label ?? c.interventionId;
      const details = [
        c.representative && `Representative: ${c.representative}`,
        c.resources && `Resources: ${c.resources}`,
        c.timescale && `Timescale: ${c.timescale}`,
        c.impact && `Intended impact: ${c.impact}`,
      ].filter(Boolean).join("; ");
      rows.push([...who, "Commitment", label, "Level", COMMITMENT_LEVEL_TITLES[c.level], details, r.savedAt]);
    }
  }
  const header = ["Member", "Organisation", "Section", "Theme or item", "Type", "Question or value", "Answer or detail", "Saved (UTC)"];
  // Leading =, +, -, @ would be run as formulas by Excel: neutralise them (CSV injection).
  const safe = rows.map((row) => row.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
  return `\uFEFF${stringify([header, ...safe], { record_delimiter: "\r\n" })}`;
}
