import type { BoardRefDto } from "../../../services/dashboard/dashboard.types.ts";
import type { LiveActivityDto, LiveKind, StartLiveInput } from "../../../services/live/live.types.ts";
import { h, uid, type Child } from "../dom.ts";

/**
 * An officer starting an activity for the meeting: which board (a choice only when they are an
 * officer of more than one), what kind, and the kind's own settings. The server checks everything
 * (it is the authority on limits) and its 400 message is shown as it is; the form is never redrawn
 * on a refusal, so nothing typed is lost.
 */

const KINDS: Array<{ kind: LiveKind; label: string; hint: string }> = [
  { kind: "vote", label: "Sticker vote", hint: "Everyone places stickers on the options they favour." },
  { kind: "question", label: "Quick question", hint: "One short answer each, grouped by point as they arrive." },
  { kind: "wall", label: "Wall of ideas", hint: "Short cards that cluster live by theme." },
];

function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const hintEl = hint ? h("span", { class: "field-hint subtle small", id: uid("hint") }, hint) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  return h("div", { class: "field" }, h("label", { for: control.id, class: "field-label" }, label), hintEl, control);
}

function checkbox(label: string, name: string, checked: boolean): { el: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { type: "checkbox", id: uid(name), name, checked });
  return { el: h("div", { class: "field check" }, input, h("label", { for: input.id }, label)), input };
}

export function startForm(boards: BoardRefDto[], start: (input: StartLiveInput) => Promise<LiveActivityDto>, done: (a: LiveActivityDto) => void, cancel?: () => void): HTMLElement {
  const board = h("select", { id: uid("board"), name: "board", "data-field": "board" }, boards.map((b) => h("option", { value: b.id }, b.name)));
  const title = h("input", { type: "text", id: uid("title"), name: "title", maxlength: 120, autocomplete: "off", "data-field": "title" });
  const prompt = h("input", { type: "text", id: uid("prompt"), name: "prompt", maxlength: 300, autocomplete: "off", "data-field": "prompt" });
  const theme = h("input", { type: "text", id: uid("theme"), name: "theme", maxlength: 120, autocomplete: "off", "data-field": "theme" });
  const options = h("textarea", { id: uid("options"), name: "options", rows: 5, "data-field": "options" });
  const stickers = h("input", { type: "number", id: uid("stickers"), name: "stickers", min: 1, max: 20, step: 1, value: 2, inputmode: "numeric", "data-field": "stickers" });
  const stacking = checkbox("Allow stacking (more than one sticker on an option)", "stacking", false);
  const guests = checkbox("Let guests take part (people who aren't on the board's team: counted, never named)", "guests", false);

  const kindName = uid("kind");
  const kindInputs = KINDS.map((k, i) => {
    const input = h("input", { type: "radio", name: kindName, id: uid("kind"), value: k.kind, checked: i === 0, "data-kind": k.kind });
    return { ...k, input };
  });
  const kind = (): LiveKind => kindInputs.find((k) => k.input.checked)?.kind ?? "vote";

  const voteFields = h(
    "div",
    { class: "kind-fields", "data-for": "vote" },
    field("Options, one per line", options, "What people put stickers on, in the order shown."),
    field("Stickers per person", stickers),
    stacking.el,
  );
  const textFields = h(
    "div",
    { class: "kind-fields", "data-for": "text" },
    field("Question or prompt", prompt, "What you ask, shown above the answers and on the stage."),
    field("Board theme", theme, "The theme the answers belong to in the round they become."),
  );
  const showKind = () => {
    const k = kind();
    voteFields.hidden = k !== "vote";
    textFields.hidden = k === "vote";
  };
  for (const k of kindInputs) k.input.addEventListener("change", showKind);

  const error = h("div", { class: "form-error", role: "alert", "data-field": "form-error", hidden: true });
  const submit = h("button", { type: "submit", class: "button", "data-field": "start" }, "Start");

  const input = (): StartLiveInput => {
    const k = kind();
    const base: StartLiveInput = { boardId: board.value, kind: k, title: title.value.trim(), allowGuests: guests.input.checked };
    if (k === "vote") {
      const lines = options.value.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
      return { ...base, options: lines, stickers: Number(stickers.value), stacking: stacking.input.checked };
    }
    return { ...base, prompt: prompt.value.trim(), ...(theme.value.trim() ? { theme: theme.value.trim() } : {}) };
  };

  const form = h(
    "form",
    {
      class: "card start-form",
      "data-testid": "start-form",
      "aria-labelledby": "start-heading",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        error.hidden = true;
        submit.disabled = true;
        start(input())
          .then(done)
          .catch((err: unknown) => {
            error.textContent = err instanceof Error ? err.message : String(err);
            error.hidden = false;
          })
          .finally(() => {
            submit.disabled = false;
          });
      },
    },
    h("h2", { id: "start-heading" }, "Start a live activity"),
    h("p", { class: "subtle" }, "Everyone in the meeting can take part from the side panel. Results show as counts and groups — never names."),
    // One board: nothing to choose (the select stays out of the page; its value is still that board).
    boards.length > 1 ? field("Board", board) : h("p", { class: "for-board", "data-field": "for-board" }, "For ", h("strong", null, boards[0]?.name ?? "")),
    h(
      "fieldset",
      { class: "kinds" },
      h("legend", null, "Kind of activity"),
      kindInputs.map((k): Child => h("div", { class: "field check" }, k.input, h("label", { for: k.input.id }, h("strong", null, k.label), h("span", { class: "subtle small kind-hint" }, ` — ${k.hint}`)))),
    ),
    field("Title", title),
    textFields,
    voteFields,
    guests.el,
    error,
    h("div", { class: "buttons" }, submit, cancel ? h("button", { type: "button", class: "button secondary", "data-field": "cancel-start", onclick: cancel }, "Cancel") : null),
  );
  showKind();
  return form;
}
