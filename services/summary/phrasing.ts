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
  if (q === "mixed") return "Members had mixed views";
  return q === "all" ? "Board members agreed" : subjectOf(q, supporters, respondents);
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

/** Who made a point, before its verb: "Board members", "Most members (7 of 12)", "Some members (3 of 12)", "One member". */
function subjectOf(q: Exclude<Quantifier, "mixed">, supporters: number, respondents: number): string {
  switch (q) {
    case "all":
      return "Board members";
    case "most":
      return `Most members (${supporters} of ${respondents})`;
    case "some":
      return `Some members (${supporters} of ${respondents})`;
    case "one":
      return "One member";
  }
}

type PointWords = Pick<Point, "quantifier" | "supporters" | "source" | "statement"> & { verb?: Point["verb"] };

/**
 * Who made a point and how, ready to put before its statement, in seed 002's voice: "Board members
 * agreed", "Most members (7 of 12) said", "Some members (3 of 12) asked", "One member called for";
 * a quoted question takes a colon ("Some members asked: …?"). "Members had mixed views:" when
 * members in it take opposite stances; "Officers added:" for an officer's own point. Points from
 * before statements were third person (no verb) keep the old form: "Some members (3 of 12) said:".
 */
export function pointLead(point: PointWords, respondents: number): string {
  if (point.source === "officer") return "Officers added:";
  if (point.quantifier === "mixed") return "Members had mixed views:";
  if (!point.verb) {
    const phrase = quantifierPhrase(point.quantifier, point.supporters, respondents);
    return `${phrase}${point.quantifier === "all" ? "" : " said"}:`;
  }
  const subject = subjectOf(point.quantifier, point.supporters, respondents);
  const verb = point.quantifier === "all" ? (point.verb === "said" ? "agreed" : `all ${point.verb}`) : point.verb;
  return `${subject} ${verb}${point.statement.trim().endsWith("?") ? ":" : ""}`;
}

/**
 * The statement as it reads after the lead, ending with a full stop. A third-person statement (one
 * with a verb) is already cased as it should read — "Did they…?" quoted keeps its capital; an
 * older one has its first word lower-cased when safe.
 */
export function pointStatement(point: Pick<PointWords, "statement" | "verb" | "source">): string {
  const statement = point.statement.trim();
  return asSentence(point.verb !== undefined && point.source !== "officer" ? statement : softLower(statement));
}

/** A recommendation as seed 002 lists it, a sentence of its own: "The Board should publish one dashboard." */
export function recommendationStatement(point: Pick<Point, "statement">): string {
  const statement = point.statement.trim();
  return asSentence(statement.charAt(0).toUpperCase() + statement.slice(1));
}

/**
 * A point as one sentence people read: "Board members agreed they still cannot share data between
 * partners." / "Some members (3 of 12) asked who owns the shared data." / "Members had mixed views:
 * the MDT testbed is working."
 */
export function pointSentence(point: PointWords, respondents: number): string {
  return `${pointLead(point, respondents)} ${pointStatement(point)}`;
}

/** How many made a point, where its lead doesn't already say so ("Board members agreed", "One member", mixed views); "" otherwise. */
export function countNote(point: Pick<Point, "quantifier" | "supporters" | "source">, respondents: number): string {
  if (point.source === "officer" || point.quantifier === "most" || point.quantifier === "some") return "";
  return supportersText(point.supporters, respondents);
}

/** "12 of 15 members responded (80%)". */
export function responseRateText(responded: number, invited: number): string {
  if (invited <= 0) return `${plural(responded, "member", "members")} responded`;
  return `${responded} of ${plural(invited, "member", "members")} responded (${Math.round((responded / invited) * 100)}%)`;
}

/** How many answered, as a summary says it: a live workshop's "30 people took part in a live workshop (2 as guests)", else the response rate. */
export function responseLine(summary: { responded: number; invited: number; workshop?: { guests: number } }): string {
  if (!summary.workshop) return responseRateText(summary.responded, summary.invited);
  const guests = summary.workshop.guests;
  return `${plural(summary.responded, "person", "people")} took part in a live workshop${guests > 0 ? ` (${guests} as ${guests === 1 ? "a guest" : "guests"})` : ""}`;
}

/** How the points were found, for readers of the report: "" when there was nothing to group (or it wasn't recorded). */
export function groupingText(summary: { grouping?: "meaning" | "words" }): string {
  if (summary.grouping === "meaning") return "Points group members' sentences by what they mean as well as the words they use.";
  if (summary.grouping === "words") return "Points group members' sentences by the words they use: this round has too many sentences to compare their meaning (over 400), so differently worded answers may stand as separate points.";
  return "";
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
