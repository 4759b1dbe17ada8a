import type { Choice, ReviewCardData, ReviewPointView, ReviewThemeView } from "./card-types.ts";
import { renderTemplate, type AdaptiveCard } from "./render.ts";

/** Merge choices read "2. " and the start of the target's statement, cut to this many characters. */
export const MERGE_TITLE_CHARS = 32;
/** One evidence line is never quoted longer than this on the card (the full text is in the report). */
export const QUOTE_CHARS = 220;
/**
 * All the quotes on one card share this many characters, so that a long draft stays well inside
 * Teams' message size: with 30 points each gets ~330 (two lines); with 54, ~185 (one line).
 */
export const QUOTE_BUDGET_CHARS = 10_000;
const QUOTE_MIN_CHARS = 100;
/** A second line is only quoted when at least this much of the point's allowance is left. */
const SECOND_QUOTE_MIN_CHARS = 60;

const nonBlank = (text: string | undefined): text is string => text !== undefined && text.trim() !== "";

function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}

/** “First line.”  “Second line.” — within `allowance` characters; never more than two lines. */
function quoteOf(evidence: string[], allowance: number): string {
  const quotes: string[] = [];
  let left = allowance;
  for (const line of evidence.filter(nonBlank).slice(0, 2)) {
    if (quotes.length > 0 && left < SECOND_QUOTE_MIN_CHARS) break;
    const text = shorten(line, Math.min(QUOTE_CHARS, left));
    quotes.push(`“${text}”`);
    left -= text.length;
  }
  return quotes.join("  ");
}

/**
 * Merge choices: only the points ABOVE this one in its theme and kind (shown strongest first, so a
 * smaller point merges into a bigger one, and two points can never be merged into each other), each
 * named by its number on the card and the start of its statement ("2. Members want clear…"). The card
 * carries one list per point, so full statements and every sibling would not fit in a Teams message.
 * Never the point itself, and nothing that is not on the card, whatever the caller passed.
 */
function mergeChoicesOf(point: ReviewPointView, numbers: ReadonlyMap<string, number>): Choice[] {
  const own = numbers.get(point.id) ?? Number.MAX_SAFE_INTEGER;
  return point.mergeChoices
    .filter((c) => c.value !== point.id && (numbers.get(c.value) ?? Number.MAX_SAFE_INTEGER) < own)
    .map((c) => ({ title: `${numbers.get(c.value)!}. ${shorten(c.title, MERGE_TITLE_CHARS)}`, value: c.value }));
}

interface ItemContext {
  /** Id → number on the card (1-based) of the points of the same theme and kind: the only merge targets. */
  numbers: ReadonlyMap<string, number>;
  quoteChars: number;
  /** The theme's name: each input's label says which theme's point it is ("Point 2 of Integration"), so a screen reader can tell them apart. */
  theme: string;
}

function itemView(point: ReviewPointView, number: string, heading: string, isFirst: boolean, ctx: ItemContext) {
  const mergeChoices = mergeChoicesOf(point, ctx.numbers);
  // The tag already says an officer added it: don't repeat that in the label.
  const support = point.officerAdded && /officer/i.test(point.supportText) ? "" : point.supportText.trim();
  const quote = quoteOf(point.evidence, ctx.quoteChars);
  const meta = [number, support, point.keep ? "" : "Left out of the summary"].filter((s) => s !== "");
  const which = `${number} of ${ctx.theme}`; // "Point 2 of Integration"
  const inSentence = which.charAt(0).toLowerCase() + which.slice(1);
  return {
    id: point.id,
    isFirst,
    hasHeading: heading !== "",
    headingText: heading,
    officerAdded: point.officerAdded,
    label: support === "" ? which : `${which} — ${support}`,
    keepTitle: `Include ${inSentence} in the summary`,
    mergeLabel: `Merge ${inSentence} into`,
    statement: point.statement,
    metaText: meta.join(" · "),
    hasQuote: quote !== "",
    quote,
    keepValue: point.keep ? "true" : "false",
    hasMerge: mergeChoices.length > 0,
    mergeChoices,
  };
}

