import { PROGRESS_STATUSES, type ProgressStatus } from "../domain/action.ts";
import type { ProgressReply } from "../domain/response.ts";
import type { Round } from "../domain/round.ts";
import { itemsFor } from "./checkin.service.ts";

export const UPDATE_CHARS = 500;
export const LINK_CHARS = 500;

/** What a check-in card sends back for one action (every field optional: Teams leaves empty inputs out). */
export interface SubmittedProgress {
  status?: string;
  update?: string;
  link?: string;
}

const isStatus = (s: string): s is ProgressStatus => (PROGRESS_STATUSES as readonly string[]).includes(s);

/**
 * A check-in reply, checked: only the actions this person was asked about; a known status; a short
 * update; a link that is a web address (it is shown to others as a link, so nothing else). An
 * action with nothing filled in is simply not answered.
 */
export function checkProgress(round: Round, member: string, submitted: Record<string, SubmittedProgress>): { progress: Record<string, ProgressReply>; problems: string[] } {
  const mine = new Map(itemsFor(round, member).map((i) => [i.actionId, i]));
  const problems: string[] = [];
  const progress: Record<string, ProgressReply> = {};
  for (const [actionId, raw] of Object.entries(submitted)) {
    const item = mine.get(actionId);
    if (!item) {
      problems.push("The card asked about an action this check-in doesn't ask you about. Please use the latest card.");
      continue;
    }
    const status = raw.status?.trim() ?? "";
    const update = raw.update?.replace(/\r\n?/g, "\n").trim() ?? "";
    const link = raw.link?.trim() ?? "";
    if (!status && !update && !link) continue;
    if (!status) {
      problems.push(`Choose how “${item.title}” is going.`);
      continue;
    }
    if (!isStatus(status)) {
      problems.push("The card sent a status I don't know. Please use the latest card.");
      continue;
    }
    if (update.length > UPDATE_CHARS) problems.push(`Your update on “${item.title}” is over ${UPDATE_CHARS} characters.`);
    if (link && !isWebLink(link)) problems.push(`The link for “${item.title}” must be a web address starting https:// (or http://).`);
    progress[actionId] = { status, ...(update ? { update } : {}), ...(link ? { link } : {}) };
  }
  return { progress, problems };
}

function isWebLink(text: string): boolean {
  if (text.length > LINK_CHARS) return false;
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}
