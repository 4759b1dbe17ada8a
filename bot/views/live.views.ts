import { liveCard, type LiveCardData } from "../../cards/live.card.ts";
import type { AdaptiveCard } from "../../cards/render.ts";
import type { LiveActivity } from "../../services/domain/live.ts";
import { KIND_TEXT } from "../../services/live/live.rules.ts";
import type { LiveResultsDto, MineDto } from "../../services/live/live.types.ts";

/** The meeting chat's card for an activity: as posted (everyone), or as one person's copy after they saved. */
export function liveChatCard(a: LiveActivity, extra: { mine?: MineDto; notice?: LiveCardData["notice"]; results?: LiveResultsDto; footer?: string } = {}): AdaptiveCard {
  const results = extra.results;
  return liveCard({
    activityId: a.id,
    kind: a.kind,
    kindText: KIND_TEXT[a.kind],
    boardName: a.boardName,
    title: a.title,
    ...(a.prompt ? { prompt: a.prompt } : {}),
    open: a.status === "open",
    options: a.options,
    stickers: a.stickers,
    stacking: a.stacking,
    maxChars: a.maxChars,
    postsPerPerson: a.postsPerPerson,
    ...(extra.mine ? { mine: extra.mine } : {}),
    ...(extra.notice ? { notice: extra.notice } : {}),
    ...(results ? { results: resultFacts(results) } : {}),
    footer: extra.footer ?? (a.status === "open" ? "Or take part from Sounding Board in the meeting's side panel. Only totals are shown on the stage — never who voted or wrote what." : "The results are now a round of the board: its officers review the summary before it is posted."),
  });
}

/** Totals as facts: "Option — 12 stickers (40%)", or the largest points and how many made them. */
function resultFacts(r: LiveResultsDto): Array<{ name: string; value: string }> {
  if (r.kind === "vote") return r.bars.map((b) => ({ name: b.label, value: `${b.stickers} sticker${b.stickers === 1 ? "" : "s"} (${b.percent}%)` }));
  return r.clusters.slice(0, 6).map((c) => ({ name: `${c.people} ${c.people === 1 ? "person" : "people"}`, value: c.label }));
}
