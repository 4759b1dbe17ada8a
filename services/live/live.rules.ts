import type { LiveActivity, LiveKind } from "../domain/live.ts";
import type { Option } from "../domain/round.ts";
import { LIMITS } from "../rounds/round.service.ts";
import { ValidationError } from "../rounds/errors.ts";
import type { MineInput, StartLiveInput } from "./live.types.ts";

/**
 * What a live activity may be and what a participant may put in it. The same limits as a round's
 * (title, options, votes each, answer length), so a workshop's results fit the round they become;
 * a wall's cards are short by design (they are read off a shared screen).
 */
export const LIVE_LIMITS = {
  titleChars: LIMITS.titleChars,
  promptChars: LIMITS.questionChars,
  themeChars: LIMITS.themeChars,
  maxOptions: LIMITS.maxOptions,
  optionChars: LIMITS.optionChars,
  maxStickers: LIMITS.maxVotesPerMember,
  answerChars: LIMITS.answerChars,
  cardChars: 280,
  postsPerPerson: 5,
} as const;

export const KIND_TEXT: Record<LiveKind, string> = { vote: "Sticker vote", question: "Quick question", wall: "Wall of ideas" };

export type StartFields = Pick<LiveActivity, "kind" | "title" | "prompt" | "theme" | "options" | "stickers" | "stacking" | "maxChars" | "postsPerPerson" | "allowGuests">;

/** The activity an officer asked for, or every problem with it at once. */
export function checkStart(input: StartLiveInput): StartFields {
  const problems: string[] = [];
  const title = input.title.trim();
  if (!title) problems.push("Give the activity a title.");
  if (title.length > LIVE_LIMITS.titleChars) problems.push(`The title is ${title.length} characters; the limit is ${LIVE_LIMITS.titleChars}.`);
  const prompt = (input.prompt ?? "").trim();
  const theme = (input.theme ?? "").trim();
  let options: Option[] = [];
  let stickers = 0;
  let stacking = false;
  if (input.kind === "vote") {
    const labels = (input.options ?? []).map((o) => o.trim().replace(/^[-•*·]\s*/, "")).filter((o) => o !== "");
    if (labels.length < 2) problems.push("A sticker vote needs at least two options.");
    if (labels.length > LIVE_LIMITS.maxOptions) problems.push(`At most ${LIVE_LIMITS.maxOptions} options.`);
    const seen = new Set<string>();
    for (const label of labels) {
      if (label.length > LIVE_LIMITS.optionChars) problems.push(`The option “${label.slice(0, 30)}…” is over ${LIVE_LIMITS.optionChars} characters.`);
      if (seen.has(label.toLowerCase())) problems.push(`The option “${label}” appears twice.`);
      seen.add(label.toLowerCase());
    }
    options = labels.map((label, i) => ({ id: `o${i + 1}`, label }));
    stickers = input.stickers ?? 2;
    stacking = input.stacking ?? true;
    if (!Number.isInteger(stickers) || stickers < 1 || stickers > LIVE_LIMITS.maxStickers) problems.push(`Stickers each must be a whole number from 1 to ${LIVE_LIMITS.maxStickers}.`);
    else if (!stacking && labels.length >= 2 && stickers > labels.length) problems.push(`Without stacking, ${stickers} stickers can't go on ${labels.length} options.`);
  } else {
    if (!prompt) problems.push(input.kind === "wall" ? "Say what the wall asks for, e.g. “What do we plan in the next 12 months, and why?”" : "Give the question.");
    if (prompt.length > LIVE_LIMITS.promptChars) problems.push(`The question is over ${LIVE_LIMITS.promptChars} characters.`);
    if (theme.length > LIVE_LIMITS.themeChars) problems.push(`The theme is over ${LIVE_LIMITS.themeChars} characters.`);
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    kind: input.kind,
    title,
    ...(prompt && input.kind !== "vote" ? { prompt } : {}),
    ...(input.kind !== "vote" ? { theme: theme || title } : {}),
    options,
    stickers,
    stacking,
    maxChars: input.kind === "wall" ? LIVE_LIMITS.cardChars : input.kind === "question" ? LIVE_LIMITS.answerChars : 0,
    postsPerPerson: input.kind === "wall" ? LIVE_LIMITS.postsPerPerson : 0,
    allowGuests: input.allowGuests ?? false,
  };
}

