import type { Choice, DigestCardData, DigestThemeView, ReviewCardData, ReviewPointView, ReviewThemeView } from "../../cards/card-types.ts";
import { digestCard } from "../../cards/digest.card.ts";
import { CardTooLargeError, type AdaptiveCard } from "../../cards/render.ts";
import { reviewCard } from "../../cards/review.card.ts";
import { COMMITMENT_LEVEL_TITLES } from "../../services/domain/response.ts";
import {
  countNote,
  pointSentence,
  quantifierLabel,
  rankText,
  responseLine,
  supportersText,
  votesText,
  withheldThemeText,
  withheldVoteText,
} from "../../services/summary/phrasing.ts";
import { STATEMENT_CHARS } from "../../services/summary/review.ts";
import type { Point, Summary, ThemeSummary } from "../../services/summary/summary.types.ts";

export function responseText(summary: Summary): string {
  return responseLine(summary);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Teams renders a little markdown in TextBlocks. Backslash escapes aren't reliable there, so the one
 * thing that matters is defused: a member's text must not become a clickable link in the digest.
 */
function plain(text: string): string {
  return text.replace(/\]\(/g, "]\u200b(");
}

/** One sentence per point, worded as in the report ("Most members (7 of 12) said: …"). */
export function pointText(point: Point, respondents: number, max = 400): string {
  return clip(plain(pointSentence(point, respondents)), max);
}

function withheldText(_theme: ThemeSummary, summary: Summary): string {
  return withheldThemeText(summary.minRespondents);
}

interface DigestLimits {
  themes: number;
  points: number;
  recommendations: number;
  priorities: number;
  commitments: number;
  opportunities: number;
  chars: number;
}

/** From generous to bare: the first that fits Teams' size limit is used, so a digest never fails. */
const DIGEST_PRESETS: DigestLimits[] = [
  { themes: 12, points: 3, recommendations: 3, priorities: 5, commitments: 6, opportunities: 5, chars: 240 },
  { themes: 12, points: 2, recommendations: 2, priorities: 5, commitments: 4, opportunities: 3, chars: 180 },
  { themes: 8, points: 1, recommendations: 1, priorities: 3, commitments: 3, opportunities: 2, chars: 140 },
  { themes: 6, points: 1, recommendations: 0, priorities: 3, commitments: 0, opportunities: 1, chars: 100 },
  { themes: 0, points: 0, recommendations: 0, priorities: 0, commitments: 0, opportunities: 0, chars: 80 },
];

export interface DigestMeta {
  closedText: string;
  publishedByText: string;
  reportUrl?: string;
  /** The round, for "Make actions from this round" (officers only: the server checks). */
  actionsFrom?: { boardId: string; roundId: string };
}

const shownRecommendations = (t: Summary["themes"][number]) => (t.withheld ? t.recommendations.filter((p) => p.source === "officer") : t.recommendations);

export function digestData(summary: Summary, meta: DigestMeta, limits: DigestLimits): DigestCardData {
  const themes: DigestThemeView[] = summary.themes.slice(0, limits.themes).map((t) => ({
    theme: t.theme,
    // The count once: in the lead ("Some members (6 of 12) said …"), or under it where the lead has none.
    points: t.points.slice(0, limits.points).map((p) => ({ text: pointText(p, t.respondents, limits.chars), supportersText: countNote(p, t.respondents) })),
    morePoints: Math.max(0, t.points.length - limits.points),
    // A withheld theme shows none of its members' words, but an officer's own recommendation is the board's, not a member's.
    recommendations: shownRecommendations(t).slice(0, limits.recommendations).map((p) => pointText(p, t.respondents, limits.chars)),
    moreRecommendations: Math.max(0, shownRecommendations(t).length - limits.recommendations),
    withheldText: t.withheld ? withheldText(t, summary) : undefined,
  }));
  const rows = summary.commitments.filter((r) => !r.withheld && r.committed.length > 0).sort((a, b) => b.committed.length - a.committed.length);
  const unled = summary.unled.map((u) => u.label);
  return {
    title: summary.title,
    boardName: summary.boardName,
    closedText: meta.closedText,
    responseText: responseText(summary),
    anonymousText: summary.anonymous ? `Anonymous round: no names, and parts with fewer than ${summary.minRespondents} members are withheld.` : undefined,
    themes,
    moreThemes: Math.max(0, summary.themes.length - limits.themes),
    priorities: summary.votes.slice(0, limits.priorities).map((v) => ({
      rankText: rankText(v.rank, v.tied),
      label: clip(plain(v.label), limits.chars),
      votesText: votesText(v.votes, v.voters),
    })),
    morePriorities: Math.max(0, summary.votes.length - limits.priorities),
    prioritiesWithheldText: summary.votesWithheld ? withheldVoteText(summary.minRespondents) : undefined,
    commitments: rows.slice(0, limits.commitments).map((r) => ({
      label: clip(r.label, limits.chars),
      text: clip(
        [r.leads.length ? `Led by ${r.leads.join(", ")}` : "No lead yet", `${r.committed.length} organisation${r.committed.length === 1 ? "" : "s"} committed`].join(" · "),
        limits.chars,
      ),
    })),
    moreCommitments: Math.max(0, rows.length - limits.commitments),
    opportunities: summary.opportunities.slice(0, limits.opportunities).map((o) => ({
      label: clip(o.label, limits.chars),
      text: clip(`${o.kind === "priority" ? "Voted for by" : "Committed"}: ${o.organisations.join(", ")}`, limits.chars),
    })),
    moreOpportunities: Math.max(0, summary.opportunities.length - limits.opportunities),
    unledText: unled.length > 0 ? clip(`Nobody leads yet: ${unled.join("; ")}`, limits.chars * 3) : undefined,
    reportUrl: meta.reportUrl,
    ...(meta.actionsFrom ? { actionsFrom: meta.actionsFrom } : {}),
    publishedByText: meta.publishedByText,
  };
}

/** The digest at the most detail that fits in one Teams message. */
export function fittedDigestCard(summary: Summary, meta: DigestMeta): AdaptiveCard {
  for (const limits of DIGEST_PRESETS) {
    try {
      return digestCard(digestData(summary, meta, limits));
    } catch (err) {
      if (!(err instanceof CardTooLargeError)) throw err;
    }
  }
  throw new Error("unreachable: the barest digest always fits");
}

interface ReviewLimits {
  points: number;
  recommendations: number;
  evidence: number;
  evidenceChars: number;
}

const REVIEW_PRESETS: ReviewLimits[] = [
  { points: 8, recommendations: 5, evidence: 2, evidenceChars: 220 },
  { points: 6, recommendations: 4, evidence: 1, evidenceChars: 160 },
  { points: 4, recommendations: 3, evidence: 1, evidenceChars: 100 },
  { points: 3, recommendations: 2, evidence: 0, evidenceChars: 0 },
];

export interface ReviewMeta {
  roundId: string;
  boardId: string;
  revision: number;
  state: "draft" | "published";
  publishedText?: string;
  reportUrl?: string;
  banner?: ReviewCardData["banner"];
}

function reviewPoints(list: Point[], respondents: number, limits: { shown: number; evidence: number; evidenceChars: number }): ReviewPointView[] {
  const shown = list.slice(0, limits.shown);
  return shown.map((p) => {
    const choices: Choice[] = shown.filter((o) => o.id !== p.id).map((o) => ({ value: o.id, title: clip(o.statement, 60) }));
    return {
      id: p.id,
      statement: p.statement,
      supportText: p.source === "officer" ? "Added by an officer" : `${quantifierLabel(p.quantifier)} · ${p.supporters} of ${respondents}`,
      evidence: p.evidence.slice(0, limits.evidence).map((e) => clip(e, limits.evidenceChars)),
      keep: true,
      mergeChoices: choices,
      officerAdded: p.source === "officer",
    };
  });
}

export function reviewData(summary: Summary, meta: ReviewMeta, limits: ReviewLimits): ReviewCardData {
  const themes: ReviewThemeView[] = summary.themes.map((t, index) => ({
    index,
    theme: t.theme,
    withheldText: t.withheld ? withheldText(t, summary) : undefined,
    points: reviewPoints(t.points, t.respondents, { shown: limits.points, evidence: limits.evidence, evidenceChars: limits.evidenceChars }),
    recommendations: reviewPoints(t.recommendations, t.respondents, { shown: limits.recommendations, evidence: limits.evidence, evidenceChars: limits.evidenceChars }),
    hiddenCount: Math.max(0, t.points.length - limits.points) + Math.max(0, t.recommendations.length - limits.recommendations),
  }));
  const otherLines = [
    ...summary.votes.slice(0, 5).map((v) => `Priority ${v.tied ? "=" : ""}${v.rank}: ${v.label} — ${votesText(v.votes, v.voters)}`),
    ...(summary.votesWithheld ? [withheldVoteText(summary.minRespondents)] : []),
    ...summary.commitments
      .filter((r) => !r.withheld && r.committed.length > 0)
      .slice(0, 6)
      .map((r) => `${r.label}: ${Object.entries(r.cells).map(([o, l]) => `${o} (${COMMITMENT_LEVEL_TITLES[l].toLowerCase()})`).join(", ")}`),
    ...summary.opportunities.slice(0, 4).map((o) => `Collaboration opportunity — ${o.label}: ${o.organisations.join(", ")}`),
  ].map((l) => clip(l, 220));
  return {
    roundId: meta.roundId,
    boardId: meta.boardId,
    title: summary.title,
    boardName: summary.boardName,
    banner: meta.banner,
    // Officers merge points in review: when meaning couldn't be compared, differently worded points are theirs to find.
    responseText: summary.grouping === "words" ? `${responseText(summary)}. Grouped by words only (too many sentences to compare meaning): look for points to merge.` : responseText(summary),
    revision: meta.revision,
    themes,
    otherLines,
    state: meta.state,
    publishedText: meta.publishedText,
    reportUrl: meta.reportUrl,
    statementMaxLength: STATEMENT_CHARS,
  };
}

/** The review card at the most detail that fits; points beyond the card stay in the summary. */
export function fittedReviewCard(summary: Summary, meta: ReviewMeta): AdaptiveCard {
  for (const limits of REVIEW_PRESETS) {
    try {
      return reviewCard(reviewData(summary, meta, limits));
    } catch (err) {
      if (!(err instanceof CardTooLargeError)) throw err;
    }
  }
  return reviewCard(reviewData(summary, meta, { points: 1, recommendations: 1, evidence: 0, evidenceChars: 0 }));
}
