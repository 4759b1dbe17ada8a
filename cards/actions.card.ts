import type { Banner, Choice } from "./card-types.ts";
import { renderTemplate, type AdaptiveCard } from "./render.ts";
import { Verbs } from "./verbs.ts";

export interface ActionRowView {
  id: string;
  title: string;
  /** "Lancashire County Council · Lead: Amina Shah · Due 31 Mar 2027 · From “Strategy round”" */
  factsText: string;
  /** Status in words ("At risk", "No update yet", "Closed", "Overdue · At risk"): never colour alone. */
  statusText: string;
  tone: "good" | "warning" | "attention" | "default";
  closed: boolean;
}

export interface ActionsCardData {
  banner?: Banner;
  boardId: string;
  boardName: string;
  countsText: string;
  actions: ActionRowView[];
  /** Actions not listed (the card must fit one Teams message): the tab has them all. */
  moreCount: number;
  canManage: boolean;
  /** A check-in cadence is running: "Next check-in goes out 1 Feb 2027, closes 15 Feb 2027 (every 4 weeks)", and its round for Stop repeating. */
  scheduled?: { roundId: string; text: string };
}

const COLOURS = { good: "Good", warning: "Warning", attention: "Attention", default: "Default" } as const;

/** `actions.json`: the board's actions with their status in words; officers get Edit and Close/Reopen per action, New action, Check-in and (with a cadence) Stop repeating. */
export function actionsCard(data: ActionsCardData): AdaptiveCard {
  return renderTemplate("actions", {
    hasBanner: data.banner !== undefined && data.banner.text !== "",
    banner: data.banner ?? { style: "accent", text: "" },
    boardId: data.boardId,
    boardName: data.boardName,
    countsText: data.countsText,
    empty: data.actions.length === 0,
    emptyText: data.canManage
      ? "No actions yet. Press New action, or open a published round's digest and make actions from its recommendations and commitments."
      : "The board has no actions yet.",
    actions: data.actions.map((a) => ({
      ...a,
      statusColor: COLOURS[a.tone],
      toggleTitle: a.closed ? "Reopen" : "Close",
      toggleVerb: a.closed ? Verbs.reopenAction : Verbs.closeAction,
    })),
    moreText: data.moreCount > 0 ? `… and ${data.moreCount} more: see the board's tab (Actions) for the full tracker.` : "",
    canManage: data.canManage,
    hasScheduled: data.scheduled !== undefined,
    canStop: data.scheduled !== undefined && data.canManage,
    scheduled: data.scheduled ?? { roundId: "", text: "" },
  });
}

export interface ActionFormData {
  banner?: Banner;
  boardId: string;
  boardName: string;
  /** Editing this action ("" for a new one). */
  actionId: string;
  /** Making it from this published round ("" for none). */
  roundId: string;
  sourceText: string;
  /** `${kind}:${ref}` values. */
  sourceChoices: Choice[];
  source: string;
  title: string;
  owner: string;
  lead: string;
  leadChoices: Choice[];
  /** yyyy-MM-dd */
  due: string;
  intervention: string;
  limits: { title: number; organisation: number; intervention: number };
}

/**
 * `action-form.json`: `saveAction` sends `{ boardId, actionId, roundId }` plus `source`
 * (`<kind>:<ref>`), `title`, `owner`, `lead` (an AAD object ID from the roster list), `due`
 * (yyyy-MM-dd) and `intervention`; Teams leaves empty inputs out.
 */
export function actionFormCard(data: ActionFormData): AdaptiveCard {
  const fromRound = data.sourceChoices.length > 0;
  return renderTemplate("action-form", {
    ...data,
    hasBanner: data.banner !== undefined && data.banner.text !== "",
    banner: data.banner ?? { style: "accent", text: "" },
    heading: data.actionId ? "Edit action" : "New action",
    hasSourceText: data.sourceText !== "",
    hasSources: fromRound,
    titleLabel: fromRound ? "Title (blank: the item's own words)" : "Title",
    ownerLabel: fromRound ? "Owner organisation (blank: the organisation that leads it)" : "Owner organisation",
  });
}

export interface CheckInFormData {
  banner?: Banner;
  boardId: string;
  boardName: string;
  introText: string;
  closeDate: string;
  closeTime: string;
  /** "once" or a number of weeks, one of repeatChoices. */
  repeat: string;
  repeatChoices: Choice[];
}

/** `checkin-form.json`: `launchCheckIn` sends `{ boardId, closeDate, closeTime, repeat }` (UK date and time; repeat "once" or weeks). */
export function checkInFormCard(data: CheckInFormData): AdaptiveCard {
  return renderTemplate("checkin-form", { ...data, hasBanner: data.banner !== undefined && data.banner.text !== "", banner: data.banner ?? { style: "accent", text: "" } });
}
