import type { LiveActivityDto } from "../../../services/live/live.types.ts";
import { clear, h, uid } from "../dom.ts";
import { charCounter } from "./answer.ts";
import { saveStatus, type SaveFn } from "./save-status.ts";

/**
 * The wall: the caller's own cards (edit, remove) and a box to add one, up to postsPerPerson. Every
 * change sends the whole list, and the list shown is what the server stored. Text being typed is
 * never thrown away by a refusal: the add box and an open edit keep it.
 */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function wallForm(activity: LiveActivityDto, save: SaveFn, onSaved: (a: LiveActivityDto) => void): HTMLElement {
  const open = activity.status === "open";
  let posts = [...activity.mine.posts];
  let busy = false;
  const status = saveStatus(activity.mine.savedText);
  const list = h("ol", { class: "my-cards", "data-testid": "my-cards" });
  const countLine = h("p", { class: "subtle small", "data-field": "cards-left" });

  const addId = uid("card");
  const addCounter = charCounter(activity.maxChars);
  const addBox = h("textarea", { id: addId, class: "live-text", rows: 3, maxlength: activity.maxChars, "aria-describedby": addCounter.el.id, "data-field": "new-card" });
  const addButton = h("button", { type: "submit", class: "button", "data-field": "add-card" }, "Post card");
  const full = h("p", { class: "note", "data-field": "wall-full", hidden: true }, `You've posted all ${plural(activity.postsPerPerson, "card", "cards")} you may. Edit or remove one to change what you said.`);
  addBox.addEventListener("input", () => addCounter.update(addBox.value));
  addCounter.update("");

  /** Send the whole list; true once the server has stored it. */
  const send = async (next: string[]): Promise<boolean> => {
    if (busy) return false;
    busy = true;
    status.saving();
    try {
      const dto = await save({ posts: next });
      posts = [...dto.mine.posts];
      activity = { ...activity, mine: dto.mine };
      status.saved(dto);
      onSaved(dto);
      return true;
    } catch (err) {
      status.failed(err);
      return false;
    } finally {
      busy = false;
      render();
    }
  };

  const tooLong = (text: string) => text.length > activity.maxChars;

  function cardItem(text: string, index: number): HTMLElement {
    const item = h("li", { class: "my-card", "data-index": index });
    const view = () => {
      clear(item);
      item.appendChild(h("blockquote", { "data-field": "card-text" }, text));
      if (!open) return;
      item.appendChild(
        h(
          "div",
          { class: "card-actions" },
          h("button", { type: "button", class: "link-button", "aria-label": `Edit card ${index + 1}`, "data-field": "edit", onclick: edit }, "Edit"),
          h(
            "button",
            { type: "button", class: "link-button", "aria-label": `Remove card ${index + 1}`, "data-field": "remove", onclick: () => void send(posts.filter((_, i) => i !== index)) },
            "Remove",
          ),
        ),
      );
    };
    function edit(): void {
      clear(item);
      const boxId = uid("edit");
      const counter = charCounter(activity.maxChars);
      const box = h("textarea", { id: boxId, class: "live-text", rows: 3, maxlength: activity.maxChars, "aria-describedby": counter.el.id, "data-field": "edit-text" });
      box.value = text;
      counter.update(text);
      box.addEventListener("input", () => counter.update(box.value));
      item.appendChild(
        h(
          "form",
          {
            class: "edit-card",
            onsubmit: (ev: Event) => {
              ev.preventDefault();
              const next = box.value.trim();
              if (next === "") return status.refuse("A card can't be empty: remove it instead.");
              if (tooLong(next)) return status.refuse(`A card may have up to ${activity.maxChars} characters.`);
              void send(posts.map((p, i) => (i === index ? next : p)));
            },
          },
          h("label", { for: boxId, class: "field-label" }, `Edit card ${index + 1}`),
          box,
          counter.el,
          h(
            "div",
            { class: "buttons" },
            h("button", { type: "submit", class: "button", "data-field": "save-edit" }, "Save card"),
            h("button", { type: "button", class: "button secondary", "data-field": "cancel-edit", onclick: view }, "Cancel"),
          ),
        ),
      );
      box.focus();
    }
    view();
    return item;
  }

  function render(): void {
    clear(list);
    posts.forEach((text, i) => list.appendChild(cardItem(text, i)));
    list.hidden = posts.length === 0;
    countLine.textContent = posts.length === 0 ? `You may post up to ${plural(activity.postsPerPerson, "card", "cards")}.` : `${posts.length} of ${plural(activity.postsPerPerson, "card", "cards")} posted.`;
    const canAdd = open && posts.length < activity.postsPerPerson;
    addForm.hidden = !canAdd;
    full.hidden = !open || canAdd;
  }

  const addForm = h(
    "form",
    {
      class: "add-card",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        const text = addBox.value.trim();
        if (text === "") return status.refuse("Write something on the card first.");
        if (tooLong(text)) return status.refuse(`A card may have up to ${activity.maxChars} characters.`);
        void send([...posts, text]).then((stored) => {
          if (!stored) return;
          addBox.value = "";
          addCounter.update("");
          if (!addForm.hidden) addBox.focus();
        });
      },
    },
    h("label", { for: addId, class: "field-label" }, activity.prompt ? `Add a card: ${activity.prompt}` : "Add a card"),
    addBox,
    addCounter.el,
    h("div", { class: "buttons" }, addButton),
  );

  render();
  return h("div", { class: "wall-form", "data-testid": "wall-form" }, h("h3", null, "Your cards"), countLine, list, full, addForm, status.el);
}
