import { meeting } from "@microsoft/teams-js";
import type { LiveActivityDto } from "../../../services/live/live.types.ts";
import type { Host } from "../teams.ts";
import { h } from "../dom.ts";

/**
 * What an officer of the activity's board can do with it: share it to the meeting stage, and end it.
 *
 * Sharing is Teams' own (meeting.shareAppContentToStage) and only works from the side panel; from the
 * meeting chat tab the page says where to go instead, and in a plain browser (local mode) it links to
 * the stage page. Ending asks first, in the page (Teams' desktop client doesn't show window.confirm).
 */

/** The stage page's address as Teams needs it: absolute, on this server. */
export function absoluteUrlOf(path: string): string {
  return new URL(path, window.location.origin).href;
}

function withTimeout<T>(work: (resolve: (v: T) => void, reject: (e: Error) => void) => void, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: Teams didn't answer.`)), ms);
    try {
      work(
        (v) => { clearTimeout(timer); resolve(v); },
        (e) => { clearTimeout(timer); reject(e); },
      );
    } catch (err) {
      clearTimeout(timer);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

type SdkError = { errorCode: number; message?: string } | null | undefined;
const sdkMessage = (err: NonNullable<SdkError>) => err.message ?? `Teams refused (error ${err.errorCode}).`;

export function shareToStage(url: string): Promise<void> {
  return withTimeout<void>((resolve, reject) => {
    meeting.shareAppContentToStage((err: SdkError, ok: boolean | null) => {
      if (err) reject(new Error(sdkMessage(err)));
      else if (ok === false) reject(new Error("Teams didn't share it."));
      else resolve();
    }, url);
  }, 15_000, "Sharing to the stage");
}

/** Whether Teams lets this person share the app to the stage (presenters and organisers may). */
export function canShareToStage(): Promise<boolean> {
  return withTimeout<boolean>((resolve, reject) => {
    meeting.getAppContentStageSharingCapabilities((err: SdkError, caps: { doesAppHaveSharePermission: boolean } | null) => {
      if (err) reject(new Error(sdkMessage(err)));
      else resolve(Boolean(caps?.doesAppHaveSharePermission));
    });
  }, 5_000, "Asking about the stage");
}

export interface ManageOptions {
  host: Host;
  end(): Promise<LiveActivityDto>;
  ended(a: LiveActivityDto): void;
}

function shareControl(activity: LiveActivityDto, host: Host): HTMLElement {
  if (!host.inTeams) {
    return h("p", null, h("a", { href: activity.stagePath, target: "_blank", rel: "noopener", "data-field": "stage-link" }, "Open the stage view"), " (in Teams this is shared to the meeting stage).");
  }
  if (host.frameContext !== "sidePanel" && host.frameContext !== "meetingStage") {
    return h("p", { class: "subtle", "data-field": "share-hint" }, "To show the results to the room, open Sounding Board in the meeting's side panel and share it to the stage.");
  }
  const outcome = h("p", { class: "share-outcome", role: "status", "data-field": "share-outcome" });
  const button = h("button", { type: "button", class: "button", "data-field": "share" }, "Share to stage");
  button.addEventListener("click", () => {
    button.disabled = true;
    outcome.classList.remove("save-error");
    outcome.textContent = "Sharing…";
    shareToStage(absoluteUrlOf(activity.stagePath))
      .then(() => {
        outcome.textContent = "Shared to the meeting stage.";
      })
      .catch((err: unknown) => {
        outcome.classList.add("save-error");
        outcome.textContent = `Couldn't share to the stage: ${err instanceof Error ? err.message : String(err)}`;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  // Teams knows whether this person may share (presenters and organisers): say so up front.
  canShareToStage()
    .then((may) => {
      if (may) return;
      button.disabled = true;
      outcome.textContent = "Only the meeting's organiser and presenters can share to the stage.";
    })
    .catch(() => undefined); // unknown: let them try, and show Teams' answer then
  return h("div", { class: "share" }, button, outcome);
}

function endControl(activity: LiveActivityDto, options: ManageOptions): HTMLElement {
  const wrap = h("div", { class: "end" });
  const problem = h("p", { class: "save-error", role: "alert", "data-field": "end-error", hidden: true });
  const first = h("button", { type: "button", class: "button danger", "data-field": "end" }, "End activity…");
  const confirm = h("button", { type: "button", class: "button danger", "data-field": "confirm-end" }, "End it now");
  const keep = h("button", { type: "button", class: "button secondary", "data-field": "keep-open" }, "Keep it open");
  const ask = h(
    "div",
    { class: "confirm", role: "group", "aria-label": "Confirm ending the activity", hidden: true },
    h("p", null, `End “${activity.title}”? Nobody can change what they placed or wrote after this, and the results become a round of ${activity.boardName}.`),
    h("div", { class: "buttons" }, confirm, keep),
  );
  first.addEventListener("click", () => {
    ask.hidden = false;
    first.hidden = true;
    keep.focus();
  });
  keep.addEventListener("click", () => {
    ask.hidden = true;
    first.hidden = false;
    first.focus();
  });
  confirm.addEventListener("click", () => {
    confirm.disabled = true;
    keep.disabled = true;
    problem.hidden = true;
    options
      .end()
      .then(options.ended)
      .catch((err: unknown) => {
        problem.textContent = err instanceof Error ? err.message : String(err);
        problem.hidden = false;
        confirm.disabled = false;
        keep.disabled = false;
      });
  });
  wrap.append(first, ask, problem);
  return wrap;
}

export function manageSection(activity: LiveActivityDto, options: ManageOptions): HTMLElement {
  return h(
    "section",
    { class: "card manage", "data-testid": "manage", "aria-labelledby": "manage-heading" },
    h("h2", { id: "manage-heading" }, "For officers"),
    shareControl(activity, options.host),
    endControl(activity, options),
  );
}
