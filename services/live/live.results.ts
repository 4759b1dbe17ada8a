import { DateTime } from "luxon";
import type { LiveActivity, LiveEntry } from "../domain/live.ts";
import { tallyVotes } from "../results/votes.ts";
import { pointStatement, rankText } from "../summary/phrasing.ts";
import { themeAnswers } from "../summary/theming/index.ts";
import type { Point, ThemingAnswer } from "../summary/summary.types.ts";
import type { LiveBarDto, LiveClusterDto, LiveResultsDto } from "./live.types.ts";
import { contributed } from "./live.rules.ts";

/** Cards quoted under each cluster on the stage. */
const EXAMPLES = 3;

/**
 * What the stage shows: totals only. Sticker counts per option, in the options' order (the chart
 * keeps its shape as votes arrive); answers and cards grouped into points by the summary engine,
 * largest first, each with how many people are behind it and a few of the cards, verbatim. Nothing
 * here says who placed or wrote anything.
 *
 * The live grouping is by words alone (the engine's quick path, as the dashboard's view of an open
 * round): it runs on every change, and meaning costs ~24 ms a sentence here. The round the activity
 * becomes is summarised with meaning as well, like every other round.
 */
export function liveResults(activity: LiveActivity, entries: readonly LiveEntry[], now: DateTime, timeZone: string): LiveResultsDto {
  const taking = entries.filter(contributed);
  const base = {
    activityId: activity.id,
    kind: activity.kind,
    title: activity.title,
    ...(activity.prompt ? { prompt: activity.prompt } : {}),
    status: activity.status,
    participants: taking.length,
    guests: taking.filter((e) => e.guest).length,
    updatedText: `Updated ${now.setZone(timeZone).toFormat("h:mm:ssa").toLowerCase()}`,
  };
  if (activity.kind === "vote") {
    const ranks = tallyVotes(activity.options, taking.map((e) => ({ votes: e.stickers })));
    const placed = ranks.reduce((n, r) => n + r.votes, 0);
    const byId = new Map(ranks.map((r) => [r.optionId, r]));
    const bars: LiveBarDto[] = activity.options.map((o) => {
      const r = byId.get(o.id)!;
      return { optionId: o.id, label: o.label, stickers: r.votes, percent: placed === 0 ? 0 : Math.round((100 * r.votes) / placed), rank: placed === 0 ? "" : rankText(r.rank, r.tied) };
    });
    return { ...base, bars, stickersPlaced: placed, clusters: [], contributions: placed };
  }
  const answers: ThemingAnswer[] = [];
  // Sorted by person so the grouping never depends on who saved first.
  for (const e of [...taking].sort((a, b) => a.participantAadObjectId.localeCompare(b.participantAadObjectId))) {
    const texts = activity.kind === "wall" ? e.posts : e.answer ? [e.answer] : [];
    for (const text of texts) answers.push({ memberId: e.participantAadObjectId, questionId: "t1", text });
  }
  return { ...base, bars: [], stickersPlaced: 0, clusters: clustersOf(activity, answers), contributions: answers.length };
}

function clustersOf(activity: LiveActivity, answers: ThemingAnswer[]): LiveClusterDto[] {
  if (answers.length === 0) return [];
  // A wall's cards are one per answer: each card is its own "answer" to the wall's question.
  const question = { id: "t1", theme: activity.theme ?? activity.title, text: activity.prompt ?? activity.title, kind: "view" as const };
  const [theme] = themeAnswers([question], answers, { moveOffTheme: false });
  if (!theme) return [];
  return [...theme.points]
    .sort((a, b) => b.supporters - a.supporters || b.evidence.length - a.evidence.length)
    .map((p) => ({ label: liveLabel(p, theme.respondents), people: p.supporters, cards: p.evidence.length, examples: p.evidence.slice(0, EXAMPLES) }));
}

/**
 * A point as the room reads it on the stage: the summary's third-person statement after who made
 * it, in words a workshop uses — "Everyone called for …", "Most people said they …", "One person
 * asked …" (the number is beside it; guests are in the room, so never "Board members").
 */
export function liveLabel(p: Pick<Point, "statement" | "verb" | "supporters" | "quantifier" | "source">, taking: number): string {
  if (p.quantifier === "mixed") return `Views were mixed: ${pointStatement(p)}`;
  const subject = p.supporters <= 1 ? "One person" : p.supporters >= taking ? "Everyone" : p.supporters * 2 > taking ? "Most people" : "Some people";
  const statement = pointStatement(p);
  return `${subject} ${p.verb ?? "said"}${statement.endsWith("?") && p.verb === "asked" && /^[A-Z]/.test(p.statement.trim()) ? ":" : ""} ${statement}`;
}
