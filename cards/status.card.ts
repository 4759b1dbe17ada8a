import type { MemberRoundStatus, OfficerRoundStatus, StatusCardData } from "./card-types.ts";
import { renderTemplate, type AdaptiveCard } from "./render.ts";

const STATE_LABELS: Record<OfficerRoundStatus["state"], { label: string; color: string }> = {
  open: { label: "Open", color: "Good" },
  closed: { label: "Closed", color: "Default" },
  cancelled: { label: "Cancelled", color: "Attention" },
};

function deadlineLine(round: { deadlineText: string; timeLeftText: string }): string {
  return round.timeLeftText ? `Deadline ${round.deadlineText} · ${round.timeLeftText}` : `Deadline ${round.deadlineText}`;
}

function officerRound(round: OfficerRoundStatus, showBoardName: boolean): object {
  return {
    ...round,
    showBoardName,
    stateLabel: STATE_LABELS[round.state].label,
    stateColor: STATE_LABELS[round.state].color,
    deadlineLine: deadlineLine(round),
    hasUnreachable: round.unreachableNames.length > 0,
    unreachableText: `Not reachable yet: ${round.unreachableNames.join(", ")}. Ask them to open Sounding Board in Teams.`,
  };
}

function memberRound(round: MemberRoundStatus): object {
  const answeredText = round.answered ? "Answered ✓" : round.state === "open" ? "Not answered yet" : "Not answered";
  return {
    ...round,
    answeredText: round.state === "cancelled" ? "Cancelled" : answeredText,
    answeredColor: round.answered ? "Good" : round.state === "open" ? "Warning" : "Default",
    openTitle: round.answered ? "Open my answers" : "Answer now",
    deadlineLine: round.state === "open" ? deadlineLine(round) : `${STATE_LABELS[round.state].label} · deadline was ${round.deadlineText}`,
  };
}

/**
 * The status card (`status.json`): rounds an officer runs, with extend/close/cancel, and the user's own rounds.
 *
 * `extendRound` carries `{ roundId, boardId }` plus the inputs `extendDate_<roundId>` (yyyy-MM-dd) and
 * `extendTime_<roundId>` (HH:mm). Teams sends every input on the card with any action, so the handler
 * must read the pair for the `roundId` in the data and ignore the others.
 */
export function statusCard(data: StatusCardData): AdaptiveCard {
  const showOfficer = data.isOfficer && data.officerRounds.length > 0;
  const showMember = data.memberRounds.length > 0;
  return renderTemplate("status", {
    hasBanner: data.banner !== undefined && data.banner.text !== "",
    banner: data.banner ?? { style: "accent", text: "" },
    timeZoneLabel: data.timeZoneLabel || "UK time",
    timeZoneHint: `Times are ${data.timeZoneLabel || "UK time"}.`,
    showOfficer,
    officerRounds: showOfficer ? data.officerRounds.map((r) => officerRound(r, new Set(data.officerRounds.map((o) => o.boardId)).size > 1)) : [],
    showReview: data.isOfficer && data.toReview.length > 0,
    toReview: data.toReview,
    canLaunch: data.isOfficer,
    showMember,
    memberRounds: data.memberRounds.map(memberRound),
    showEmpty: !showOfficer && !showMember && !(data.isOfficer && data.toReview.length > 0),
    emptyText: data.emptyText,
  });
}
