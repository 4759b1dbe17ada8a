/**
 * Text for PDFKit's built-in (standard 14) fonts. Those fonts are not embedded and speak only
 * WinAnsi (Windows-1252): PDFKit maps the curly quotes, dashes, "…", "•", "€" and "£" itself, but
 * anything outside that set is written as raw char codes that come out as garbage (and can knock
 * the glyphs after them out of step). So every string goes through `toWinAnsi` first: characters
 * with a close WinAnsi spelling are replaced ("→" by "->", "ā" by "a"), letters with none become
 * "?" (a reader can see something was there), and symbols such as emoji are dropped.
 */

/** The Unicode characters WinAnsi has in its 0x80–0x9F block (PDFKit's WIN_ANSI_MAP). */
const WIN_ANSI_EXTRAS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

/** Close spellings for characters people paste from Word, Outlook and phones. */
const REPLACEMENTS: Record<string, string> = {
  "\u2010": "-", // hyphen
  "\u2011": "-", // non-breaking hyphen
  "\u2012": "–", // figure dash
  "\u2015": "—", // horizontal bar
  "\u2212": "-", // minus sign
  "\u2032": "'", // prime
  "\u2033": '"', // double prime
  "\u201B": "‘",
  "\u201F": "“",
  "\u2039": "‹",
  "\u2190": "<-",
  "\u2192": "->",
  "\u2194": "<->",
  "\u21D2": "=>",
  "\u2264": "<=",
  "\u2265": ">=",
  "\u2260": "!=",
  "\u2248": "~",
  "\u2713": "(yes)",
  "\u2714": "(yes)",
  "\u2717": "(no)",
  "\u2718": "(no)",
  "\u25CF": "•",
  "\u25E6": "•",
  "\u2023": "•",
  "\u2043": "•",
  "\u00AD": "", // soft hyphen: WinAnsi draws it as a visible hyphen
  "\u2026": "…",
  "\u2028": "\n",
  "\u2029": "\n",
};

function inWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff && code !== 0xad) || WIN_ANSI_EXTRAS.includes(ch);
}

/** Spaces that aren't U+0020 or U+00A0 (thin, narrow no-break, ideographic…) and tabs. */
const ODD_SPACE = /[\t\u1680\u2000-\u200a\u202f\u205f\u3000]/;
/** Zero-width characters, direction marks and the BOM: invisible, so dropped. */
const INVISIBLE = /[\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e]/;

/**
 * `text` with only characters the standard fonts can draw (WinAnsi, plus "\n" for line breaks).
 * WinAnsi text is returned unchanged, so words members wrote are quoted exactly wherever the font
 * allows it.
 */
export function toWinAnsi(text: string): string {
  let out = "";
  for (const ch of String(text).replace(/\r\n?/g, "\n")) {
    if (ch === "\n" || inWinAnsi(ch)) out += ch;
    else if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
    else if (ODD_SPACE.test(ch)) out += " ";
    else if (INVISIBLE.test(ch) || /\p{Cc}/u.test(ch)) continue;
    else {
      // "ā" → "a", "ﬁ" → "fi": decompose, keep it if WinAnsi has all of it once the accents are dropped.
      const plain = [...ch.normalize("NFKD")].filter((c) => !/\p{M}/u.test(c));
      if (plain.length > 0 && plain.every(inWinAnsi)) out += plain.join("");
      else if (/[\p{L}\p{N}]/u.test(ch)) out += "?";
      // Anything else (emoji, pictographs, box drawing) has no fair stand-in: left out.
    }
  }
  return out;
}
