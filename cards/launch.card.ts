import type { LaunchCardData } from "./card-types.ts";
import { renderTemplate, type AdaptiveCard } from "./render.ts";

/**
 * The officer's launch form (`launch.json`).
 *
 * Inputs sent with `launchRound` / `addThemes` (Teams merges them into the action data, as strings):
 * `boardId` (only when `boards` is given), `kinds` (the ticked `kinds` values joined with commas, e.g.
 * "feedback,vote", in the order of the choices; left out if none is ticked), `title`, `deadlineDate`
 * (yyyy-MM-dd), `deadlineTime` (HH:mm), `anonymity` ("named" | "anonymous"), `minRespondents` (a number
 * as a string, e.g. "3"), `digestChannelId` (only when `channels` is non-empty), per theme slot
 * `theme_<index>_include` ("true" | "false"), `theme_<index>_name`, `theme_<index>_view`,
 * `theme_<index>_recommend`; the vote: `voteOptions` (one option per line), `votesPerMember` (e.g. "2"),
 * `allowMultipleVotes` ("true" | "false"); commitments: `interventions` (one per line).
 * Every section's inputs are sent whatever is ticked (collapsed sections included): the handler uses
 * only those of the ticked kinds. Empty text and number inputs are left out of the data by Teams.
 * The action data itself is `{ themeCount, boardId? }` — `boardId` only when the board is already
 * known (no chooser).
 */
export function launchCard(data: LaunchCardData): AdaptiveCard {
  const boards = data.boards ?? [];
  const hasBoardChoice = boards.length > 0;
  const boardId = data.boardId ?? "";
  const boardName = data.boardName ?? "";
  const total = data.themes.length;
  const selected = new Set(data.selectedKinds.split(",").map((k) => k.trim()).filter((k) => k !== ""));
  const kindTitle = (value: string, fallback: string): string => data.kinds.find((k) => k.value === value)?.title ?? fallback;
  return renderTemplate("launch", {
    hasBanner: data.banner !== undefined && data.banner.text !== "",
    banner: data.banner ?? { style: "accent", text: "" },
    hasBoardChoice,
    boards,
    boardId,
    // With a chooser the `boardId` input carries the board; otherwise the action data does.
    boardInData: !hasBoardChoice && boardId !== "",
    hasBoardName: !hasBoardChoice && boardName !== "",
    boardName,
    kinds: data.kinds,
    selectedKinds: data.selectedKinds,
    // A section starts open when its kind is ticked; collapsed ones are still submitted.
    feedbackOpen: selected.has("feedback"),
    voteOpen: selected.has("vote"),
    commitmentOpen: selected.has("commitment"),
    feedbackHint: `Used only when “${kindTitle("feedback", "Feedback themes")}” is ticked above.`,
    voteHint: `Used only when “${kindTitle("vote", "A priority vote")}” is ticked above.`,
    commitmentHint: `Used only when “${kindTitle("commitment", "Commitments to interventions")}” is ticked above.`,
    voteOptionsText: data.voteOptionsText,
    votesPerMember: data.votesPerMember,
    allowMultipleVotes: data.allowMultipleVotes ? "true" : "false",
    interventionsText: data.interventionsText,
    hasTemplateName: data.templateName !== "",
    templateName: data.templateName,
    title: data.title,
    deadlineDate: data.deadlineDate,
    deadlineTime: data.deadlineTime,
    minDate: data.minDate,
    timeZoneHint: `Deadline in ${data.timeZoneLabel || "UK time"}. Members can answer and edit until then.`,
    anonymity: data.anonymity,
    minRespondents: data.minRespondents,
    hasChannels: data.channels.length > 0,
    channels: data.channels,
    digestChannelId: data.digestChannelId || data.channels[0]?.value || "",
    themes: data.themes.map((theme, position) => ({
      index: theme.index,
      number: position + 1,
      slotLabel: theme.name.trim() === "" ? `Theme ${position + 1} of ${total} — empty slot` : `Theme ${position + 1} of ${total}`,
      includeValue: theme.include ? "true" : "false",
      name: theme.name,
      viewText: theme.viewText,
      recommendText: theme.recommendText,
    })),
    themeCount: data.themeCount,
    limits: data.limits,
  });
}
