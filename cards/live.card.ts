import { renderTemplate, type AdaptiveCard } from "./render.ts";

/** What the meeting chat's card shows of a live activity: display data only. */
export interface LiveCardData {
  activityId: string;
  kind: "vote" | "question" | "wall";
  kindText: string;
  boardName: string;
  title: string;
  prompt?: string;
  open: boolean;
  options: Array<{ id: string; label: string }>;
  stickers: number;
  stacking: boolean;
  maxChars: number;
  postsPerPerson: number;
  /** The clicker's own contribution (the card an invoke answers with is shown to them only). */
  mine?: { stickers: Record<string, number>; answer: string; posts: string[] };
  /** "Saved: your 2 stickers are placed." / a refusal, on the clicker's own copy. */
  notice?: { text: string; good: boolean };
  /** When ended: totals only ("Option: 12 stickers"), never names. */
  results?: Array<{ name: string; value: string }>;
  /** "12 taking part" / "Ended at 3:40pm: the results are now a round of the board." */
  footer: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * `live.json`: the card the bot posts in a meeting's chat when an officer starts a live activity,
 * so people can take part without the side panel: stickers as numbers per option, an answer, or
 * one card for the wall at a time. Saving answers with the same card for the clicker alone.
 */
export function liveCard(d: LiveCardData): AdaptiveCard {
  const mine = d.mine ?? { stickers: {}, answer: "", posts: [] };
  const howText =
    d.kind === "vote"
      ? `You have ${plural(d.stickers, "sticker")}${d.stacking ? " (you may put more than one on an option)" : ", one per option at most"}. Move them until the officer ends the vote.`
      : d.kind === "wall"
        ? `Add up to ${plural(d.postsPerPerson, "card")} of up to ${d.maxChars} characters each${mine.posts.length > 0 ? ` — you have ${mine.posts.length} on the wall` : ""}. The wall groups them by theme on the meeting's stage.`
        : `Up to ${d.maxChars} characters. You can change your answer until the officer ends it.`;
  return renderTemplate("live", {
    activityId: d.activityId,
    kind: d.kind,
    kindText: d.kindText,
    boardName: d.boardName,
    title: d.title,
    prompt: d.prompt ?? "",
    open: d.open,
    howText: d.open ? howText : "This activity has ended.",
    notice: d.notice?.text ?? "",
    noticeColor: d.notice?.good === false ? "Attention" : "Good",
    options: d.options.map((o) => ({ inputId: `stickers_${o.id}`, label: o.label, max: d.stacking ? d.stickers : 1, value: mine.stickers[o.id] ?? 0 })),
    maxChars: d.maxChars,
    answer: mine.answer,
    results: d.results ?? [],
    footer: d.footer,
    saveTitle: d.kind === "vote" ? "Place my stickers" : d.kind === "wall" ? "Add to the wall" : "Save my answer",
  });
}
