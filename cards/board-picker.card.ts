import { renderTemplate, type AdaptiveCard } from "./render.ts";

export interface BoardPickerData {
  /** What the person asked for, e.g. "Type summary for which board?" */
  intro: string;
  /** The command the picked board runs (the handler checks it against the commands that take a board). */
  command: string;
  boards: Array<{ id: string; name: string; roleText: string }>;
}

/** `board-picker.json`: one button per board; each runs `command` for that board (verb pickBoard, data { command, boardId }). */
export function boardPickerCard(data: BoardPickerData): AdaptiveCard {
  return renderTemplate("board-picker", data);
}
