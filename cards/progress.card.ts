import { renderTemplate, type AdaptiveCard } from "./render.ts";

export interface ProgressSectionView {
  heading: string;
  lines: string[];
  /** Lines left out to fit one message. */
  more: number;
}

export interface ProgressCardData {
  boardName: string;
  /** "Progress check-in, closing 15 January 2027, 17:00 · closed 15 Jan 2027" */
  subtitle: string;
  /** "4 actions: 3 organisations reported, 1 did not." */
  headline: string;
  /** Each status in words with its count, e.g. { title: "At risk", value: "1" } (words, never colour alone). */
  statusFacts: Array<{ title: string; value: string }>;
  sections: ProgressSectionView[];
  footerText: string;
}

/** `progress.json`: a check-in's progress digest for the board's channel and its chairs — organisations, never people. */
export function progressCard(data: ProgressCardData): AdaptiveCard {
  return renderTemplate("progress", {
    subtitle: `${data.boardName} · ${data.subtitle}`,
    headline: data.headline,
    statusFacts: data.statusFacts,
    sections: data.sections
      .filter((s) => s.lines.length > 0)
      .map((s) => ({ heading: s.heading, lines: s.lines.map((text) => ({ text })), more: s.more > 0 ? `… and ${s.more} more` : "" })),
    footerText: data.footerText,
  });
}
