import winkNLP, { type WinkMethods } from "wink-nlp";
import model from "wink-eng-lite-web-model";

/**
 * Stage 7: a point's statement in seed 002's voice — what members said, in the third person, ready
 * to follow "Some members (3 of 12) said …" / "Board members agreed …" / "Some members asked …":
 *
 *   "We still can't share data between partners."  → said  "they still cannot share data between partners"
 *   "I'd like one dashboard brought to the Board."   → said  "they would like one dashboard brought to the Board"
 *   "Who owns the data once it's pooled?"           → asked "who owns the data once it is pooled"
 *   "How do we prove prevention works?"             → asked "how they prove prevention works"
 *   "What is the plan for rolling this out?"        → asked "what the plan is for rolling this out"
 *   "Is the funding recurrent?"                     → asked "whether the funding is recurrent"
 *   "Plug this into the teams that already exist."  → said  "the Board should plug this into the teams that already exist"
 *
 * wink's part-of-speech tags say which word is a pronoun, a verb or an auxiliary, so only those are
 * changed; a question it can't turn round safely is quoted as asked. Evidence stays verbatim: this
 * is only the statement, which officers may edit.
 */

export interface Statement {
  text: string;
  /**
   * "asked" for a question (text is an indirect question, or a quoted one ending with "?"); "called
   * for" for a sentence with no verb ("A common training offer across agencies"); else "said".
   */
  verb: "said" | "asked" | "called for";
}

let nlpInstance: WinkMethods | undefined;
/** Ids at or above this are words wink's lexicon doesn't know (it numbers new words as it meets them). */
let firstUnknownId = Number.POSITIVE_INFINITY;
function nlp(): WinkMethods {
  if (!nlpInstance) {
    nlpInstance = winkNLP(model, ["sbd", "pos"]);
    const probe = nlpInstance.readDoc("qzxvjwk");
    firstUnknownId = probe.tokens().out(nlpInstance.its.uniqueId as never)[0] as unknown as number;
  }
  return nlpInstance;
}

/** First person → third (the member speaking, or their organisation, becomes "they"). */
const PRONOUNS: Record<string, string> = {
  i: "they", me: "them", my: "their", mine: "theirs", myself: "themselves",
  we: "they", us: "them", our: "their", ours: "theirs", ourselves: "themselves",
};
/** What a contraction's second part stands for. */
const CONTRACTED: Record<string, string> = { "n't": "not", "'re": "are", "'ve": "have", "'ll": "will", "'d": "would", "'m": "am" };
/** "ca|n't" → "can not" → "cannot"; "wo|n't" → "will not". */
const BEFORE_NOT: Record<string, string> = { ca: "can", wo: "will", sha: "shall" };
/** After a pronoun turned "they", the verb agrees. */
const AGREE: Record<string, string> = { am: "are", was: "were", "'m": "are" };
/** A leading phrase that only says whose view it is: dropped. */
const OPENING = /^(?:(?:i|we) (?:think|feel|believe|would say|reckon|suspect)(?: that)?|i'd say|in my (?:view|opinion)|for (?:me|us)(?: in [^,]{1,40})?|from (?:my|our) (?:side|point of view|perspective)|from a [a-z]+ (?:view|perspective|point of view)|from the [a-z]+ side|to be honest|honestly|frankly|personally|in fairness|to be fair|for what it's worth)\s*,?\s+/i;
const QUESTION_WORDS = new Set(["how", "what", "who", "whom", "whose", "why", "when", "where", "which"]);
const AUXILIARIES = new Set(["is", "are", "was", "were", "will", "would", "can", "could", "should", "shall", "may", "might", "must", "has", "have", "had", "do", "does", "did"]);

interface Token {
  value: string;
  lower: string;
  pos: string;
  lemma?: string;
  /** Not in wink's lexicon (in the case written): a name, a place, an acronym or a typo. */
  unknown?: boolean;
  /** Whitespace after it in the original. */
  space: string;
}

