import type { LiveActivityDto } from "../../../services/live/live.types.ts";
import { h, uid } from "../dom.ts";
import { saveStatus, type SaveFn } from "./save-status.ts";

/**
 * Placing stickers: each option with − and + and the count, "N of M stickers left", and Save, which
 * sends the whole placement. The page applies the activity's rules (how many stickers, whether more
 * than one may go on an option) so people can see them, but the server decides: what it stores comes
 * back and replaces what the page had.
 *
 * A + that can't be used is aria-disabled rather than disabled: it stays reachable by keyboard, and
 * pressing it says why not instead of doing nothing.
 */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function placedOnly(stickers: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, n] of Object.entries(stickers)) if (n > 0) out[id] = n;
  return out;
}

const same = (a: Record<string, number>, b: Record<string, number>) => {
  const x = placedOnly(a);
  const y = placedOnly(b);
  return Object.keys(x).length === Object.keys(y).length && Object.entries(x).every(([id, n]) => y[id] === n);
};

export function voteForm(activity: LiveActivityDto, save: SaveFn, onSaved: (a: LiveActivityDto) => void): HTMLElement {
  const open = activity.status === "open";
  let saved = placedOnly(activity.mine.stickers);
  let counts: Record<string, number> = { ...saved };
  const status = saveStatus(activity.mine.savedText);
  const used = () => Object.values(counts).reduce((sum, n) => sum + n, 0);
  const left = () => Math.max(0, activity.stickers - used());
  const leftLine = h("p", { class: "stickers-left", "data-field": "stickers-left" });
  const rows = new Map<string, { count: HTMLElement; minus: HTMLButtonElement; plus: HTMLButtonElement }>();
  const saveButton = h("button", { type: "submit", class: "button", "data-field": "save" }, "Save my stickers");

  /** Why one more sticker can't go on this option, or undefined if it can. */
  const blocked = (optionId: string): string | undefined => {
    if (left() === 0) return `You have no stickers left: all ${activity.stickers} are placed. Take one off an option to move it.`;
    if (!activity.stacking && (counts[optionId] ?? 0) >= 1) return "Only one sticker per option in this vote.";
    return undefined;
  };

  const refresh = () => {
    leftLine.textContent = `${left()} of ${plural(activity.stickers, "sticker", "stickers")} left`;
    for (const [id, row] of rows) {
      const n = counts[id] ?? 0;
      row.count.textContent = plural(n, "sticker", "stickers");
      row.count.dataset.count = String(n);
      row.minus.disabled = !open || n === 0;
      row.plus.disabled = !open;
      row.plus.setAttribute("aria-disabled", String(open && blocked(id) !== undefined));
    }
    saveButton.disabled = !open;
  };

  const change = (optionId: string, delta: number) => {
    if (!open) return;
    if (delta > 0) {
      const why = blocked(optionId);
      if (why) {
        status.refuse(why);
        return;
      }
    }
    counts = { ...counts, [optionId]: Math.max(0, (counts[optionId] ?? 0) + delta) };
    if (same(counts, saved)) status.reset(activity.mine.savedText);
    else status.unsaved();
    refresh();
  };

  const list = h(
    "ul",
    { class: "sticker-options", "data-testid": "sticker-options" },
    activity.options.map((option) => {
      const labelId = uid("option");
      const count = h("span", { class: "sticker-count", "data-field": "count" });
      const minus = h("button", { type: "button", class: "step", "aria-label": `Take a sticker off ${option.label}`, "data-field": "minus", onclick: () => change(option.id, -1) }, "−");
      const plus = h("button", { type: "button", class: "step", "aria-label": `Put a sticker on ${option.label}`, "data-field": "plus", onclick: () => change(option.id, 1) }, "+");
      rows.set(option.id, { count, minus, plus });
      return h(
        "li",
        { class: "sticker-option", "data-option-id": option.id },
        h("span", { class: "option-label", id: labelId }, option.label),
        h("span", { class: "stepper", role: "group", "aria-labelledby": labelId }, minus, count, plus),
      );
    }),
  );

  const form = h(
    "form",
    {
      class: "vote-form",
      "data-testid": "vote-form",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        if (!open) return;
        const sending = placedOnly(counts);
        status.saving();
        saveButton.disabled = true;
        save({ stickers: sending })
          .then((dto) => {
            // What the server stored is the truth, even if it differs from what was sent.
            saved = placedOnly(dto.mine.stickers);
            counts = { ...saved };
            activity = { ...activity, mine: dto.mine };
            status.saved(dto);
            onSaved(dto);
          })
          .catch((err: unknown) => status.failed(err))
          .finally(refresh);
      },
    },
    h("p", { class: "subtle small" }, activity.stacking ? "You may put more than one sticker on an option." : "One sticker per option at most."),
    list,
    leftLine,
    h("div", { class: "buttons" }, saveButton),
    status.el,
  );
  refresh();
  return form;
}