/** What a person can change: the API's whole placement, answer or list of cards, or (the chat's card) one card added. */
export type Change = MineInput | { addPost: string };

export interface Contribution {
  stickers: Record<string, number>;
  answer: string;
  posts: string[];
}

/**
 * A participant's contribution checked against the activity: stickers on its own options, no more
 * than each person has, one per option without stacking; an answer or cards within their length.
 * What they send replaces what they had (moving a sticker is sending the new placement).
 */
export function checkContribution(activity: LiveActivity, input: Change, had: Contribution): Contribution {
  const problems: string[] = [];
  const next: Contribution = { stickers: { ...had.stickers }, answer: had.answer, posts: [...had.posts] };
  if ("stickers" in input) {
    if (activity.kind !== "vote") throw new ValidationError(["This activity has no stickers to place."]);
    const known = new Set(activity.options.map((o) => o.id));
    const placed: Record<string, number> = {};
    let total = 0;
    for (const [id, count] of Object.entries(input.stickers)) {
      if (!known.has(id)) problems.push("A sticker was placed on an option this vote doesn't have.");
      else if (!Number.isInteger(count) || count < 0) problems.push("Stickers come in whole numbers.");
      else if (count > 0) {
        if (!activity.stacking && count > 1) problems.push("This vote allows one sticker per option.");
        placed[id] = count;
        total += count;
      }
    }
    if (total > activity.stickers) problems.push(`You have ${activity.stickers} sticker${activity.stickers === 1 ? "" : "s"}; you placed ${total}.`);
    next.stickers = placed;
  } else if ("answer" in input) {
    if (activity.kind !== "question") throw new ValidationError(["This activity doesn't ask for an answer."]);
    const answer = input.answer.trim();
    if (answer.length > activity.maxChars) problems.push(`Your answer is ${answer.length} characters; the limit is ${activity.maxChars}.`);
    next.answer = answer;
  } else if ("addPost" in input) {
    // One more card, checked against what is stored (not what the person's card last showed).
    if (activity.kind !== "wall") throw new ValidationError(["This activity has no wall to post on."]);
    const post = input.addPost.trim();
    if (!post) problems.push("Write something on the card first.");
    else if (post.length > activity.maxChars) problems.push(`Your card is ${post.length} characters; the limit is ${activity.maxChars}.`);
    else if (had.posts.length >= activity.postsPerPerson) problems.push(`You already have ${activity.postsPerPerson} cards on the wall, the most each person may have.`);
    else next.posts = [...had.posts, post];
  } else {
    if (activity.kind !== "wall") throw new ValidationError(["This activity has no wall to post on."]);
    const posts = input.posts.map((p) => p.trim()).filter((p) => p !== "");
    if (posts.length > activity.postsPerPerson) problems.push(`You can have ${activity.postsPerPerson} cards on the wall; you sent ${posts.length}.`);
    posts.forEach((p, i) => {
      if (p.length > activity.maxChars) problems.push(`Card ${i + 1} is ${p.length} characters; the limit is ${activity.maxChars}.`);
    });
    next.posts = posts;
  }
  if (problems.length > 0) throw new ValidationError([...new Set(problems)]);
  return next;
}

/** Whether a contribution says anything (an empty one still counts as having taken part only once it says something). */
export function contributed(c: Contribution): boolean {
  return Object.values(c.stickers).some((n) => n > 0) || c.answer !== "" || c.posts.length > 0;
}
