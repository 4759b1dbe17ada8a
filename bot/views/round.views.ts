import type { DateTime } from "luxon";
import type {
  Banner,
  LaunchCardData,
  LaunchTheme,
  LaunchedCardData,
  MemberRoundStatus,
  OfficerRoundStatus,
  RoundCardData,
} from "../../cards/card-types.ts";
import type { Delivery } from "../../services/domain/delivery.ts";
import type { RoundResponse } from "../../services/domain/response.ts";
import type { Round } from "../../services/domain/round.ts";
import type { PromptPurpose } from "../../services/rounds/fanout.service.ts";
import { LIMITS, type RoundProgress } from "../../services/rounds/round.service.ts";
import type { RoundTemplate } from "../../services/rounds/templates.ts";
import { formatForPeople, inputsFromDeadline, timeLeft, ZONE_LABEL } from "../../services/rounds/time.ts";

/** Domain objects → the display data cards take. Wording lives here, not in services. */

export function savedText(response: RoundResponse | undefined, zone: string): string {
  if (!response) return "";
  return `Last saved ${formatForPeople(response.savedAt, zone)}`;
}

export function roundCardData(
  view: { round: Round; delivery: Delivery; response?: RoundResponse; purpose: PromptPurpose | "view" },
  now: DateTime,
  zone: string,
  overrides: { banner?: Banner; values?: Record<string, string> } = {},
): RoundCardData {
  const { round, delivery, response } = view;
  const open = round.status === "open" && timeLeft(now, round.deadline) !== "Closed";
  const state: RoundCardData["state"] = round.status === "cancelled" ? "cancelled" : open ? "open" : "closed";
  const answers = overrides.values ?? response?.answers ?? {};
  const questions = round.definition.questions.map((q) => ({
    id: q.id,
    theme: q.theme,
    text: q.text,
    kind: q.kind,
    value: answers[q.id] ?? "",
    maxLength: LIMITS.answerChars,
  }));
  const deadlineText = `${formatForPeople(round.deadline, zone)} (${ZONE_LABEL})`;
  return {
    roundId: round.id,
    boardId: round.boardId,
    boardName: round.boardName,
    title: round.title,
    state,
    deadlineText,
    timeLeftText: state === "cancelled" ? "Cancelled" : timeLeft(now, round.deadline),
    anonymous: round.anonymous,
    privacyText: round.anonymous
      ? `Your answers are anonymous: officers and the chair see themes and quotes, never names, and a theme is only shown once at least ${round.minRespondents} members have answered it.`
      : "Officers will see your name next to your answers. The chair sees the themed summary.",
    banner: overrides.banner ?? bannerFor(view.purpose, round, deadlineText, now),
    questions,
    savedText: savedText(response, zone),
    answeredCount: Object.values(response?.answers ?? {}).filter((a) => a.trim().length > 0).length,
    totalCount: questions.length,
    revision: response?.revision ?? 0,
    refreshUserIds: [delivery.memberId],
  };
}

function bannerFor(purpose: PromptPurpose | "view", round: Round, deadlineText: string, now: DateTime): Banner | undefined {
  switch (purpose) {
    case "reminder":
      return { style: "warning", text: `Reminder: ${timeLeft(now, round.deadline).replace(" left", "")} left to answer. The deadline is ${deadlineText}.` };
    case "closed":
      return { style: "accent", text: "This round has closed. Thank you — your saved answers are below." };
    case "cancelled":
      return { style: "accent", text: "This round was cancelled by an officer. Nothing more is needed from you." };
    default:
      return undefined;
  }
}

export function launchThemesFromTemplate(template: RoundTemplate, emptySlots = 2): LaunchTheme[] {
  const themes: LaunchTheme[] = template.themes.map((t, index) => ({ index, include: true, name: t.name, viewText: t.view, recommendText: t.recommend }));
  return [...themes, ...emptyThemes(themes.length, emptySlots)];
}

export function emptyThemes(from: number, count: number): LaunchTheme[] {
  return Array.from({ length: count }, (_, i) => ({ index: from + i, include: false, name: "", viewText: "", recommendText: "" }));
}

export function launchCardData(input: Omit<LaunchCardData, "themeCount" | "limits" | "timeZoneLabel" | "kinds">): LaunchCardData {
  return {
    ...input,
    kinds: [{ value: "feedback", title: "1:1 feedback on themes" }],
    themeCount: input.themes.length,
    timeZoneLabel: ZONE_LABEL,
    limits: { titleChars: LIMITS.titleChars, themeChars: LIMITS.themeChars, questionChars: LIMITS.questionChars },
  };
}

export function launchedCardData(round: Round, invited: number, digestChannelName: string, zone: string): LaunchedCardData {
  return {
    title: round.title,
    boardName: round.boardName,
    deadlineText: `${formatForPeople(round.deadline, zone)} (${ZONE_LABEL})`,
    invited,
    anonymous: round.anonymous,
    minRespondents: round.minRespondents,
    unreachableNames: [],
    digestChannelName,
    themes: [...new Set(round.definition.questions.map((q) => q.theme))],
  };
}

export function officerStatus(p: RoundProgress, now: DateTime, zone: string): OfficerRoundStatus {
  const inputs = inputsFromDeadline(p.round.deadline, zone);
  const state = p.round.status === "open" ? "open" : p.round.status === "cancelled" ? "cancelled" : "closed";
  return {
    roundId: p.round.id,
    boardId: p.round.boardId,
    title: p.round.title,
    state,
    deadlineText: `${formatForPeople(p.round.deadline, zone)} (${ZONE_LABEL})`,
    timeLeftText: timeLeft(now, p.round.deadline),
    invited: p.invited,
    delivered: p.delivered,
    answered: p.answered,
    unreachable: p.unreachable,
    failed: p.failed,
    unreachableNames: p.unreachableNames,
    deadlineDate: inputs.date,
    deadlineTime: inputs.time,
    canManage: state === "open",
  };
}

export function memberStatus(round: Round, answered: boolean, now: DateTime, zone: string): MemberRoundStatus {
  return {
    roundId: round.id,
    boardId: round.boardId,
    title: round.title,
    boardName: round.boardName,
    deadlineText: `${formatForPeople(round.deadline, zone)} (${ZONE_LABEL})`,
    timeLeftText: round.status === "open" ? timeLeft(now, round.deadline) : round.status === "cancelled" ? "Cancelled" : "Closed",
    state: round.status === "open" ? "open" : round.status === "cancelled" ? "cancelled" : "closed",
    answered,
  };
}
