import type { Banner, Choice } from "./card-types.ts";
import { renderTemplate, type AdaptiveCard } from "./render.ts";

export interface CheckInItemView {
  actionId: string;
  title: string;
  /** "Owner: Lancashire County Council · Due 31 Mar 2027 · Intervention: …" */
  factsText: string;
  overdue: boolean;
  /** A PROGRESS_STATUSES value, or "" (not chosen yet). */
  status: string;
  statusText: string;
  update: string;
  link: string;
}

export interface CheckInCardData {
  roundId: string;
  boardId: string;
  boardName: string;
  state: "open" | "closed" | "cancelled";
  deadlineText: string;
  timeLeftText: string;
  banner?: Banner;
  privacyText: string;
  items: CheckInItemView[];
  statusChoices: Choice[];
  savedText: string;
  revision: number;
  refreshUserIds: string[];
  updateMaxLength: number;
  linkMaxLength: number;
}

/**
 * A person's 1:1 check-in card (`checkin.json`): the actions they answer for, each with a status
 * (`progress_<actionId>_status`, a ChoiceSet), an update (`_update`) and a link (`_link`), saved
 * with the same `saveResponse` verb and `{ roundId, boardId, revision }` as a round's card, and
 * refreshed with `refreshResponse`. It says it is a named check-in: replies carry the person's
 * name for officers and their organisation's in the channel.
 */
export function checkInCard(data: CheckInCardData): AdaptiveCard {
  const isOpen = data.state === "open";
  const n = data.items.length;
  return renderTemplate("checkin", {
    ...data,
    isOpen,
    hasBanner: data.banner !== undefined && data.banner.text !== "",
    banner: data.banner ?? { style: "accent", text: "" },
    noticeStyle: data.state === "cancelled" ? "attention" : "warning",
    noticeText: data.state === "cancelled" ? "This check-in was cancelled: nothing more is needed from you." : "This check-in has closed: updates are no longer accepted.",
    introText: `The board asks how ${n === 1 ? "this action is" : `these ${n} actions are`} going.${isOpen ? " Give a status for each you can speak for; you can change your update until replies close." : ""}`,
    hasSavedText: data.savedText !== "",
    footerText: "Only the actions you or your organisation answer for are shown.",
    items: data.items.map((i) => ({
      ...i,
      summaryFacts: [
        { title: "Status", value: i.statusText },
        ...(i.update ? [{ title: "Update", value: i.update }] : []),
        ...(i.link ? [{ title: "Link", value: i.link }] : []),
      ],
    })),
  });
}
