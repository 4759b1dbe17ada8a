/**
 * Renders sample cards with the Adaptive Cards SDK in headless Chromium and saves PNGs, roughly as
 * Teams (light theme) shows them.
 *
 *   npx tsx cards/preview/screenshot.ts [outDir] [--only=name,name]   # default docs/images, every shot
 *
 * Needs no network: the SDK bundle is read from node_modules and inlined into the page, the cards are
 * passed in with page.evaluate, and every request the page might make is refused.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../test/helpers/browser.ts";
import { digestCard } from "../digest.card.ts";
import { launchCard } from "../launch.card.ts";
import { launchedCard } from "../launched.card.ts";
import type { AdaptiveCard } from "../render.ts";
import { reviewCard } from "../review.card.ts";
import { roundCard } from "../round.card.ts";
import { statusCard } from "../status.card.ts";
import * as S from "./samples.ts";
import * as RS from "./role-samples.ts";
import { rolesCard } from "../roles.card.ts";
import { boardPickerCard } from "../board-picker.card.ts";
import { fittedDigestCard, fittedReviewCard } from "../../bot/views/summary.views.ts";
import { devRoundSummary } from "./dev-round.ts";
import { actionFormCard, actionsCard } from "../actions.card.ts";
import { checkInCard } from "../checkin.card.ts";
import { progressCard } from "../progress.card.ts";
import * as AS from "./action-samples.ts";

interface Shot {
  name: string;
  card: AdaptiveCard;
  /** Buttons (by title) to click after rendering, e.g. to open an Action.ShowCard. */
  click?: string[];
}

const SHOTS: Shot[] = [
  { name: "member-round-card", card: roundCard(S.roundOpenNamed) },
  { name: "member-round-card-closed", card: roundCard(S.roundClosed) },
  { name: "vote-card", card: roundCard(S.roundVoteOnly) },
  { name: "commitment-card", card: roundCard(S.roundCommitmentsOnly) },
  { name: "combined-card", card: roundCard(S.roundCombined) },
  { name: "combined-card-closed", card: roundCard(S.roundCombinedClosed) },
  { name: "launch-card", card: launchCard(S.launchFromTeam) },
  { name: "launch-card-vote-commitments", card: launchCard(S.launchVoteAndCommitments) },
  { name: "launch-card-personal", card: launchCard(S.launchFromPersonal) },
  { name: "status-card", card: statusCard(S.statusOfficer) },
  { name: "status-card-extend", card: statusCard(S.statusOfficer), click: ["Extend"] },
  { name: "status-card-member", card: statusCard(S.statusMember) },
  { name: "roles-card", card: rolesCard(RS.rolesInChannel) },
  { name: "roles-card-only-officer", card: rolesCard(RS.rolesOnlyOfficer) },
  { name: "board-picker-card", card: boardPickerCard(RS.boardPicker) },
  { name: "launched-card", card: launchedCard(S.launchedWithUnreachable) },
  { name: "actions-card", card: actionsCard(AS.actionsWithCadence) },
  { name: "action-form-card", card: actionFormCard(AS.actionFormFromRound) },
  { name: "checkin-card", card: checkInCard(AS.checkInOpen) },
  { name: "progress-digest-card", card: progressCard(AS.progressDigest) },
];

/**
 * The digest and the review card of a round built from the dev set, through the same view builders
 * the bot uses (so they are what a chair and an officer see); the review card shows two of the five
 * themes, which keeps the picture readable.
 */
async function summaryShots(): Promise<Shot[]> {
  const summary = await devRoundSummary();
  const digest = fittedDigestCard(summary, {
    closedText: "Closed Friday 4 December 2026 at 5:00pm (UK time)",
    publishedByText: "Reviewed and published by Habib Patel on Tuesday 8 December 2026",
    reportUrl: "https://sounding-board.example.org/reports/rnd-2026-11-year-one?key=6f1c2a9e",
  });
  const review = fittedReviewCard({ ...summary, themes: summary.themes.slice(0, 2), votes: summary.votes.slice(0, 2), commitments: [], opportunities: [] }, {
    roundId: summary.roundId,
    boardId: S.BOARD_ID,
    revision: 1,
    state: "draft",
  });
  return [
    { name: "digest-card", card: digest },
    { name: "review-card", card: review },
  ];
}

const FONT = "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif";

/** Teams light theme, approximately: neutral greys, the Teams purple accent, tinted banners. */
function hostConfig(): object {
  const text = {
    default: { default: "#242424", subtle: "#616161" },
    dark: { default: "#242424", subtle: "#424242" },
    light: { default: "#FFFFFF", subtle: "#F5F5F5" },
    accent: { default: "#4F52B2", subtle: "#6264A7" },
    good: { default: "#0E700E", subtle: "#107C10" },
    warning: { default: "#835B00", subtle: "#8A6100" },
    attention: { default: "#C4314B", subtle: "#A4262C" },
  };
  const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors: text });
  return {
    supportsInteractivity: true,
    fontFamily: FONT,
    fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    lineHeights: { small: 16, default: 20, medium: 22, large: 28, extraLarge: 32 },
    spacing: { small: 4, default: 8, medium: 12, large: 20, extraLarge: 28, padding: 16 },
    separator: { lineThickness: 1, lineColor: "#E0E0E0" },
    containerStyles: {
      default: style("#FFFFFF"),
      emphasis: style("#F5F5F5"),
      accent: style("#EBEBF8"),
      good: style("#E7F4E4"),
      attention: style("#FDF3F4"),
      warning: style("#FFF9E6"),
    },
    actions: {
      maxActions: 6,
      spacing: "medium",
      buttonSpacing: 8,
      showCard: { actionMode: "inline", inlineTopMargin: 12, style: "emphasis" },
      actionsOrientation: "horizontal",
      actionAlignment: "left",
    },
    factSet: {
      title: { color: "default", size: "default", isSubtle: true, weight: "default", wrap: true, maxWidth: 120 },
      value: { color: "default", size: "default", isSubtle: false, weight: "default", wrap: true },
      spacing: 12,
    },
    inputs: {
      label: {
        inputSpacing: "small",
        requiredInputs: { weight: "bolder", suffix: " *", suffixColor: "attention" },
        optionalInputs: { weight: "bolder" },
      },
      errorMessage: { size: "small", color: "attention" },
    },
  };
}