function themeView(theme: ReviewThemeView, quoteChars: number) {
  const pointNumbers = new Map(theme.points.map((p, n) => [p.id, n + 1] as const));
  const recNumbers = new Map(theme.recommendations.map((r, n) => [r.id, n + 1] as const));
  const items = [
    ...theme.points.map((p, n) => itemView(p, `Point ${n + 1}`, n === 0 ? "Feedback" : "", n === 0, { numbers: pointNumbers, quoteChars, theme: theme.theme })),
    ...theme.recommendations.map((r, n) => itemView(r, `Recommendation ${n + 1}`, n === 0 ? "Recommendations" : "", n === 0 && theme.points.length === 0, { numbers: recNumbers, quoteChars, theme: theme.theme })),
  ];
  const hidden = Math.max(0, theme.hiddenCount);
  const hasWithheld = nonBlank(theme.withheldText);
  return {
    index: theme.index,
    theme: theme.theme,
    hasWithheld,
    withheldText: theme.withheldText ?? "",
    isEmpty: !hasWithheld && items.length === 0 && hidden === 0,
    items,
    hasHidden: hidden > 0,
    hiddenText:
      hidden === 1
        ? "1 smaller point isn't shown here; it is in the full report and stays in the summary."
        : `${hidden} smaller points aren't shown here; they are in the full report and stay in the summary.`,
    addrecLabel: `Add your own recommendations for ${theme.theme} — one per line`,
  };
}

/**
 * The officer's 1:1 card to review a round's draft summary before it goes to the board's channel
 * (`review.json`). Per theme, each shown point and recommendation has, while a draft:
 *   `stmt_<id>`  Input.Text — the statement (edited wording);
 *   `keep_<id>`  Input.Toggle — "true"/"false" (always sent);
 *   `merge_<id>` Input.ChoiceSet — another point id of the same theme and kind, or absent (Teams omits
 *                an empty choice) = don't merge; only present when there is something to merge into;
 * and per theme `addrec_<index>` — multiline, one new recommendation per line (absent when blank).
 * `saveSummary` and `publishSummary` carry `{ roundId, boardId, revision }`; a blank `stmt_<id>` is
 * also omitted by Teams, so a missing statement means "cleared", not "unchanged".
 * Once published the card is read-only (no inputs) and may link to the full report.
 */
export function reviewCard(data: ReviewCardData): AdaptiveCard {
  const isDraft = data.state === "draft";
  const publishedText = data.publishedText?.trim() ?? "";
  const withEvidence = data.themes.flatMap((t) => [...t.points, ...t.recommendations]).filter((p) => p.evidence.some(nonBlank)).length;
  const quoteChars = Math.max(QUOTE_MIN_CHARS, Math.min(2 * QUOTE_CHARS, Math.floor(QUOTE_BUDGET_CHARS / Math.max(1, withEvidence))));
  const card = renderTemplate("review", {
    roundId: data.roundId,
    boardId: data.boardId,
    revision: data.revision,
    title: data.title,
    boardName: data.boardName,
    responseText: data.responseText,
    hasBanner: data.banner !== undefined && data.banner.text !== "",
    banner: data.banner ?? { style: "accent", text: "" },
    isDraft,
    stateStyle: isDraft ? "emphasis" : "good",
    stateHeading: isDraft ? "Draft — only officers can see this" : "Published to the board's channel",
    hasStateText: isDraft || publishedText !== "",
    stateText: isDraft
      ? "Tidy the wording, untick anything to leave out, merge repeated points and add your own recommendations. Nothing is posted until you publish."
      : publishedText,
    themes: data.themes.map((t) => themeView(t, quoteChars)),
    hasOtherLines: data.otherLines.some(nonBlank),
    otherLines: data.otherLines.filter(nonBlank).map((line) => `• ${line}`),
    statementMaxLength: data.statementMaxLength,
    addrecMaxLength: data.statementMaxLength * 4,
    footerText: "Save as often as you like. Publishing posts the digest to the board's channel; members' names never appear in it.",
    hasReportUrl: nonBlank(data.reportUrl),
    reportUrl: data.reportUrl ?? "",
  });
  if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
  return card;
}
