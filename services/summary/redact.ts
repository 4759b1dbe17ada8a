/**
 * Names of the round's members taken out of the words that feed an anonymous round's summary.
 *
 * Evidence is quoted verbatim, so "I agree with Priya that…" would name Priya in the chair's
 * channel although the round promised anonymity. The bot knows who was invited, so those names
 * (full names, titled surnames, and first or last names on their own) become "[name]". A lone name
 * at the start of a sentence is kept only where it is plainly an ordinary word: "Will the Board…"
 * is a question, not Will; "Young people…" is not Sam Young. Names the bot cannot know (someone outside the board) are not caught:
 * officers still review the draft before it is published.
 */
import winkNLP, { type WinkMethods } from "wink-nlp";
import model from "wink-eng-lite-web-model";

export const REDACTED = "[name]";

// Titles and ranks people put before their names (dropped; a titled surname is still a name).
const TITLES = [
  "Dr", "Mr", "Mrs", "Ms", "Miss", "Mx", "Cllr", "Councillor", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady",
  "Baroness", "Rev", "Revd", "Canon", "Supt", "Superintendent", "Chief", "Insp", "Inspector", "Sgt", "Sergeant",
  "DCI", "DI", "DS", "PC", "Cmdr", "Commander", "ACO", "CFO",
];
const TITLE_SET = new Set(TITLES);
const LETTER = "[\\p{L}\\p{M}\\p{N}]";
const TITLE = `(?:${TITLES.join("|")})\\.?\\s+`;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The person's own name out of a Teams display name, which often carries more:
 * "Dr Priya Raman — NHS Morecambe Bay CCG", "Cllr Margaret Hollins, Chair — Lancashire County
 * Council", "Ashworth, Tom (Lancashire Constabulary)". Organisations, roles and acronyms are not
 * names: redacting "Lancashire" or "NHS" from every answer would gut the summary.
 */
export function personalName(displayName: string): string {
  let name = displayName.replace(/\([^)]*\)|\[[^\]]*\]/g, " ");
  name = name.split(/\s[-–—|]\s|\s[–—]|[–—]\s/)[0] ?? "";
  const comma = name.indexOf(",");
  if (comma >= 0) {
    const before = name.slice(0, comma).trim().split(/\s+/).filter((w) => !TITLE_SET.has(w.replace(/\.$/, "")));
    const after = name.slice(comma + 1).trim().split(/\s+/)[0] ?? "";
    // "Ashworth, Tom" (surname first) versus "Margaret Hollins, Chair" (a role after the name).
    name = before.length === 1 ? `${after} ${before[0]}` : name.slice(0, comma);
  }
  return name;
}

/** "Dr Asha Raman" → ["Asha", "Raman"]: the words of a name, without titles, initials ("J.") or acronyms ("NHS"). */
function partsOf(displayName: string): string[] {
  return personalName(displayName)
    .split(/\s+/)
    .filter((w) => !TITLE_SET.has(w.replace(/\.$/, "")))
    .map((w) => w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ""))
    .filter((w) => w.length >= 2 && /^\p{Lu}/u.test(w) && w !== w.toUpperCase());
}

let tagger: WinkMethods | undefined;

/** Parts of speech in which a sentence's first word is an ordinary word (nouns are not: names are nouns). */
const ORDINARY = new Set(["AUX", "VERB", "ADV", "ADP", "DET", "PRON", "SCONJ", "CCONJ", "PART", "INTJ", "ADJ", "NUM"]);
/** What tends to follow a person's name: "Will said…", "Tom's point…", "Priya, Tom and I…". */
const AFTER_A_PERSON = new Set(["VERB", "AUX", "PART", "PUNCT"]);

/**
 * Is the word at `offset`, the first of its sentence, a person there? The sentence is tagged with
 * that word in lower case (wink calls any capitalised first word a proper noun): "will the Board…"
 * (AUX, then a determiner) and "young people…" (ADJ, NOUN) are ordinary words; "will said…",
 * "grace and I…" (a noun) and "tom's point…" are people. When in doubt it is redacted: a lost word
 * in a quote is better than a named member in an anonymous round. Only asked for names at the start
 * of a sentence, which are rare.
 */
function personAt(text: string, offset: number, word: string): boolean {
  tagger ??= winkNLP(model, ["sbd", "pos"]);
  const rest = text.slice(offset + word.length);
  const sentence = word.toLowerCase() + rest.slice(0, rest.search(/[.!?\n]|$/) + 1);
  const pos = tagger.readDoc(sentence).tokens().out(tagger.its.pos) as string[];
  return !(ORDINARY.has(pos[0] ?? "") && !AFTER_A_PERSON.has(pos[1] ?? ""));
}

/** A function that replaces the given people's names in a text with "[name]"; the identity if there are none. */
export function nameRedactor(names: Iterable<string>): (text: string) => string {
  const full = new Set<string>();
  const single = new Set<string>();
  for (const name of names) {
    const parts = partsOf(name);
    if (parts.length >= 2) full.add(parts.map(escape).join("\\s+"));
    for (const p of parts) single.add(escape(p));
  }
  if (single.size === 0) return (text) => text;
  const byLength = (a: string, b: string) => b.length - a.length;
  const alone = (pattern: string) => `(?<!${LETTER})(?:${pattern})(?!${LETTER})`;
  const singles = [...single].sort(byLength).join("|");
  // Full names (optionally titled), and a titled single name: a person wherever they stand.
  const anywhere = new RegExp(alone(`(?:${TITLE})?(?:${[...full].sort(byLength).join("|") || "(?!)"})|${TITLE}(?:${singles})`), "gu");
  const lone = new RegExp(alone(singles), "gu");
  return (text) =>
    text
      .replace(anywhere, REDACTED)
      .replace(lone, (word: string, offset: number, whole: string) =>
        startsSentence(whole, offset) && !personAt(whole, offset, word) ? word : REDACTED,
      );
}

const OPENERS = new Set([" ", "\t", "\r", "\u00a0", '"', "'", "“", "‘", "("]);
const ENDERS = new Set(["\n", ".", "!", "?", ":", ";", "•", "*", "–", "—", "-"]);

/** Is `offset` the first word of the text, a line, a bullet or a sentence (looking back past spaces and quotes)? */
function startsSentence(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && OPENERS.has(text[i]!)) i -= 1;
  return i < 0 || ENDERS.has(text[i]!);
}