const CSS = `
  html, body { margin: 0; background: #F5F5F5; font-family: ${FONT}; }
  #host { width: 480px; margin: 16px; background: #FFFFFF; border: 1px solid #E0E0E0; border-radius: 8px; overflow: hidden; }
  .ac-adaptiveCard { border-radius: 8px; }
  .ac-pushButton {
    font-family: ${FONT}; font-size: 14px; font-weight: 600; line-height: 20px;
    min-height: 32px; padding: 5px 12px; border-radius: 4px; cursor: pointer;
    background: #FFFFFF; color: #242424; border: 1px solid #D1D1D1;
    overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  }
  .ac-pushButton.style-positive { background: #5B5FC7; color: #FFFFFF; border-color: #5B5FC7; }
  .ac-pushButton.style-destructive { color: #C4314B; border-color: #D1D1D1; }
  .ac-pushButton.expanded { background: #EBEBF8; border-color: #5B5FC7; color: #4F52B2; }
  .ac-input { font-family: ${FONT}; font-size: 14px; color: #242424; box-sizing: border-box; }
  .ac-textInput, .ac-numberInput, .ac-dateInput, .ac-timeInput, .ac-choiceSetInput-compact {
    background: #FFFFFF; border: 1px solid #D1D1D1; border-bottom-color: #616161; border-radius: 4px;
    padding: 5px 10px; min-height: 32px;
  }
  .ac-choiceSetInput-compact { appearance: none; width: 100%; padding-right: 32px; background-repeat: no-repeat; background-position: right 10px center;
    background-image: url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='12' height='12' viewBox='0 0 12 12'%3E%3Cpath d='M2 4l4 4 4-4' fill='none' stroke='%23616161' stroke-width='1.5'/%3E%3C/svg%3E"); }
  .ac-textInput.ac-multiline { height: 76px; resize: none; line-height: 20px; }
  .ac-input-validation-failed { border-color: #C4314B !important; }
  .ac-toggleInput input, .ac-choiceSetInput-expanded input, .ac-choiceSetInput-multiSelect input { accent-color: #5B5FC7; width: 16px; height: 16px; margin: 2px 6px 0 0; }
  a.ac-anchor { color: #4F52B2; }
`;

function pageHtml(sdk: string, config: object): string {
  // The SDK bundle has no "</script" in it, but guard anyway so it cannot end the element early.
  const inlineSdk = sdk.replace(/<\/script/gi, "<\\/script");
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<style>${CSS}</style>
<script>${inlineSdk}</script>
</head>
<body>
<div id="host"></div>
<script>
  const hostConfig = new AdaptiveCards.HostConfig(${JSON.stringify(config)});
  // A small markdown subset, as Teams renders it in TextBlocks: **bold**, _italic_, line breaks.
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    result.outputHtml = escaped
      .replace(/\\*\\*(.+?)\\*\\*/g, "<strong>$1</strong>")
      .replace(/(^|\\s)_(.+?)_(?=\\s|$)/g, "$1<em>$2</em>")
      .replace(/\\n/g, "<br>");
    result.didProcess = true;
  };
  window.renderCard = (json) => {
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = hostConfig;
    card.onExecuteAction = () => {};
    card.parse(json);
    const rendered = card.render();
    const host = document.getElementById("host");
    host.replaceChildren(rendered);
    return card.renderedElement ? true : false;
  };
</script>
</body>
</html>`;
}

async function main(): Promise<void> {
  // `--only=a,b` renders just those shots (so adding a card doesn't rewrite every picture).
  const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
  const outDir = resolve(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? "docs/images");
  mkdirSync(outDir, { recursive: true });
  const require = createRequire(import.meta.url);
  const sdk = readFileSync(require.resolve("adaptivecards/dist/adaptivecards.min.js"), "utf8");

  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 560, height: 900 }, deviceScaleFactor: 2, colorScheme: "light", locale: "en-GB", timezoneId: "Europe/London" });
    // Nothing may leave the machine: refuse every request the page could make.
    await page.route("**/*", (route) => route.abort());
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.setContent(pageHtml(sdk, hostConfig()), { waitUntil: "load" });

    const shots = only ? SHOTS.filter((s) => only.includes(s.name)) : [...SHOTS, ...(await summaryShots())];
    for (const shot of shots) {
      const rendered = await page.evaluate((json) => (window as unknown as { renderCard(j: unknown): boolean }).renderCard(json), shot.card);
      if (!rendered) throw new Error(`the SDK rendered nothing for ${shot.name}`);
      for (const title of shot.click ?? []) {
        await page.locator("#host .ac-pushButton", { hasText: title }).first().click();
      }
      const file = resolve(outDir, `${shot.name}.png`);
      await page.locator("#host").screenshot({ path: file, animations: "disabled" });
      console.log(`wrote ${file}`);
    }
    if (pageErrors.length > 0) throw new Error(`errors in the page: ${pageErrors.join("; ")}`);
  } finally {
    await browser?.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
