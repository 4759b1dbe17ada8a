import type { LaunchedCardData } from "./card-types.ts";
import { renderTemplate, type AdaptiveCard } from "./render.ts";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Confirmation that replaces the launch form once a round is launched (`launched.json`). */
export function launchedCard(data: LaunchedCardData): AdaptiveCard {
  const unreachable = data.unreachableNames.length;
  return renderTemplate("launched", {
    title: data.title,
    boardName: data.boardName,
    sendingText: `Sending to ${plural(data.invited, "member", "members")} now, one to one.`,
    deadlineText: data.deadlineText,
    anonymityText: data.anonymous
      ? `Anonymous — no names anywhere; a theme is shown once at least ${data.minRespondents} members have answered it`
      : "Named — officers see who said what",
    digestText: data.digestChannelName ? `Posted in ${data.digestChannelName} when the round closes` : "Posted in the General channel when the round closes",
    hasThemes: data.themes.length > 0,
    themesHeading: plural(data.themes.length, "theme", "themes"),
    themes: data.themes.map((theme) => `• ${theme}`),
    hasUnreachable: unreachable > 0,
    unreachableHeading: `${plural(unreachable, "member", "members")} can't be reached yet`,
    unreachableNames: data.unreachableNames,
  });
}