function tokensOf(text: string): Token[] {
  const w = nlp();
  // wink keeps "I'm" as one word (every other contraction it splits).
  const doc = w.readDoc(text.replace(/\bI['’]m\b/g, "I am"));
  const values = doc.tokens().out() as string[];
  const pos = doc.tokens().out(w.its.pos) as string[];
  const spaces = doc.tokens().out(w.its.precedingSpaces) as string[];
  const lemmas = doc.tokens().out(w.its.lemma as never) as string[];
  const ids = doc.tokens().out(w.its.uniqueId as never) as unknown as number[];
  return values.map((value, i) => ({
    value,
    lower: value.toLowerCase().replace(/’/g, "'"),
    pos: pos[i]!,
    lemma: lemmas[i]?.toLowerCase(),
    unknown: ids[i]! >= firstUnknownId,
    space: spaces[i + 1] ?? "",
  }));
}

/**
 * Whether `word` reads as a verb when a subject comes first ("they plug this…", "it hides…"). wink
 * tags a capitalised first word as a name and a verb after a noun as a noun ("JSNA data hides…"),
 * so the word is tagged again where only a verb can stand.
 */
function readsAsVerb(subject: "they" | "it", words: Token[], lowerFirstWord = false): boolean {
  const probe = tokensOf(`${subject} ${join(words.map((t, i) => (i === 0 && lowerFirstWord ? { ...t, value: t.lower } : t)))}`);
  return probe[1]?.pos === "VERB";
}

function join(tokens: Token[]): string {
  return tokens.map((t) => t.value + t.space).join("").trim();
}

/**
 * Where the member already speaks of "they"/"them" ("who gets to decide – us or them?"), "we" can't
 * become "they" too: it is the partners speaking.
 */
const PARTNERS: Record<string, string> = { we: "partners", us: "partners", our: "partners'", ours: "partners'", ourselves: "partners themselves" };
const THIRD_PLURAL = new Set(["they", "them", "their", "theirs", "themselves"]);

/** Pronouns to the third person, contractions spelt out, verbs agreeing. */
function thirdPerson(tokens: Token[]): Token[] {
  const pronouns = tokens.some((t) => t.pos === "PRON" && THIRD_PLURAL.has(t.lower)) ? { ...PRONOUNS, ...PARTNERS } : PRONOUNS;
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    const prev = out[out.length - 1];
    let value = t.value;
    if (t.pos === "PRON" && pronouns[t.lower]) value = pronouns[t.lower]!;
    else if (t.lower === "n't" && prev && BEFORE_NOT[prev.lower]) {
      // "can" + "not" → "cannot"; "will not".
      prev.value = prev.lower === "ca" ? "cannot" : `${BEFORE_NOT[prev.lower]} not`;
      prev.lower = prev.value;
      prev.space = t.space;
      continue;
    } else if (CONTRACTED[t.lower]) {
      value = prev?.value === "they" && AGREE[t.lower] ? AGREE[t.lower]! : CONTRACTED[t.lower]!;
      if (prev) prev.space = " ";
    } else if ((t.lower === "'s") && prev && ["it", "that", "there", "what", "who", "here", "where", "he", "she"].includes(prev.lower)) {
      value = "is";
      prev.space = " ";
    } else if (prev?.value === "they" && AGREE[t.lower] && t.pos !== "PRON") value = AGREE[t.lower]!;
    // "'s" is "has" before "been" or after "what"/"who" with a participle ("what's worked"); else "is" ("it's pooled").
    const after = tokens[i + 1]?.lower ?? "";
    if (value === "is" && t.lower === "'s" && (["been", "got", "gone", "done", "had"].includes(after) || (["what", "who"].includes(prev?.lower ?? "") && /(?:ed|en|wn)$/.test(after)))) value = "has";
    out.push({ ...t, value, lower: value.toLowerCase() });
  }
  return out;
}

/** The end of a subject noun phrase starting at `from`: up to the next verb, auxiliary, preposition or punctuation. */
function subjectEnd(tokens: Token[], from: number): number {
  let i = from;
  while (i < tokens.length && !["VERB", "AUX", "ADP", "PUNCT", "SCONJ", "CCONJ", "PART"].includes(tokens[i]!.pos)) {
    // "is the funding | recurrent", "is it | a priority": a noun (or pronoun) ends the phrase before an adjective, adverb or new phrase.
    if (i > from && ["NOUN", "PROPN", "PRON"].includes(tokens[i - 1]!.pos) && ["ADJ", "ADV", "DET", "PRON", "NUM"].includes(tokens[i]!.pos)) break;
    i += 1;
  }
  return i;
}

/** "goes" from "go" for a singular subject (only regular forms; irregular verbs keep "do"-support and are quoted). */
function thirdSingular(verb: string): string {
  if (/(?:s|sh|ch|x|z|o)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/** A direct question as an indirect one ("how they prove …", "whether the funding is recurrent"), or undefined if unsafe. */
function indirect(tokens: Token[]): Token[] | undefined {
  const body = tokens.filter((t, i) => !(i === tokens.length - 1 && t.value === "?"));
  if (body.length < 3) return undefined;
  const first = body[0]!;
  const whWord = QUESTION_WORDS.has(first.lower);
  const auxAt = whWord ? 1 : 0;
  const aux = body[auxAt];
  if (!aux) return undefined;
  if (whWord && (aux.pos === "VERB" || aux.pos === "ADV" || !AUXILIARIES.has(aux.lower))) return body; // "who owns …": already in order
  if (!AUXILIARIES.has(aux.lower)) return undefined;
  const subjectFrom = auxAt + 1;
  const next = body[subjectFrom];
  if (!next) return undefined;
  // "what would count as …": the question word is the subject, nothing to turn round.
  if (whWord && (next.pos === "VERB" || next.pos === "AUX")) return body;
  // "who is ultimately responsible …": the question word is the subject of "is".
  if (whWord && ["who", "what", "which"].includes(first.lower) && ["is", "are", "was", "were"].includes(aux.lower) && ["ADJ", "ADV"].includes(next.pos)) return body;
  const end = subjectEnd(body, subjectFrom);
  if (end === subjectFrom) return undefined;
  const subject = body.slice(subjectFrom, end);
  const rest = body.slice(end);
  const lead: Token[] = whWord ? [first] : [{ value: "whether", lower: "whether", pos: "SCONJ", space: " " }];
  const lastOfSubject = subject[subject.length - 1]!;
  if (["do", "does"].includes(aux.lower)) {
    // "how do we prove …" → "how they prove …"; "does the Board measure" → "the Board measures".
    // wink may tag the verb a noun ("the Board measure progress"): then the first word after the
    // subject's first that reads as a verb with "they" before it ends the subject.
    let verbAt = end;
    if (body[verbAt]?.pos !== "VERB") {
      verbAt = -1;
      for (let k = subjectFrom + 1; k < body.length && k <= subjectFrom + 5; k += 1) {
        if (readsAsVerb("they", body.slice(k))) {
          verbAt = k;
          break;
        }
      }
      if (verbAt < 0) return undefined;
    }
    const doSubject = body.slice(subjectFrom, verbAt);
    const verb = body[verbAt]!;
    const singular = aux.lower === "does";
    const inflected = singular ? { ...verb, value: thirdSingular(verb.lower) } : verb;
    doSubject[doSubject.length - 1]!.space = " ";
    return [...lead, ...doSubject, inflected, ...body.slice(verbAt + 1)];
  }
  if (aux.lower === "did") return undefined; // would need the past tense of the verb
  // "what is the plan for …" → "what the plan is for …".
  lastOfSubject.space = " ";
  return [...lead, ...subject, { ...aux, value: aux.lower, space: rest.length > 0 ? " " : "" }, ...rest];
}

/** A statement from a member's sentence (see the header); `maxWords` cuts a long one at its main clause. */
export function statementOf(sentence: string, maxWords = 25): Statement {
  let text = sentence.trim().replace(/\s+/g, " ");
  for (let k = 0; k < 3; k += 1) {
    const unhedged = text.replace(OPENING, "");
    if (unhedged === text || unhedged.length === 0) break;
    text = unhedged.charAt(0).toUpperCase() + unhedged.slice(1);
  }
  let tokens = tokensOf(text);
  const question = tokens[tokens.length - 1]?.value === "?";
  let verb: Statement["verb"] = "said";
  if (question && tokens[0]?.lower === "why" && tokens[1]?.lower === "not" && tokens[2]?.pos === "VERB") {
    // "Why not run a shared induction?" is a suggestion: "the Board should run a shared induction".
    tokens = [{ value: "the Board should", lower: "the board should", pos: "AUX", space: " " }, ...tokens.slice(2, -1)];
  } else if (question) {
    verb = "asked";
    const turned = indirect(thirdPerson(tokens));
    tokens = turned ?? thirdPerson(tokens);
    if (!turned) return { text: capitalised(clip(join(tokens), maxWords)), verb };
    return { text: lowerFirst(clip(join(tokens).replace(/[\s.!?;:,]+$/, ""), maxWords)), verb };
  } else if (isImperative(tokens)) {
    // An imperative ("Plug this into…", "Let each locality shape…"): a recommendation for the Board.
    const [first, ...rest] = tokens as [Token, ...Token[]];
    const lets = first.lower === "let" && rest[0]?.lower === "'s";
    tokens = [{ value: "the Board should", lower: "the board should", pos: "AUX", space: " " }, ...(lets ? rest.slice(1) : [{ ...first, value: first.lower }, ...rest])];
  }
  tokens = thirdPerson(tokens);
  const words = join(tokens).replace(/[\s.!?;:,]+$/, "");
  // A sentence without a verb names what the member wants: "called for a common training offer".
  if (verb === "said" && !hasVerb(tokens)) verb = "called for";
  return { text: lowerFirst(clip(words, maxWords)), verb };
}

/**
 * An imperative ("Plug this into…", "Let each locality shape…"): a verb in its base form first,
 * then what it acts on. The first word is tagged again after "they", as wink takes a capitalised
 * first word for a name.
 */
function isImperative(tokens: Token[]): boolean {
  const [first, second] = tokens;
  if (!first || !second || !["DET", "PRON", "PROPN", "ADP", "ADV", "ADJ", "NUM", "PART"].includes(second.pos)) return false;
  if (first.pos === "VERB") return first.lower === first.lemma;
  // wink takes a capitalised first word for a name; a name rarely comes straight before "the"/"this".
  if (first.pos !== "PROPN" || first.value === first.value.toUpperCase()) return false;
  if (!readsAsVerb("they", tokens, true)) return second.pos === "DET" && tokensOf(first.lower)[0]?.unknown === true;
  return tokensOf(`they ${first.lower}`)[1]?.lemma === first.lower;
}

/** A verb anywhere — including one wink tagged a noun after a noun ("JSNA data hides…"). */
function hasVerb(tokens: Token[]): boolean {
  if (tokens.some((t) => t.pos === "VERB" || t.pos === "AUX")) return true;
  return tokens.some((t, i) => i > 0 && t.pos === "NOUN" && /[^s]s$/.test(t.lower) && ["NOUN", "PROPN"].includes(tokens[i - 1]!.pos) && readsAsVerb("it", tokens.slice(i)));
}

/** Cut at the end of the main clause (or after `maxWords` words, with an ellipsis) when too long. */
function clip(s: string, maxWords: number): string {
  const words = s.split(" ");
  if (words.length <= maxWords) return s;
  const clause = /^(.+?)(?:\s*[;:]\s|\s[—–-]\s|,\s(?:but|which|so|because|as|and|although|though|while|whereas)\s)/i.exec(s);
  const head = clause?.[1];
  const n = head ? head.split(" ").length : 0;
  return head && n >= 5 && n <= maxWords ? head : `${words.slice(0, maxWords).join(" ").replace(/[,;:]$/, "")}…`;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Lower-case the first word unless it is a name or an acronym: one wink's lexicon doesn't know in
 * lower case ("Chorley", "Healthwatch", "JSNA"), or the start of a run of capitalised words ("Public
 * Health England"). wink's tags can't say: it calls most capitalised first words proper nouns.
 */
function lowerFirst(s: string): string {
  const [word = "", next = ""] = s.split(/[\s,;:]+/);
  if (word === "" || (word.length > 1 && word === word.toUpperCase()) || !/^[A-Z]/.test(word)) return s;
  const lowered = s.charAt(0).toLowerCase() + s.slice(1);
  const first = tokensOf(lowered)[0];
  if (!first) return s;
  // wink knows few hyphenated words: "Non-recurrent", "Cross-sector", "Self-care" are judged by their
  // first part, unless a later part is capitalised as in a place's name ("Barrow-in-Furness").
  const parts = word.split(/[-‐]/);
  if (parts.slice(1).some((p) => /^[A-Z]/.test(p))) return s;
  if (first.unknown && parts.length > 1) {
    const head = tokensOf(parts[0]!.toLowerCase())[0];
    if (head && !head.unknown) return lowered;
  }
  if (first.unknown) return s;
  if (["DET", "PRON", "ADP", "AUX", "CCONJ", "SCONJ", "PART"].includes(first.pos)) return lowered; // "The Board…", "Our JSNA…"
  return /^[A-Z]/.test(next) && next !== "I" ? s : lowered;
}
