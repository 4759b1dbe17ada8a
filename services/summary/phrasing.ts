import type { Point, Quantifier } from "./summary.types.ts";

/**
 * How a summary talks about members, shared by the printable report and the digest/review view
 * builders so that the channel digest, the officer's card and the report say the same thing.
 * Plain text only: callers escape for HTML (the report) — Adaptive Cards take it as it is.
 */

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * Who made a point, in seed 002's words: all → "Board members agreed", most → "Most members (7 of 12)",
 * some → "Some members (3 of 12)", one → "One member", mixed → "Members had mixed views".
 */
export function quantifierPhrase(q: Quantifier, supporters: number, respondents: number): string {
  switch (q) {
    case "all":
      return "Board members agreed";
    case "most":
      return `Most members (${supporters} of ${respondents})`;
    case "some":
      return `Some members (${supporters} of ${respondents})`;
    case "one":
      return "One member";
    case "mixed":
      return "Members had mixed views";
  }
}

/** Short form for the officer's review card: "Most members" (then " · 7 of 12"). */
export function quantifierLabel(q: Quantifier): string {
  switch (q) {
    case "all":
      return "All members";
    case "most":
      return "Most members";
    case "some":
      return "Some members";
    case "one":
      return "One member";
    case "mixed":
      return "Mixed views";
  }
}

/** "9 of 12 members" (respondents = members who answered the theme). */
export function supportersText(supporters: number, respondents: number): string {
  return `${supporters} of ${plural(respondents, "member", "members")}`;
}

/**
 * Words that may start a statement and read better lower-cased after a colon ("Board members agreed:
 * the strategy…"). Anything else — names, places, acronyms (NHS, JSNA), "I" — keeps its capital.
 */
const LOWER_OK = new Set(
  (
    "a an the this that these those there there's it it's its they their them we our us you your he she his her " +
    "some most many more all each every any no not none few several both either neither other others " +
    "members member partners partner organisations organisation people residents " +
    "strategy narrative plans plan commissioning delivery integration interventions intervention outcomes " +
    "need needs needed should would could must will can may might is are was were has have had do does did " +
    "further better clear clearer early greater stronger strong mixed new how what when where why which who " +
    "without with within across between before after while if although because so and but or to for of in on at by " +
    "commitment commitments support funding leadership time data success measures progress"
  ).split(" "),
);

/** Lower-cases the first letter of a statement when its first word is an ordinary word (see LOWER_OK). */
export function softLower(statement: string): string {
  const match = /^([A-Z][a-z']*)(?=[\s,;:.!?]|$)/.exec(statement);
  if (!match || !LOWER_OK.has(match[1]!.toLowerCase())) return statement;
  return statement.charAt(0).toLowerCase() + statement.slice(1);
}

/** Ends a sentence with a full stop unless it already ends with punctuation. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return trimmed;
  return /[.!?…”"')]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * Who made a point, ready to put before its statement: "Board members agreed:", "Most members (7 of 12)
 * said:", "Some members (3 of 12) said:", "One member said:", "Members had mixed views:". Points an
 * officer added in review are never attributed to members: "Officers added:".
 */
export function pointLead(point: Pick<Point, "quantifier" | "supporters" | "source">, respondents: number): string {
  if (point.source === "officer") return "Officers added:";
  const phrase = quantifierPhrase(point.quantifier, point.supporters, respondents);
  const verb = point.quantifier === "most" || point.quantifier === "some" || point.quantifier === "one" ? " said" : "";
  return `${phrase}${verb}:`;
}

/** The statement as it reads after the lead: first word lower-cased when safe, ending with a full stop. */
export function pointStatement(statement: string): string {
  return asSentence(softLower(statement.trim()));
}

/**
 * A point as one sentence people read, e.g. "Board members agreed: the Board has a leadership role
 * across the county." / "Most members (7 of 12) said: the strategy's outcomes aren't measurable." /
 * "Members had mixed views: a rigorous performance management framework."
 */
export function pointSentence(point: Pick<Point, "statement" | "quantifier" | "supporters" | "source">, respondents: number): string {
  return `${pointLead(point, respondents)} ${pointStatement(point.statement)}`;
}

/** "12 of 15 members responded (80%)". */
export function responseRateText(responded: number, invited: number): string {
  if (invited <= 0) return `${plural(responded, "member", "members")} responded`;
  return `${responded} of ${plural(invited, "member", "members")} responded (${Math.round((responded / invited) * 100)}%)`;
}

/** Said instead of a theme's points in an anonymous round when too few members answered it. */
export function withheldThemeText(minRespondents: number): string {
  return `Fewer than ${minRespondents} members answered this theme, so it is withheld to protect anonymity.`;
}

/** Said instead of the vote ranking in an anonymous round when too few members voted. */
export function withheldVoteText(minRespondents: number): string {
  return `Fewer than ${minRespondents} members voted, so the vote is withheld to protect anonymity.`;
}

/** Said instead of an intervention's row in an anonymous round when too few members answered it. */
export function withheldCommitmentText(minRespondents: number): string {
  return `Withheld: fewer than ${minRespondents} members answered.`;
}

/** Competition rank as people read it: "1", "=2" for a tie. */
export function rankText(rank: number, tied: boolean): string {
  return tied ? `=${rank}` : String(rank);
}

/** "5 votes from 4 members". */
export function votesText(votes: number, voters: number): string {
  return `${plural(votes, "vote", "votes")} from ${plural(voters, "member", "members")}`;
}

/** "and 3 more points" / "and 1 more recommendation" — 0 gives "". */
export function moreText(n: number, one: string, many: string, suffix = ""): string {
  return n > 0 ? `and ${n} more ${n === 1 ? one : many}${suffix}` : "";
}
