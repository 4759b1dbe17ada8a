import { renderTemplate, type AdaptiveCard } from "./render.ts";

export interface HelpItem {
  command: string;
  description: string;
}

export interface HelpSection {
  title: string;
  items: HelpItem[];
}

export interface HelpCardData {
  intro: string;
  sections: HelpSection[];
  footer: string;
}

export function helpCard(data: HelpCardData): AdaptiveCard {
  return renderTemplate("help", data);
}
