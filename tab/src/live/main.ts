import { startPanel } from "./panel.ts";
import { startStage } from "./stage.ts";

/**
 * One script for the two meeting pages: tab/live.html (the side panel and the meeting chat tab) and
 * tab/stage.html (the meeting stage) say which they are with <body data-page>.
 */
if (document.body.dataset.page === "stage") void startStage();
else void startPanel();
