import { COMMITMENT_LEVELS, type Commitment, type CommitmentLevel } from "../domain/response.ts";
import type { Option } from "../domain/round.ts";

export const DETAIL_CHARS = 300;
export const ORGANISATION_CHARS = 120;

export interface SubmittedCommitment {
  level?: string;
  representative?: string;
  resources?: string;
  timescale?: string;
  impact?: string;
}

/**
 * Check a member's commitments against the round's interventions: known interventions, a real
 * level, details within length. An intervention with no level is "not answered" and not stored,
 * unless details were given (then the level is required, so details never float free).
 */
export function checkCommitments(interventions: readonly Option[], submitted: Record<string, SubmittedCommitment>): { commitments: Commitment[]; problems: string[] } {
  const known = new Map(interventions.map((i) => [i.id, i]));
  const problems: string[] = [];
  const commitments: Commitment[] = [];
  for (const [id, raw] of Object.entries(submitted)) {
    const intervention = known.get(id);
    if (!intervention) {
      problems.push("The card mentioned an intervention this round doesn't have. Please use the latest card.");
      continue;
    }
    const details = {
      representative: raw.representative?.trim() || undefined,
      resources: raw.resources?.trim() || undefined,
      timescale: raw.timescale?.trim() || undefined,
      impact: raw.impact?.trim() || undefined,
    };
    for (const [field, value] of Object.entries(details)) {
      if (value && value.length > DETAIL_CHARS) problems.push(`The ${field} for “${intervention.label}” is over ${DETAIL_CHARS} characters.`);
    }
    const level = raw.level?.trim() ?? "";
    if (level === "") {
      if (Object.values(details).some(Boolean)) problems.push(`Choose what your organisation can commit to “${intervention.label}” (you added details).`);
      continue;
    }
    if (!(COMMITMENT_LEVELS as readonly string[]).includes(level)) {
      problems.push(`“${level.slice(0, 30)}” is not a commitment level.`);
      continue;
    }
    commitments.push({ interventionId: id, level: level as CommitmentLevel, ...Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)) });
  }
  const order = new Map(interventions.map((i, n) => [i.id, n]));
  commitments.sort((a, b) => (order.get(a.interventionId) ?? 0) - (order.get(b.interventionId) ?? 0));
  return { commitments, problems: [...new Set(problems)] };
}
