import type { DateTime } from "luxon";
import type {
  Banner,
  CommitmentSectionView,
  VoteSectionView,
  LaunchCardData,
  LaunchTheme,
  LaunchedCardData,
  MemberRoundStatus,
  OfficerRoundStatus,
  RoundCardData,
} from "../../cards/card-types.ts";
import type { Delivery } from "../../services/domain/delivery.ts";
import { COMMITMENT_LEVELS, COMMITMENT_LEVEL_TITLES, type RoundResponse } from "../../services/domain/response.ts";
import { DETAIL_CHARS } from "../../services/rounds/commitment.rules.ts";
import { WHY_CHARS, type Submission } from "../../services/rounds/response.service.ts";
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
  view: { round: Round; delivery: Delivery; response?: RoundResponse; purpose: PromptPurpose | "view"; organisation?: string },
  now: DateTime,
  zone: string,
  overrides: { banner?: Banner; submitted?: Submission } = {},
): RoundCardData {
  const { round, delivery, response } = view;
  const def = round.definition;
  const open = round.status === "open" && timeLeft(now, round.deadline) !== "Closed";
  const state: RoundCardData["state"] = round.status === "cancelled" ? "cancelled" : open ? "open" : "closed";
  // After a refused save the card shows what the member sent, so nothing they typed is lost.
  const sent = overrides.submitted;
  const answers = sent?.answers ?? response?.answers ?? {};
  const questions = def.questions.map((q) => ({
    id: q.id,
    theme: q.theme,
    text: q.text,
    kind: q.kind,
    value: answers[q.id] ?? "",
    maxLength: LIMITS.answerChars,
  }));
  const deadlineText = `${formatForPeople(round.deadline, zone)} (${ZONE_LABEL})`;
  const hasVote = def.kinds.includes("vote");
  const hasCommitments = def.kinds.includes("commitment");
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
    hasFeedback: def.kinds.includes("feedback") && questions.length > 0,
    vote: hasVote ? voteSection(round, response, sent) : undefined,
    commitments: hasCommitments ? commitmentSection(round, response, sent) : undefined,
    organisation: sent?.organisation ?? response?.organisation ?? view.organisation ?? "",
    askOrganisation: hasCommitments,
  };
}

function voteSection(round: Round, response: RoundResponse | undefined, sent: Submission | undefined): VoteSectionView {
  const def = round.definition;
  const allowance = def.votesPerMember ?? 2;
  const votes = sent?.votes ?? response?.votes ?? {};
  const reasons = sent?.voteReasons ?? response?.voteReasons ?? {};
  const saved = Object.values(response?.votes ?? {}).reduce((a, b) => a + b, 0);
  const plural = (n: number) => `${n} vote${n === 1 ? "" : "s"}`;
  const summaryText =
    saved === 0
      ? `You have ${plural(allowance)}. Put ${allowance === 1 ? "it" : "them"} on the priorities that matter most${def.allowMultipleVotesPerOption ?? true ? " (you can put more than one on the same option)" : ""}.`
      : `${saved} of ${plural(allowance)} placed${saved < allowance ? ` — ${allowance - saved} left` : ""}. You can move them until the deadline.`;
  return {
    votesPerMember: allowance,
    allowMultiplePerOption: def.allowMultipleVotesPerOption ?? true,
    summaryText,
    options: def.options.map((o) => ({ id: o.id, label: o.label, votes: votes[o.id] ?? 0, why: reasons[o.id] ?? "" })),
    whyMaxLength: WHY_CHARS,
  };
}

function commitmentSection(round: Round, response: RoundResponse | undefined, sent: Submission | undefined): CommitmentSectionView {
  const saved = new Map((response?.commitments ?? []).map((c) => [c.interventionId, c]));
  return {
    levels: COMMITMENT_LEVELS.map((level) => ({ value: level, title: COMMITMENT_LEVEL_TITLES[level] })),
    items: (round.definition.interventions ?? []).map((i) => {
      const s = sent?.commitments?.[i.id];
      const c = saved.get(i.id);
      return {
        id: i.id,
        label: i.label,
        level: s ? s.level ?? "" : c?.level ?? "",
        representative: s ? s.representative ?? "" : c?.representative ?? "",
        resources: s ? s.resources ?? "" : c?.resources ?? "",
        timescale: s ? s.timescale ?? "" : c?.timescale ?? "",
        impact: s ? s.impact ?? "" : c?.impact ?? "",
      };
    }),
    detailMaxLength: DETAIL_CHARS,
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
    kinds: [
      { value: "feedback", title: "Feedback on themes (1:1 views and recommendations)" },
      { value: "vote", title: "A priority vote (a limited number of votes each)" },
      { value: "commitment", title: "Commitments to interventions (what each organisation will do)" },
    ],
    themeCount: input.themes.length,
    timeZoneLabel: ZONE_LABEL,
    limits: { titleChars: LIMITS.titleChars, themeChars: LIMITS.themeChars, questionChars: LIMITS.questionChars, optionsChars: LIMITS.optionsChars },
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
    themes: [
      ...new Set(round.definition.questions.map((q) => q.theme)),
      ...(round.definition.kinds.includes("vote")
        ? [`Priority vote: ${round.definition.options.length} options, ${round.definition.votesPerMember ?? 2} votes each`]
        : []),
      ...(round.definition.kinds.includes("commitment") ? [`Commitments: ${(round.definition.interventions ?? []).length} interventions`] : []),
    ],
  };
}

export function officerStatus(p: RoundProgress, now: DateTime, zone: string): OfficerRoundStatus {
  const inputs = inputsFromDeadline(p.round.deadline, zone);
  const state = p.round.status === "open" ? "open" : p.round.status === "cancelled" ? "cancelled" : "closed";
  return {
    roundId: p.round.id,
    boardId: p.round.boardId,
    boardName: p.round.boardName,
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
