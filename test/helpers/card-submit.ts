/**
 * Do what Teams does when a person presses an Action.Execute button: gather every input's current
 * value (what the card pre-filled, overridden by what the "person" typed), drop empty text inputs
 * (Teams leaves them out), and merge them into the action's data.
 */
type Json = Record<string, unknown>;

function walk(node: unknown, visit: (obj: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === "object") {
    visit(node as Json);
    Object.values(node as Json).forEach((v) => walk(v, visit));
  }
}

export function inputsOf(card: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  walk(card, (obj) => {
    if (typeof obj.type === "string" && obj.type.startsWith("Input.") && typeof obj.id === "string") {
      const value = obj.value;
      values[obj.id] = value === undefined || value === null ? "" : String(value);
    }
  });
  return values;
}

export function findAction(card: unknown, verb: string): Json {
  let found: Json | undefined;
  walk(card, (obj) => {
    if (!found && obj.type === "Action.Execute" && obj.verb === verb) found = obj;
  });
  if (!found) throw new Error(`no Action.Execute with verb ${verb} on the card`);
  return found;
}

/** The `data` Teams would send for pressing `verb` after typing `typed` into the card. */
export function submit(card: unknown, verb: string, typed: Record<string, string> = {}): Json {
  const action = findAction(card, verb);
  const values = { ...inputsOf(card), ...typed };
  const nonEmpty = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ""));
  return { ...(action.data as Json | undefined), ...nonEmpty };
}

/**
 * A long form arrives in the chat as a short opener card (cards/templates/opener.json) whose
 * "Show it here" button gives the form (what a client without dialogs does; the dialog gives the
 * same card). Press it through `press` (an invoke of that verb, resolving with the invoke's body)
 * and return the form; any other card is returned as it is.
 */
export async function expandOpener(card: unknown, press: (verb: string, data: Json) => Promise<unknown>): Promise<Json> {
  let here: Json | undefined;
  walk(card, (obj) => {
    if (!here && obj.type === "Action.Execute" && obj.title === "Show it here") here = obj;
  });
  if (!here) return card as Json;
  const body = (await press(here.verb as string, (here.data as Json | undefined) ?? {})) as { value?: unknown } | undefined;
  if (!body || typeof body.value !== "object") throw new Error(`"Show it here" gave no card: ${JSON.stringify(body).slice(0, 300)}`);
  return body.value as Json;
}
