import type { DigestCardData, DigestThemeView } from "./card-types.ts";
import { renderTemplate, type AdaptiveCard } from "./render.ts";

/** "and 3 more points in the full report" / "and 1 more recommendation in the full report"; "" for 0. */
function more(n: number, one: string, many: string): string {
  return n > 0 ? `and ${n} more ${n === 1 ? one : many} in the full report` : "";
}

const nonBlank = (text: string | undefined): text is string => text !== undefined && text.trim() !== "";

function themeView(theme: DigestThemeView, index: number) {
  const isWithheld = nonBlank(theme.withheldText);
  // A withheld theme shows only why: never its points, even if some were passed in.
  const points = isWithheld ? [] : theme.points;
  // A withheld theme's recommendations are officers' own (the view builder leaves members' out).
  const recommendations = theme.recommendations.filter(nonBlank);
  const morePoints = isWithheld ? 0 : Math.max(0, theme.morePoints);
  const moreRecommendations = Math.max(0, theme.moreRecommendations);
  return {
    theme: theme.theme,
    isFirst: index === 0,
    isWithheld,
    withheldText: theme.withheldText ?? "",
    isEmpty: !isWithheld && points.length === 0 && morePoints === 0 && recommendations.length === 0 && moreRecommendations === 0,
    hasPoints: points.length > 0,
    points: points.map((p) => ({ text: p.text, supportersText: p.supportersText })),
    hasMorePoints: morePoints > 0,
    morePointsText: more(morePoints, "point", "points"),
    hasRecommendations: recommendations.length > 0,
    recommendations,
    hasMoreRecommendations: moreRecommendations > 0,
    moreRecommendationsText: more(moreRecommendations, "recommendation", "recommendations"),
  };
}

/**
 * The digest posted to the board's channel when an officer publishes a summary (`digest.json`): per
 * theme its points ("Most members (7 of 12) said: …", "9 of 12 members") and recommendations, then the
 * priority ranking, commitments, collaboration opportunities and interventions nobody leads. Sections
 * with nothing in them are left out. Read-only: its only action opens the full report (when the bot
 * has a public address). Names never appear in it.
 */
export function digestCard(data: DigestCardData): AdaptiveCard {
  const prioritiesWithheld = nonBlank(data.prioritiesWithheldText);
  const priorities = prioritiesWithheld ? [] : data.priorities;
  const morePriorities = prioritiesWithheld ? 0 : Math.max(0, data.morePriorities);
  const card = renderTemplate("digest", {
    title: data.title,
    boardName: data.boardName,
    closedText: data.closedText,
    responseText: data.responseText,
    hasAnonymous: nonBlank(data.anonymousText),
    anonymousText: data.anonymousText ?? "",
    themes: data.themes.map(themeView),
    hasMoreThemes: data.moreThemes > 0,
    moreThemesText: more(data.moreThemes, "theme", "themes"),
    hasPriorities: prioritiesWithheld || priorities.length > 0,
    prioritiesWithheld,
    prioritiesWithheldText: data.prioritiesWithheldText ?? "",
    priorities: priorities.map((p) => ({ rankText: p.rankText, label: p.label, votesText: p.votesText })),
    hasMorePriorities: morePriorities > 0,
    morePrioritiesText: more(morePriorities, "priority", "priorities"),
    hasCommitments: data.commitments.length > 0 || data.moreCommitments > 0,
    commitments: data.commitments.map((c) => ({ label: c.label, text: c.text })),
    hasMoreCommitments: data.moreCommitments > 0,
    moreCommitmentsText: more(data.moreCommitments, "intervention", "interventions"),
    hasOpportunities: data.opportunities.length > 0 || data.moreOpportunities > 0,
    opportunities: data.opportunities.map((o) => ({ label: o.label, text: o.text })),
    hasMoreOpportunities: data.moreOpportunities > 0,
    moreOpportunitiesText: more(data.moreOpportunities, "opportunity", "opportunities"),
    hasUnled: nonBlank(data.unledText),
    unledText: data.unledText ?? "",
    hasPublishedBy: nonBlank(data.publishedByText),
    publishedByText: data.publishedByText,
    hasReportUrl: nonBlank(data.reportUrl),
    reportUrl: data.reportUrl ?? "",
    hasActionsFrom: data.actionsFrom !== undefined,
    actionsFrom: data.actionsFrom ?? { boardId: "", roundId: "" },
  });
  if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
  return card;
}
