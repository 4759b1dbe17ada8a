import type { LaunchCardData } from "./card-types.ts";
import { renderTemplate, type AdaptiveCard } from "./render.ts";

/**
 * The officer's launch form (`launch.json`).
 *
 * Inputs sent with `launchRound` / `addThemes` (Teams merges them into the action data, as strings):
 * `boardId` (only when `boards` is given), `kind`, `title`, `deadlineDate` (yyyy-MM-dd), `deadlineTime`
 * (HH:mm), `anonymity` ("named" | "anonymous"), `minRespondents` (a number as a string, e.g. "3"),
 * `digestChannelId` (only when `channels` is non-empty), and per theme slot `theme_<index>_include`
 * ("true" | "false"), `theme_<index>_name`, `theme_<index>_view`, `theme_<index>_recommend`.
 * Empty text inputs are left out of the data by Teams. The action data itself is
 * `{ themeCount, boardId? }` — `boardId` only when the board is already known (no chooser).
 */
export function launchCard(data: LaunchCardData): AdaptiveCard {
  const boards = data.boards ?? [];
  const hasBoardChoice = boards.length > 0;
  const boardId = data.boardId ?? "";
  const boardName = data.boardName ?? "";
  const total = data.themes.length;
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
    kind: data.kind,
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
