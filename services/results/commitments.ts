import { COMMITMENT_LEVELS, COMMITMENT_LEVEL_TITLES, type CommitmentLevel, type RoundResponse } from "../domain/response.ts";
import type { Option } from "../domain/round.ts";
import { tallyVotes } from "./votes.ts";

/** Levels that put something into delivery (consulting or declining don't). */
const COMMITTED: ReadonlySet<CommitmentLevel> = new Set(["lead", "contribute", "support"]);
const strength = (level: CommitmentLevel) => COMMITMENT_LEVELS.indexOf(level);

export const NOT_STATED = "Organisation not stated";

export interface MatrixRow {
  interventionId: string;
  label: string;
  /** organisation → the strongest level any of its members gave. */
  cells: Record<string, CommitmentLevel>;
  leads: string[];
  /** Organisations that lead, contribute resources or support delivery. */
  committed: string[];
  hasLead: boolean;
}

export interface CommitmentMatrix {
  organisations: string[];
  rows: MatrixRow[];
}

/**
 * Intervention × organisation → commitment level. Members answer for their organisation; when two
 * members of one organisation differ, the stronger commitment stands (one lead is enough).
 */
export function commitmentMatrix(
  interventions: readonly Option[],
  responses: readonly Pick<RoundResponse, "organisation" | "commitments">[],
): CommitmentMatrix {
  const organisations = new Set<string>();
  const rows: MatrixRow[] = interventions.map((i) => ({ interventionId: i.id, label: i.label, cells: {}, leads: [], committed: [], hasLead: false }));
  const byId = new Map(rows.map((r) => [r.interventionId, r]));
  for (const response of responses) {
    const organisation = response.organisation?.trim() || NOT_STATED;
    for (const c of response.commitments) {
      const row = byId.get(c.interventionId);
      if (!row || !COMMITMENT_LEVELS.includes(c.level)) continue;
      organisations.add(organisation);
      const current = row.cells[organisation];
      if (current === undefined || strength(c.level) < strength(current)) row.cells[organisation] = c.level;
    }
  }
  for (const row of rows) {
    const entries = Object.entries(row.cells).sort(([a], [b]) => a.localeCompare(b));
    row.leads = entries.filter(([, l]) => l === "lead").map(([o]) => o);
    row.committed = entries.filter(([, l]) => COMMITTED.has(l)).map(([o]) => o);
    row.hasLead = row.leads.length > 0;
  }
  return { organisations: [...organisations].sort((a, b) => a.localeCompare(b)), rows };
}

export interface Opportunity {
  kind: "intervention" | "priority";
  id: string;
  label: string;
  /** The organisations that could work together on it. */
  organisations: string[];
  /** e.g. "Lancashire County Council leads; NHS Morecambe Bay CCG contributes resources". */
  detail: string;
}

export interface OpportunityReport {
  /** Where two or more organisations committed (or voted): seed 000's "possible connections". */
  collaborations: Opportunity[];
  /** Interventions with commitments but nobody leading, and interventions nobody took up at all. */
  unled: Array<{ id: string; label: string; committed: string[] }>;
}

/**
 * Collaboration opportunities: interventions two or more named organisations committed to, and
 * priorities two or more organisations voted for. Organisations not stated are never counted
 * (we can't name a partner we don't know). Largest groups first, then listing order.
 */
export function collaborationOpportunities(
  matrix: CommitmentMatrix,
  priorities: readonly Option[],
  responses: readonly Pick<RoundResponse, "organisation" | "votes">[],
): OpportunityReport {
  const collaborations: Opportunity[] = [];
  for (const row of matrix.rows) {
    const named = row.committed.filter((o) => o !== NOT_STATED);
    if (named.length < 2) continue;
    collaborations.push({
      kind: "intervention",
      id: row.interventionId,
      label: row.label,
      organisations: named,
      detail: named.map((o) => `${o}: ${COMMITMENT_LEVEL_TITLES[row.cells[o]!].toLowerCase()}`).join("; "),
    });
  }
  for (const rank of tallyVotes(priorities, responses)) {
    const voters = new Set(
      responses.filter((r) => (r.votes[rank.optionId] ?? 0) > 0).map((r) => r.organisation?.trim() || NOT_STATED).filter((o) => o !== NOT_STATED),
    );
    if (voters.size < 2) continue;
    const organisations = [...voters].sort((a, b) => a.localeCompare(b));
    collaborations.push({ kind: "priority", id: rank.optionId, label: rank.label, organisations, detail: `${rank.votes} votes from ${organisations.join(", ")}` });
  }
  const order = new Map([...matrix.rows.map((r, i) => [r.interventionId, i] as const), ...priorities.map((p, i) => [p.id, 1000 + i] as const)]);
  collaborations.sort((a, b) => b.organisations.length - a.organisations.length || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const unled = matrix.rows.filter((r) => !r.hasLead).map((r) => ({ id: r.interventionId, label: r.label, committed: r.committed }));
  return { collaborations, unled };
}
