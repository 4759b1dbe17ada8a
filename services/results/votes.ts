import type { RoundResponse } from "../domain/response.ts";
import type { Option } from "../domain/round.ts";

export interface VoteRank {
  optionId: string;
  label: string;
  votes: number;
  /** Distinct members who put at least one vote on it. */
  voters: number;
  /** Competition ranking: ties share a rank and the next rank skips (1, 2, 2, 4). */
  rank: number;
  tied: boolean;
}

/**
 * Tally and rank a vote. Order: most votes, then most distinct voters (broader support wins a tie
 * of sticker counts), then the order the officer listed the options — so the same votes always give
 * the same ranking. Options with the same votes and voters share a rank and are marked tied.
 */
export function tallyVotes(options: readonly Option[], responses: readonly Pick<RoundResponse, "votes">[]): VoteRank[] {
  const totals = new Map(options.map((o, i) => [o.id, { option: o, index: i, votes: 0, voters: 0 }]));
  for (const response of responses) {
    for (const [optionId, count] of Object.entries(response.votes)) {
      const entry = totals.get(optionId);
      // Votes for options the round doesn't have (or not positive) are never counted.
      if (!entry || !Number.isInteger(count) || count <= 0) continue;
      entry.votes += count;
      entry.voters += 1;
    }
  }
  const sorted = [...totals.values()].sort((a, b) => b.votes - a.votes || b.voters - a.voters || a.index - b.index);
  const ranks: VoteRank[] = [];
  sorted.forEach((entry, i) => {
    const previous = ranks[i - 1];
    const tiedWithPrevious = previous !== undefined && previous.votes === entry.votes && previous.voters === entry.voters;
    ranks.push({
      optionId: entry.option.id,
      label: entry.option.label,
      votes: entry.votes,
      voters: entry.voters,
      rank: tiedWithPrevious ? previous.rank : i + 1,
      tied: false,
    });
    if (tiedWithPrevious) {
      previous.tied = true;
      ranks[i]!.tied = true;
    }
  });
  return ranks;
}

export class VoteLimitError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(" "));
    this.name = "VoteLimitError";
  }
}

/**
 * The server's word on a member's votes, whatever the card sent: only this round's options, whole
 * non-negative numbers, at most one per option unless stacking is allowed, and no more than the
 * member's allowance in total. Returns the votes to store (zeros dropped).
 */
export function checkVotes(
  options: readonly Option[],
  votesPerMember: number,
  allowMultiplePerOption: boolean,
  submitted: Record<string, number>,
): Record<string, number> {
  const known = new Map(options.map((o) => [o.id, o]));
  const problems: string[] = [];
  const votes: Record<string, number> = {};
  let total = 0;
  for (const [optionId, count] of Object.entries(submitted)) {
    const option = known.get(optionId);
    if (!option) {
      problems.push("The card voted for an option this round doesn't have. Please use the latest card.");
      continue;
    }
    if (!Number.isInteger(count) || count < 0) {
      problems.push(`Votes for “${option.label}” must be a whole number, 0 or more.`);
      continue;
    }
    if (!allowMultiplePerOption && count > 1) problems.push(`This vote allows one vote per option, and “${option.label}” has ${count}.`);
    if (count > 0) votes[optionId] = count;
    total += count;
  }
  if (total > votesPerMember) {
    problems.push(`You placed ${total} votes but have ${votesPerMember}. Take ${total - votesPerMember} off and save again.`);
  }
  if (problems.length > 0) throw new VoteLimitError([...new Set(problems)]);
  return votes;
}
