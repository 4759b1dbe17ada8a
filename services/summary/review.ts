import type { Point, Quantifier, Summary } from "./summary.types.ts";

/** What an officer changed on the review card. */
export interface ReviewEdits {
  /** pointId → new statement. */
  statements: Record<string, string>;
  /** Points to drop from the summary. */
  drop: string[];
  /** pointId → the point it is merged into (same theme, same kind). */
  merge: Record<string, string>;
  /** theme index → recommendations the officer adds. */
  addRecommendations: Record<number, string[]>;
}

export const STATEMENT_CHARS = 400;

export class ReviewError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(" "));
    this.name = "ReviewError";
  }
}

export function quantify(supporters: number, respondents: number, wasMixed: boolean): Quantifier {
  if (wasMixed) return "mixed";
  if (supporters <= 1) return "one";
  if (respondents >= 2 && supporters >= respondents) return "all";
  if (supporters * 2 > respondents) return "most";
  return "some";
}

/**
 * Apply an officer's edits to a draft, as a new summary (the input is not changed). Merging adds
 * the merged point's evidence to the target; its supporters are added too, capped at the theme's
 * respondents (the draft doesn't keep who said what, so a member behind both points could be
 * counted twice — the cap keeps the quantifier honest at worst "all").
 */
export function applyReviewEdits(summary: Summary, edits: ReviewEdits): Summary {
  const problems: string[] = [];
  const themes = summary.themes.map((theme, themeIndex) => {
    const edit = (list: Point[]): Point[] => {
      const byId = new Map(list.map((p) => [p.id, { ...p, evidence: [...p.evidence] }]));
      for (const [id, text] of Object.entries(edits.statements)) {
        const point = byId.get(id);
        if (!point) continue;
        const statement = text.trim();
        if (statement.length === 0) problems.push(`A statement in ${theme.theme} is empty: untick “Include” to drop a point instead.`);
        else if (statement.length > STATEMENT_CHARS) problems.push(`A statement in ${theme.theme} is over ${STATEMENT_CHARS} characters.`);
        else if (statement !== point.statement) {
          point.statement = statement;
          // An edit that starts with a capital may be a sentence of its own: it then follows a colon
          // ("Some members said: Partners…"); one in lower case still continues the lead.
          if (/^\p{Lu}/u.test(statement)) delete point.verb;
        }
      }
      for (const [from, into] of Object.entries(edits.merge)) {
        const source = byId.get(from);
        if (!source) continue;
        const target = byId.get(into);
        if (!target || into === from) {
          problems.push(`A point in ${theme.theme} can only be merged into another point of the same list.`);
          continue;
        }
        const mixed = target.quantifier === "mixed" || source.quantifier === "mixed";
        target.supporters = Math.min(theme.respondents, target.supporters + source.supporters);
        target.quantifier = quantify(target.supporters, theme.respondents, mixed);
        target.evidence = [...new Set([...target.evidence, ...source.evidence])];
        byId.delete(from);
      }
      for (const id of edits.drop) byId.delete(id);
      return [...byId.values()].sort((a, b) => b.supporters - a.supporters || list.findIndex((p) => p.id === a.id) - list.findIndex((p) => p.id === b.id));
    };
    const points = edit(theme.points);
    const recommendations = edit(theme.recommendations);
    const added = (edits.addRecommendations[themeIndex] ?? []).map((s) => s.trim()).filter((s) => s !== "");
    const existing = new Set(recommendations.map((r) => r.id));
    let n = 1;
    for (const statement of added) {
      if (statement.length > STATEMENT_CHARS) {
        problems.push(`An added recommendation in ${theme.theme} is over ${STATEMENT_CHARS} characters.`);
        continue;
      }
      while (existing.has(`t${themeIndex + 1}o${n}`)) n += 1;
      const id = `t${themeIndex + 1}o${n}`;
      existing.add(id);
      recommendations.push({ id, statement, supporters: 0, quantifier: "one", evidence: [], source: "officer" });
    }
    return { ...theme, points, recommendations };
  });
  if (problems.length > 0) throw new ReviewError([...new Set(problems)]);
  return { ...summary, themes };
}
