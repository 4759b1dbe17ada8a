import type { ActionSource } from "../domain/action.ts";
import type { Round } from "../domain/round.ts";
import { ValidationError } from "../rounds/errors.ts";
import type { Summary } from "../summary/summary.types.ts";
import { pointStatement, recommendationStatement } from "../summary/phrasing.ts";

/** Something in a published round an action can be made from: a recommendation, another point, or an intervention. */
export interface SourceChoice {
  source: ActionSource;
  /** What the officer picks from ("Recommendation: …", "Commitment: …"). */
  label: string;
  /** A starting title for the action. */
  title: string;
  /** For an intervention: the organisations that will lead it, then those contributing (a starting owner). */
  organisations: string[];
  intervention?: string;
}

const clip = (text: string, n: number) => (text.length <= n ? text : `${text.slice(0, n - 1).trimEnd()}…`);

/** Everything in a published round that could become an action, recommendations first. */
export function sourceChoices(round: Round, summary: Summary): SourceChoice[] {
  const base = { roundId: round.id, roundTitle: round.title };
  const out: SourceChoice[] = [];
  for (const theme of summary.themes) {
    for (const r of theme.recommendations) {
      const text = recommendationStatement(r);
      out.push({ source: { ...base, kind: "recommendation", ref: r.id }, label: `Recommendation (${theme.theme}): ${clip(text, 120)}`, title: clip(text, 200), organisations: [] });
    }
  }
  for (const row of summary.commitments) {
    const leads = row.leads;
    const contributors = Object.entries(row.cells).filter(([, level]) => level === "contribute").map(([organisation]) => organisation);
    out.push({
      source: { ...base, kind: "commitment", ref: row.interventionId },
      label: `Commitment: ${clip(row.label, 120)}${leads.length ? ` (led by ${leads.join(", ")})` : ""}`,
      title: clip(row.label, 200),
      organisations: [...leads, ...contributors],
      intervention: clip(row.label, 150),
    });
  }
  for (const theme of summary.themes) {
    for (const p of theme.points) {
      const text = pointStatement(p);
      out.push({ source: { ...base, kind: "point", ref: p.id }, label: `Point (${theme.theme}): ${clip(text, 120)}`, title: clip(text, 200), organisations: [] });
    }
  }
  return out;
}

/** The source as this board's published round has it (the card's copy is never trusted), or a ValidationError. */
export function resolveSource(round: Round, summary: Summary, claimed: Pick<ActionSource, "kind" | "ref">): SourceChoice {
  const found = sourceChoices(round, summary).find((c) => c.source.kind === claimed.kind && c.source.ref === claimed.ref);
  if (!found) throw new ValidationError(["That item isn't in the round's published summary any more. Open the form again from the latest digest."]);
  return found;
}
