import { renderTemplate, type AdaptiveCard } from "./render.ts";

export interface OpenerCardData {
  title: string;
  subtitle?: string;
  text: string;
  /** "Open the form", "Review the draft". */
  openTitle: string;
  /** The verb that produces the long card (the dialog's first card, or the chat card "Show it here" replaces this one with). */
  verb: string;
  data: Record<string, string>;
}

/**
 * `opener.json`: a short chat card for a long form. Its first button opens the form in a Teams
 * dialog (Action.Submit with `msteams.type: "task/fetch"`, carrying the verb and its data); the
 * second shows the form in the chat instead, for clients without dialogs (Action.Execute, falling
 * back to Action.Submit).
 */
export function openerCard(d: OpenerCardData): AdaptiveCard {
  return renderTemplate("opener", {
    title: d.title,
    subtitle: d.subtitle ?? "",
    text: d.text,
    openTitle: d.openTitle,
    verb: d.verb,
    data: d.data,
    fetchData: { msteams: { type: "task/fetch" }, verb: d.verb, ...d.data },
    submitData: { verb: d.verb, ...d.data },
  });
}
