import type { LiveActivityDto } from "../../../services/live/live.types.ts";
import { h, uid } from "../dom.ts";
import { saveStatus, type SaveFn } from "./save-status.ts";

/**
 * A quick question: one answer, up to maxChars, with a counter that says how many characters are
 * left (tied to the box with aria-describedby, not announced on every key press). Saving again
 * replaces the answer.
 */

/** "12 of 280 characters", and whether it is over. */
export function charCounter(max: number): { el: HTMLElement; update(text: string): boolean } {
  const el = h("p", { class: "char-count subtle small", id: uid("count"), "data-field": "char-count" });
  return {
    el,
    update(text) {
      const n = text.length; // UTF-16 units, as maxlength and the server count
      el.textContent = `${n} of ${max} characters`;
      el.classList.toggle("over", n > max);
      return n <= max;
    },
  };
}

export function answerForm(activity: LiveActivityDto, save: SaveFn, onSaved: (a: LiveActivityDto) => void): HTMLElement {
  const open = activity.status === "open";
  const boxId = uid("answer");
  const counter = charCounter(activity.maxChars);
  const status = saveStatus(activity.mine.savedText);
  let saved = activity.mine.answer;
  const box = h("textarea", {
    id: boxId,
    class: "live-text",
    rows: 4,
    maxlength: activity.maxChars,
    "aria-describedby": counter.el.id,
    "data-field": "answer",
    disabled: !open,
  });
  box.value = saved;
  const saveButton = h("button", { type: "submit", class: "button", "data-field": "save", disabled: !open }, "Save my answer");
  box.addEventListener("input", () => {
    counter.update(box.value);
    if (box.value === saved) status.reset(activity.mine.savedText);
    else status.unsaved();
  });
  counter.update(box.value);

  return h(
    "form",
    {
      class: "answer-form",
      "data-testid": "answer-form",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        if (!open) return;
        if (!counter.update(box.value)) {
          status.refuse(`Your answer is longer than ${activity.maxChars} characters.`);
          return;
        }
        status.saving();
        saveButton.disabled = true;
        save({ answer: box.value.trim() })
          .then((dto) => {
            saved = dto.mine.answer;
            box.value = saved;
            counter.update(saved);
            activity = { ...activity, mine: dto.mine };
            status.saved(dto);
            onSaved(dto);
          })
          .catch((err: unknown) => status.failed(err))
          .finally(() => {
            saveButton.disabled = !open;
          });
      },
    },
    h("label", { for: boxId, class: "field-label" }, activity.prompt ? `Your answer to: ${activity.prompt}` : "Your answer"),
    box,
    counter.el,
    h("div", { class: "buttons" }, saveButton),
    status.el,
  );
}
