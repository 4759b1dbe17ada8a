import type { Commitment } from "../domain/response.ts";
import type { Option, RoundKind } from "../domain/round.ts";
import { collaborationOpportunities, commitmentMatrix } from "../results/commitments.ts";
import { tallyVotes } from "../results/votes.ts";
import type { CommitmentRowSummary, Summary, ThemeSummary, ThemingAnswer, ThemingQuestion } from "./summary.types.ts";
import { prepareSemantic, themeAnswers } from "./theming/index.ts";
import type { SemanticIndex } from "./theming/semantic.ts";
import type { Fragment } from "./theming/sentences.ts";
import type { AnswerReaders } from "./threads/answer-readers.ts";
import { nameRedactor } from "./redact.ts";

export interface SummaryInput {
  round: {
    id: string;
    title: string;
    boardName: string;
    anonymous: boolean;
    minRespondents: number;
    questions: ThemingQuestion[];
    options: Option[];
    interventions: Option[];
    kinds: RoundKind[];
    /** A live workshop's round: its ledger is who took part, so the response rate reads "N took part". */
    workshop?: { guests: number };
  };
  invited: number;
  /**
   * Names of the people invited (as Teams shows them). In an anonymous round they are replaced by
   * "[name]" in the answers before anything is quoted (see redact.ts).
   */
  memberNames?: string[];
  responses: Array<{
    memberId: string;
    organisation?: string;
    answers: Record<string, string>;
    votes: Record<string, number>;
    commitments: Commitment[];
  }>;
  generatedAt: string;
}

function said(r: SummaryInput["responses"][number]): boolean {
  return (
    Object.values(r.answers).some((a) => a.trim() !== "") ||
    Object.values(r.votes).some((v) => v > 0) ||
    r.commitments.length > 0
  );
}

/**
 * Build a round's summary. In anonymous rounds every part that rests on fewer members than the
 * round's threshold is withheld — a theme, the vote, an intervention's row — so nobody can be
 * picked out; names never appear anywhere (organisations do, in the commitment matrix, because
 * commitments are made for an organisation).
 */
/** The answers the theming engine reads: known questions, not blank, names redacted in anonymous rounds. */
function themingAnswers(input: SummaryInput): ThemingAnswer[] {
  const { round } = input;
  const answers: ThemingAnswer[] = [];
  if (!round.kinds.includes("feedback")) return answers;
  const known = new Set(round.questions.map((q) => q.id));
  const redact = round.anonymous && input.memberNames?.length ? nameRedactor(input.memberNames) : (text: string) => text;
  for (const r of [...input.responses].sort((a, b) => a.memberId.localeCompare(b.memberId))) {
    for (const [questionId, text] of Object.entries(r.answers)) {
      if (known.has(questionId) && text.trim() !== "") answers.push({ memberId: r.memberId, questionId, text: redact(text) });
    }
  }
  return answers;
}

/**
 * The summary, with each theme's points grouped by meaning as well as by words when the round is
 * small enough to embed (theming/semantic.ts: SEMANTIC_MAX_SENTENCES), by words alone beyond — a
 * board round of 1:1s gets the semantic signal, a 10,000-response survey doesn't need its cost.
 */
export async function summarise(input: SummaryInput, options: { semantic?: boolean; readers?: AnswerReaders } = {}): Promise<Summary> {
  const answers = themingAnswers(input);
  // A large round's answers are read on several threads at once (threads/answer-readers.ts).
  const read = options.readers && answers.length > 0 ? await options.readers.read(answers.map((a) => a.text)) : undefined;
  const semantic = options.semantic === false ? undefined : await prepareSemantic(answers, input.round.questions);
  return summaryOf(input, answers, { ...(semantic ? { semantic } : {}), ...(read ? { read } : {}) });
}

export function buildSummary(input: SummaryInput, options: { semantic?: SemanticIndex; read?: ReadonlyMap<string, Fragment[]> } = {}): Summary {
  return summaryOf(input, themingAnswers(input), options);
}

/** The summary of a round whose answers to theme (`themingAnswers`) have been worked out. */
function summaryOf(input: SummaryInput, answers: ThemingAnswer[], options: { semantic?: SemanticIndex; read?: ReadonlyMap<string, Fragment[]> }): Summary {
  const { round } = input;
  const responses = [...input.responses].sort((a, b) => a.memberId.localeCompare(b.memberId));
  const threshold = round.anonymous ? round.minRespondents : 0;

  // Themes
  const themed = round.kinds.includes("feedback") ? themeAnswers(round.questions, answers, { ...(options.semantic ? { semantic: options.semantic } : {}), ...(options.read ? { read: options.read } : {}) }) : [];
  const themes: ThemeSummary[] = themed.map((t) => {
    const withheld = t.respondents < threshold;
    return { theme: t.theme, respondents: t.respondents, withheld, points: withheld ? [] : t.points, recommendations: withheld ? [] : t.recommendations };
  });

  // Votes
  const hasVote = round.kinds.includes("vote") && round.options.length > 0;
  const voters = responses.filter((r) => Object.values(r.votes).some((v) => v > 0)).length;
  const votesWithheld = hasVote && voters < threshold;
  const votes = hasVote && !votesWithheld ? tallyVotes(round.options, responses) : [];

  // Commitments
  const hasCommitments = round.kinds.includes("commitment") && round.interventions.length > 0;
  const matrix = hasCommitments ? commitmentMatrix(round.interventions, responses) : { organisations: [], rows: [] };
  const rows: CommitmentRowSummary[] = matrix.rows.map((row) => {
    const respondents = responses.filter((r) => r.commitments.some((c) => c.interventionId === row.interventionId)).length;
    const withheld = respondents > 0 && respondents < threshold;
    return withheld
      ? { ...row, cells: {}, leads: [], committed: [], hasLead: false, respondents, withheld }
      : { ...row, respondents, withheld };
  });
  const visibleMatrix = { organisations: matrix.organisations, rows: matrix.rows.filter((_, i) => !rows[i]!.withheld) };
  const report = collaborationOpportunities(visibleMatrix, votesWithheld ? [] : hasVote ? round.options : [], responses);
  const organisations = [...new Set(rows.flatMap((r) => Object.keys(r.cells)))].sort((a, b) => a.localeCompare(b));

  return {
    roundId: round.id,
    title: round.title,
    boardName: round.boardName,
    anonymous: round.anonymous,
    minRespondents: round.minRespondents,
    invited: input.invited,
    responded: responses.filter(said).length,
    ...(answers.length > 0 ? { grouping: options.semantic ? ("meaning" as const) : ("words" as const) } : {}),
    ...(round.workshop ? { workshop: { guests: round.workshop.guests } } : {}),
    themes,
    votes,
    votesWithheld,
    commitmentOrganisations: organisations,
    commitments: rows,
    opportunities: report.collaborations,
    unled: hasCommitments ? report.unled : [],
    generatedAt: input.generatedAt,
  };
}
