import type { DateTime } from "luxon";
import type { Banner } from "../../cards/card-types.ts";
import { checkInCard, type CheckInCardData } from "../../cards/checkin.card.ts";
import { roundCard } from "../../cards/round.card.ts";
import type { AdaptiveCard } from "../../cards/render.ts";
import { itemsFor } from "../../services/accountability/checkin.service.ts";
import { actionIsOverdue, formatDueDate } from "../../services/accountability/due.ts";
import { LINK_CHARS, UPDATE_CHARS } from "../../services/accountability/progress.rules.ts";
import { PROGRESS_STATUSES, PROGRESS_TITLES, type ProgressStatus } from "../../services/domain/action.ts";
import type { Delivery } from "../../services/domain/delivery.ts";
import type { RoundResponse } from "../../services/domain/response.ts";
import type { Round } from "../../services/domain/round.ts";
import type { PromptPurpose } from "../../services/rounds/fanout.service.ts";
import type { Submission } from "../../services/rounds/response.service.ts";
import { formatForPeople, timeLeft, ZONE_LABEL } from "../../services/rounds/time.ts";
import { roundCardData, savedText } from "./round.views.ts";

type MemberView = { round: Round; delivery: Delivery; response?: RoundResponse; purpose: PromptPurpose | "view"; organisation?: string };
type Overrides = { banner?: Banner; submitted?: Submission };

/** A member's card for any round: a check-in has its own card, every other round the round card. */
export function memberCard(view: MemberView, now: DateTime, zone: string, overrides: Overrides = {}): AdaptiveCard {
  return view.round.definition.kinds.includes("checkin")
    ? checkInCard(checkInCardData(view, now, zone, overrides))
    : roundCard(roundCardData(view, now, zone, overrides));
}

const statusText = (s: string | undefined): string => (s && s in PROGRESS_TITLES ? PROGRESS_TITLES[s as ProgressStatus] : "No update");

export function checkInCardData(view: MemberView, now: DateTime, zone: string, overrides: Overrides = {}): CheckInCardData {
  const { round, delivery, response } = view;
  const open = round.status === "open" && timeLeft(now, round.deadline) !== "Closed";
  const state: CheckInCardData["state"] = round.status === "cancelled" ? "cancelled" : open ? "open" : "closed";
  const sent = overrides.submitted?.progress;
  const saved = response?.progress ?? {};
  const deadlineText = `${formatForPeople(round.deadline, zone)} (${ZONE_LABEL})`;
  const organisation = round.definition.checkIn?.organisations[delivery.memberAadObjectId.toLowerCase()];
  return {
    roundId: round.id,
    boardId: round.boardId,
    boardName: round.boardName,
    state,
    deadlineText,
    timeLeftText: state === "cancelled" ? "Cancelled" : timeLeft(now, round.deadline),
    banner: overrides.banner ?? bannerFor(view.purpose, round, deadlineText, now),
    privacyText: `Not anonymous: the board's officers and chair see your name with your update; the board's channel sees ${organisation ? `${organisation}'s name` : "your organisation's name"}, not yours.`,
    items: itemsFor(round, delivery.memberAadObjectId).map((item) => {
      // After a refused save the card shows what was sent, so nothing typed is lost.
      const s = sent?.[item.actionId];
      const r = saved[item.actionId];
      const status = s ? s.status ?? "" : r?.status ?? item.status ?? "";
      return {
        actionId: item.actionId,
        title: item.title,
        factsText: [`Owner: ${item.ownerOrganisation}`, `Due ${formatDueDate(item.dueDate)}`, ...(item.intervention ? [`Intervention: ${item.intervention}`] : [])].join(" · "),
        overdue: actionIsOverdue({ state: "open", status: status as ProgressStatus, dueDate: item.dueDate }, now, zone),
        status,
        statusText: r ? statusText(r.status) : "No update",
        update: s ? s.update ?? "" : r?.update ?? "",
        link: s ? s.link ?? "" : r?.link ?? "",
      };
    }),
    statusChoices: PROGRESS_STATUSES.map((value) => ({ value, title: PROGRESS_TITLES[value] })),
    savedText: savedText(response, zone),
    revision: response?.revision ?? 0,
    refreshUserIds: [delivery.memberId],
    updateMaxLength: UPDATE_CHARS,
    linkMaxLength: LINK_CHARS,
  };
}

function bannerFor(purpose: PromptPurpose | "view", round: Round, deadlineText: string, now: DateTime): Banner | undefined {
  switch (purpose) {
    case "reminder":
      return { style: "warning", text: `Reminder: ${timeLeft(now, round.deadline).replace(" left", "")} left to send your update. Replies close ${deadlineText}.` };
    case "closed":
      return { style: "accent", text: "This check-in has closed. Thank you — your saved update is below." };
    case "cancelled":
      return { style: "accent", text: "This check-in was cancelled by an officer. Nothing more is needed from you." };
    default:
      return undefined;
  }
}
