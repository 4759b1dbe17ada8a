import type { LiveActivityDto, MineInput } from "../../../services/live/live.types.ts";
import { ApiError } from "../api.ts";
import { h } from "../dom.ts";

/**
 * The line under a contribution that says where it stands. "Saved at …" appears only once the server
 * has answered 200 (it stored it): until then it says "Saving…" or "Not saved yet", and a refusal
 * shows the server's reason (a 400 lists what was wrong, a 409 says the activity has ended).
 */

export type SaveFn = (input: MineInput) => Promise<LiveActivityDto>;

export interface SaveStatus {
  el: HTMLElement;
  saving(): void;
  saved(activity: LiveActivityDto): void;
  unsaved(): void;
  failed(err: unknown): void;
  /** A refusal made here, before asking the server (no stickers left, a card too long). */
  refuse(message: string): void;
  /** Back to showing the last save (after an edit is undone). */
  reset(savedText: string | undefined): void;
}

export function saveStatus(savedText: string | undefined): SaveStatus {
  const line = h("p", { class: "save-status", role: "status", "data-field": "save-status" });
  const problem = h("p", { class: "save-error", role: "alert", "data-field": "save-error", hidden: true });
  const el = h("div", { class: "save-line" }, line, problem);
  const set = (state: string, text: string) => {
    line.dataset.state = state;
    line.textContent = text;
  };
  const clearProblem = () => {
    problem.hidden = true;
    problem.textContent = "";
  };
  const status: SaveStatus = {
    el,
    saving() {
      clearProblem();
      set("saving", "Saving…");
    },
    saved(activity) {
      clearProblem();
      set("saved", activity.mine.savedText ?? "Saved");
    },
    unsaved() {
      set("unsaved", "Not saved yet");
    },
    failed(err) {
      set("unsaved", "Not saved");
      problem.textContent = err instanceof ApiError || err instanceof Error ? err.message : String(err);
      problem.hidden = false;
    },
    refuse(message) {
      problem.textContent = message;
      problem.hidden = false;
    },
    reset(text) {
      clearProblem();
      if (text) set("saved", text);
      else set("none", "");
    },
  };
  status.reset(savedText);
  return status;
}
