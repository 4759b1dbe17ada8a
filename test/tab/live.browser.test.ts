import { expect } from "chai";
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import type { RunningApp } from "../../bot/app.ts";
import type { LiveActivityDto } from "../../services/live/live.types.ts";
import { MEETING, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { startTestApp } from "../helpers/app.ts";
import { uniquePrefix } from "../helpers/azurite.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import { launchChromium } from "../helpers/browser.ts";
import { liveApi, seedMeeting } from "../helpers/live.ts";
import { expectAccessible, isolatedContext, screenshot } from "./page-checks.ts";
import { FAKE_HOST_URL, openInFakeTeams, PUBLIC_TAB_ORIGIN, type FakeHostOptions } from "./fake-teams-host.ts";

/**
 * The live workshop pages in headless Chromium against the real app on Azurite: a board's officer and
 * members in a Teams meeting (the bot added to its chat, the chat's roster on the fake connector).
 * Each person is a bot instance in local mode on the same storage acting as them, the way Teams SSO
 * would name them; the side panel and the stage run inside the stand-in Teams host (sidePanel and
 * meetingStage frames), and in a plain browser for the themes. `WRITE_SCREENSHOTS=1` also refreshes
 * docs/images/live-*.png.
 */

const OFFICER = USERS.officer;
const MEMBER = USERS.member;
const SECOND = USERS.fire;
const GUEST: TestUser = { id: "29:guest-lee", aadObjectId: "9e570000-0000-4000-8000-00000000a001", name: "Lee Visitor" };
/** Everyone whose name must never reach the stage. */
const PEOPLE = [OFFICER, MEMBER, SECOND, GUEST, USERS.chair];
const OPTIONS = ["Healthy weight", "Mental wellbeing", "Best start in life"];
const CARDS = ["More youth workers in schools", "Warm spaces in every library"];
const THEMES = ["default", "dark", "contrast"] as const;
/** Refusals the tests provoke on purpose show up as console errors for the failed request. */
/** The side panel's size in Teams. */
const PANEL = { width: 320, height: 1000 };
const EXPECTED_REFUSAL = /Failed to load resource: the server responded with a status of (400|409)/;

/**
 * Close a context whose pages are still polling: its route handlers may be mid-request, and one that
 * fails because the context went away must not surface as an unhandled error.
 */
async function closeQuietly(context: BrowserContext): Promise<void> {
  await context.unrouteAll({ behavior: "ignoreErrors" }).catch(() => undefined);
  await context.close().catch(() => undefined);
}

/** Teams' context for someone in the meeting, as the legacy fields teams-js turns into app.getContext(). */
const meetingContext = (user: TestUser, theme = "default") => ({
  locale: "en-GB",
  theme,
  chatId: MEETING.chatId,
  meetingId: MEETING.meetingId,
  userObjectId: user.aadObjectId,
  tid: "9b3c1f6e-2d4a-4c8e-9f10-5a6b7c8d9e01",
  hostClientType: "web",
});

/** The framed tab's own Frame (for evaluate and waitForFunction inside it). */
function tabFrame(page: Page, path: string): Frame {
  const frame = page.frames().find((f) => f.url().startsWith(`${PUBLIC_TAB_ORIGIN}${path}`));
  if (!frame) throw new Error(`no frame for ${path}`);
  return frame;
}

describe("live workshop pages in Chromium (side panel, stage, setup page)", function () {
  this.timeout(120_000);
  let browser: Browser;
  let board: TestBoard;
  const apps = new Map<string, RunningApp>();
  const contexts: BrowserContext[] = [];
  let vote: LiveActivityDto;
  let wall: LiveActivityDto;
  /** Open across tests, as people keep them open in a meeting. */
  let officerPanel: Awaited<ReturnType<typeof openPanel>>;
  let memberPanel: Awaited<ReturnType<typeof openPanel>>;

  const prefix = uniquePrefix();
  const env = { TABLES_PREFIX: prefix, OFFICER_AAD_IDS: OFFICER.aadObjectId, CHAIR_AAD_IDS: USERS.chair.aadObjectId };
  /** The app as this person sees it: a bot in local mode on the same storage, acting as them. */
  async function appFor(user: TestUser): Promise<RunningApp> {
    let app = apps.get(user.aadObjectId);
    if (!app) {
      app = await startTestApp(board.azurite, { ...env, DEV_USER_AAD_ID: user.aadObjectId });
      apps.set(user.aadObjectId, app);
    }
    return app;
  }

  async function inTeams(user: TestUser, options: Omit<FakeHostOptions, "serverUrl" | "token" | "context"> & { theme?: string }, viewport?: { width: number; height: number }) {
    const s = await isolatedContext(browser, [PUBLIC_TAB_ORIGIN, FAKE_HOST_URL], { viewport: viewport ?? PANEL, expectedConsole: EXPECTED_REFUSAL });
    contexts.push(s.context);
    const host = await openInFakeTeams(s.context, s.page, { ...options, serverUrl: (await appFor(user)).url, context: meetingContext(user, options.theme), token: "local-mode-ignores-it" });
    return { ...s, host, tab: host.frame };
  }
  const openPanel = (user: TestUser, viewport = { width: 320, height: 1100 }) => inTeams(user, { tabPath: "/tab/live", frameContext: "sidePanel" }, viewport);
  const openStage = (user: TestUser, activityId: string) => inTeams(user, { tabPath: `/tab/stage?live=${activityId}`, frameContext: "meetingStage" }, { width: 1280, height: 720 });

  /** A page in a plain browser against this person's local-mode app. */
  async function plain(user: TestUser, path: string, viewport?: { width: number; height: number }) {
    const app = await appFor(user);
    const s = await isolatedContext(browser, [app.url], { viewport: viewport ?? PANEL, expectedConsole: EXPECTED_REFUSAL });
    contexts.push(s.context);
    await s.page.goto(`${app.url}${path}`);
    return s;
  }

  async function expectNoNames(frame: Frame, what: string): Promise<void> {
    const text = await frame.evaluate(() => document.body.innerText);
    const html = await frame.evaluate(() => document.documentElement.outerHTML);
    for (const person of PEOPLE) {
      expect(text, `${what}: ${person.name}`).not.to.include(person.name);
      expect(html, `${what}: ${person.name}`).not.to.include(person.name);
      expect(html, `${what}: ${person.name}'s id`).not.to.include(person.aadObjectId);
    }
  }

  before(async () => {
    browser = await launchChromium();
    board = await startBoard({ users: [OFFICER, USERS.chair, MEMBER, SECOND], env: { ...env, DEV_USER_AAD_ID: OFFICER.aadObjectId } });
    apps.set(OFFICER.aadObjectId, board.app);
    await seedMeeting(board.app, board.connector, { participants: [OFFICER, MEMBER, SECOND], guests: [GUEST] });
  });
  after(async () => {
    for (const c of contexts) await closeQuietly(c);
    await browser?.close();
    for (const [aad, app] of apps) if (aad !== OFFICER.aadObjectId) await app.stop();
    await board?.stop();
  });

  it("the side panel: an officer starts a sticker vote (a refusal keeps the form and says why) and shares it to the stage", async () => {
    officerPanel = await openPanel(OFFICER);
    const { tab, host } = officerPanel;
    await tab.locator("[data-testid=start-form]").waitFor({ timeout: 20_000 });
    expect(await tab.locator("[data-field=for-board]").innerText()).to.equal(`For ${TEAM.name}`);
    expect(await tab.getByLabel("Stickers per person").inputValue()).to.equal("2");
    // Only one option: the server refuses, and its message is shown; nothing typed is lost.
    await tab.getByLabel("Title").fill("Where should the board focus next year?");
    await tab.getByLabel("Options, one per line").fill(OPTIONS[0]!);
    await tab.locator("[data-field=start]").click();
    await tab.locator("[data-field=form-error]").waitFor();
    expect(await tab.locator("[data-field=form-error]").innerText()).to.include("at least two options");
    expect(await tab.getByLabel("Title").inputValue()).to.equal("Where should the board focus next year?");
    await tab.getByLabel("Options, one per line").fill(OPTIONS.join("\n"));
    await tab.locator("[data-field=start]").click();
    await tab.locator("[data-testid=activity][data-status=open]").waitFor();
    const id = (await tab.locator("[data-testid=activity]").getAttribute("data-activity-id"))!;
    vote = (await liveApi(board.app, "GET", `/api/live/${id}`)).body as LiveActivityDto;
    expect(vote).to.deep.include({ kind: "vote", stickers: 2, stacking: false, status: "open" });
    expect(await tab.locator("[data-testid=sticker-options] .option-label").allInnerTexts()).to.deep.equal(OPTIONS);
    expect(await tab.locator("[data-field=stickers-left]").innerText()).to.equal("2 of 2 stickers left");

    // Share to stage: Teams is asked to share this activity's stage page, by its public address.
    await tab.locator("[data-field=share]").click();
    await tab.locator("[data-field=share-outcome]", { hasText: "Shared to the meeting stage." }).waitFor();
    const shared = (await host.messages()).filter((m) => m.func === "meeting.shareAppContentToStage");
    expect(shared).to.have.length(1);
    expect(shared[0]!.args[0]).to.equal(`${PUBLIC_TAB_ORIGIN}/tab/stage?live=${encodeURIComponent(id)}`);
    expect(officerPanel.external).to.deep.equal([]);
    expect(officerPanel.problems).to.deep.equal([]);
  });

  it("says so when Teams won't share to the stage", async () => {
    const s = await isolatedContext(browser, [PUBLIC_TAB_ORIGIN, FAKE_HOST_URL], { viewport: PANEL, expectedConsole: EXPECTED_REFUSAL });
    contexts.push(s.context);
    const host = await openInFakeTeams(s.context, s.page, {
      serverUrl: board.app.url,
      tabPath: "/tab/live",
      frameContext: "sidePanel",
      context: meetingContext(OFFICER),
      token: "unused",
      shareRefusal: { errorCode: 1000, message: "Sharing isn't available in this meeting." },
    });
    await host.frame.locator("[data-field=share]").click();
    await host.frame.locator("[data-field=share-outcome]", { hasText: "Couldn't share" }).waitFor();
    expect(await host.frame.locator("[data-field=share-outcome]").innerText()).to.equal("Couldn't share to the stage: Sharing isn't available in this meeting.");
    await closeQuietly(s.context);
  });

  it("a member places two stickers and sees Saved only once stored; a third is refused by the page, and by the server", async () => {
    memberPanel = await openPanel(MEMBER);
    const { tab, page } = memberPanel;
    await tab.locator("[data-testid=vote-form]").waitFor({ timeout: 20_000 });
    expect(await tab.locator("[data-testid=manage]").count(), "members don't get the officer's controls").to.equal(0);
    const option = (i: number) => tab.locator(`[data-testid=sticker-options] [data-option-id=o${i}]`);
    const count = (i: number) => option(i).locator("[data-field=count]").innerText();
    const left = () => tab.locator("[data-field=stickers-left]").innerText();

    await option(1).locator("[data-field=plus]").click();
    expect(await count(1)).to.equal("1 sticker");
    expect(await left()).to.equal("1 of 2 stickers left");
    // No stacking in this vote: a second sticker on the same option is refused, with the reason.
    expect(await option(1).locator("[data-field=plus]").getAttribute("aria-disabled")).to.equal("true");
    await option(1).locator("[data-field=plus]").click({ force: true });
    expect(await tab.locator("[data-field=save-error]").innerText()).to.equal("Only one sticker per option in this vote.");
    expect(await count(1)).to.equal("1 sticker");
    await option(2).locator("[data-field=plus]").click();
    expect(await left()).to.equal("0 of 2 stickers left");
    expect(await tab.locator("[data-field=save-status]").innerText()).to.equal("Not saved yet");

    await tab.locator("[data-field=save]").click();
    await tab.locator("[data-field=save-status][data-state=saved]").waitFor();
    expect(await tab.locator("[data-field=save-status]").innerText()).to.match(/^Saved at \d{1,2}:\d{2}(am|pm)$/);
    const stored = await liveApi(await appFor(MEMBER), "GET", `/api/live/${vote.id}`);
    expect(stored.body.mine.stickers).to.deep.equal({ o1: 1, o2: 1 });

    // A third sticker: the page won't place it…
    await option(3).locator("[data-field=plus]").click({ force: true });
    expect(await tab.locator("[data-field=save-error]").innerText()).to.match(/^You have no stickers left/);
    expect(await count(3)).to.equal("0 stickers");

    // …and the server refuses it too: a stale or tampered page sending three gets the server's reason, not "Saved".
    await option(2).locator("[data-field=minus]").click();
    await option(3).locator("[data-field=plus]").click();
    await page.route("**/api/live/*/mine", async (route) => {
      const url = route.request().url().replace(PUBLIC_TAB_ORIGIN, (await appFor(MEMBER)).url);
      const response = await route.fetch({ url, postData: JSON.stringify({ stickers: { o1: 1, o2: 1, o3: 1 } }) });
      await route.fulfill({ response });
    });
    await tab.locator("[data-field=save]").click();
    await tab.locator("[data-field=save-error]", { hasText: "you placed 3" }).waitFor();
    expect(await tab.locator("[data-field=save-error]").innerText()).to.include("You have 2 stickers; you placed 3.");
    expect(await tab.locator("[data-field=save-status]").innerText()).to.equal("Not saved");
    expect((await liveApi(await appFor(MEMBER), "GET", `/api/live/${vote.id}`)).body.mine.stickers).to.deep.equal({ o1: 1, o2: 1 });
    await page.unroute("**/api/live/*/mine");
    await tab.locator("[data-field=save]").click();
    await tab.locator("[data-field=save-status][data-state=saved]").waitFor();
    expect((await liveApi(await appFor(MEMBER), "GET", `/api/live/${vote.id}`)).body.mine.stickers).to.deep.equal({ o1: 1, o3: 1 });

    // The panel's own results follow.
    await tab.locator("[data-testid=live-bars] tr[data-option-id=o3][data-stickers='1']").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling in a 320px side panel").to.be.at.most(320);
    expect(await tabFrame(page, "/tab/live").evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(320);
    await screenshot(page, "live-side-panel.png");
    expect(memberPanel.problems).to.deep.equal([]);
  });

  it("the stage: bar counts update without a reload when someone else votes, with counts and percentages in words and no names", async () => {
    const stage = await openStage(SECOND, vote.id);
    await stage.tab.locator("[data-testid=live-bars]").waitFor({ timeout: 20_000 });
    const frame = tabFrame(stage.page, "/tab/stage");
    expect(await stage.tab.locator("h1").innerText()).to.equal("Where should the board focus next year?");
    await stage.tab.locator("[data-field=participants]", { hasText: "1 taking part" }).waitFor();
    const row = (i: number) => stage.tab.locator(`[data-testid=live-bars] tr[data-option-id=o${i}]`);
    expect(await row(1).locator("[data-field=count]").innerText()).to.equal("1 sticker");
    expect(await row(1).locator("[data-field=percent]").innerText()).to.equal("50%");
    await frame.evaluate(() => ((window as unknown as { stillThisPage: boolean }).stillThisPage = true));
    // While nothing changes, each poll carries the last ETag and costs a 304.
    const unchanged = await stage.page.waitForResponse((r) => r.url().includes(`/api/live/${vote.id}/results`) && r.status() === 304);
    expect(await unchanged.request().headerValue("if-none-match")).to.match(/^".+"$/);

    // Someone else places two stickers (on their own panel's API): the stage shows it at its next poll.
    const placed = await liveApi(await appFor(SECOND), "PUT", `/api/live/${vote.id}/mine`, { stickers: { o1: 1, o2: 1 } });
    expect(placed.status).to.equal(200);
    await stage.tab.locator("[data-testid=live-bars] tr[data-option-id=o1][data-stickers='2']").waitFor();
    await stage.tab.locator("[data-field=participants]", { hasText: "2 taking part" }).waitFor();
    expect(await row(1).locator("[data-field=count]").innerText()).to.equal("2 stickers");
    expect(await row(1).locator("[data-field=percent]").innerText()).to.equal("50%");
    expect(await row(2).locator("[data-field=count]").innerText()).to.equal("1 sticker");
    expect(await stage.tab.locator("[data-testid=live-bars] caption").innerText()).to.equal("4 stickers placed");
    expect(await frame.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage), "updated without reloading").to.equal(true);
    // The bars are drawn to scale (the leader fills its track), and every number is also text.
    const widths = await stage.tab.locator("[data-testid=live-bars] .bar-fill").evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width));
    expect(widths[1]! / widths[0]!).to.be.closeTo(0.5, 0.02);
    expect(await stage.tab.locator("[data-field=updated]").innerText()).to.match(/^Updated \d/);
    await expectNoNames(frame, "the vote's stage");
    await screenshot(stage.page, "live-stage-vote.png");
    expect(stage.external).to.deep.equal([]);
    expect(stage.problems).to.deep.equal([]);
    await closeQuietly(stage.context);
  });

  it("the side panel and the stage pass axe in light, dark and high contrast (plain browser, local mode)", async () => {
    for (const theme of THEMES) {
      const panel = await plain(MEMBER, `/tab/live?chat=${encodeURIComponent(MEETING.chatId)}&theme=${theme}`);
      await panel.page.locator("[data-testid=vote-form]").waitFor({ timeout: 20_000 });
      await panel.page.locator("[data-testid=live-bars]").waitFor();
      expect(await panel.page.locator("html").getAttribute("data-theme")).to.equal(theme);
      await expectAccessible(panel.page, `the member's side panel (${theme})`);
      const officer = await plain(OFFICER, `/tab/live?chat=${encodeURIComponent(MEETING.chatId)}&theme=${theme}`);
      await officer.page.locator("[data-testid=manage]").waitFor({ timeout: 20_000 });
      await officer.page.locator("[data-testid=live-bars]").waitFor();
      // Outside Teams there is no stage to share to: a link to the stage page instead.
      expect(await officer.page.locator("[data-field=stage-link]").getAttribute("href")).to.equal(vote.stagePath);
      await officer.page.locator("[data-field=end]").click();
      await officer.page.locator("[data-field=confirm-end]").waitFor();
      await expectAccessible(officer.page, `the officer's side panel, asked to confirm the end (${theme})`);
      const stage = await plain(SECOND, `/tab/stage?live=${encodeURIComponent(vote.id)}&theme=${theme}`, { width: 1280, height: 720 });
      await stage.page.locator("[data-testid=live-bars]").waitFor({ timeout: 20_000 });
      await expectAccessible(stage.page, `the stage (${theme})`);
      for (const s of [panel, officer, stage]) {
        expect(s.external).to.deep.equal([]);
        expect(s.problems).to.deep.equal([]);
        await closeQuietly(s.context);
      }
    }
    const form = await plain(OFFICER, `/tab/live?chat=${encodeURIComponent("19:meeting_none@thread.v2")}`);
    await form.page.waitForSelector("body[data-state=error]");
    expect(await form.page.locator("main").innerText()).to.match(/Not available to you/).and.match(/isn't in this meeting yet/);
  });

  it("End activity (after a confirmation) ends it: the panel says its results are now a round of the board, the stage shows final results", async () => {
    const stage = await openStage(MEMBER, vote.id);
    await stage.tab.locator("[data-testid=live-bars]").waitFor({ timeout: 20_000 });
    const { tab } = officerPanel;
    await tab.locator("[data-field=end]").click();
    await tab.locator("[data-field=keep-open]").click();
    expect(await tab.locator("[data-testid=activity]").getAttribute("data-status")).to.equal("open");
    await tab.locator("[data-field=end]").click();
    await tab.locator("[data-field=confirm-end]").click();
    await tab.locator("[data-field=ended]").waitFor();
    expect(await tab.locator("[data-field=ended] strong").innerText()).to.equal(`Ended — the results are now a round of ${TEAM.name}.`);
    const ended = (await liveApi(board.app, "GET", `/api/live/${vote.id}`)).body as LiveActivityDto;
    expect(ended.status).to.equal("ended");
    expect(ended.roundId).to.be.a("string");
    expect(await tab.locator("[data-field=round-link]").getAttribute("href")).to.equal(`/tab/#/b/${encodeURIComponent(TEAM.id)}/r/${encodeURIComponent(ended.roundId!)}`);
    expect(await tab.locator("[data-testid=vote-form]").count()).to.equal(0);

    // Everyone else's views follow by themselves.
    await stage.tab.locator("[data-field=ended]").waitFor();
    expect(await stage.tab.locator("[data-field=status]").innerText()).to.equal("Ended");
    expect(await stage.tab.locator("[data-field=updated]").innerText()).to.match(/^Final results · Updated/);
    expect(await stage.tab.locator("[data-testid=live-bars] tr[data-option-id=o1]").getAttribute("data-stickers")).to.equal("2");
    await memberPanel.tab.locator("[data-testid=activity][data-status=ended] [data-field=ended]").waitFor();
    expect(await memberPanel.tab.locator("[data-field=round-link]").count(), "the round link is for officers").to.equal(0);
    await closeQuietly(stage.context);
  });

  it("the wall: cards posted in the side panel (a guest's too) show on the stage as clusters with counts, and never a name", async () => {
    const { tab } = officerPanel;
    await tab.locator("[data-field=start-another]").click();
    await tab.getByLabel(/Wall of ideas/).check();
    expect(await tab.getByLabel("Options, one per line").isVisible()).to.equal(false);
    await tab.getByLabel("Title").fill("The next twelve months");
    await tab.getByLabel("Question or prompt").fill("What should partners plan in the next 12 months, and why?");
    await tab.getByLabel(/Let guests take part/).check();
    await tab.locator("[data-field=start]").click();
    await tab.locator("[data-testid=activity][data-kind=wall][data-status=open]").waitFor();
    wall = (await liveApi(board.app, "GET", `/api/live/${(await tab.locator("[data-testid=activity]").getAttribute("data-activity-id"))!}`)).body as LiveActivityDto;
    expect(await tab.locator("[data-testid=earlier] li").count(), "the ended vote is listed").to.equal(1);

    // The member's open panel moves on to the new activity by itself.
    const m = memberPanel.tab;
    await m.locator("[data-testid=wall-form]").waitFor();
    for (const [i, card] of CARDS.entries()) {
      await m.getByLabel(/^Add a card/).fill(card);
      await m.locator("[data-field=add-card]").click();
      await m.locator("[data-testid=my-cards] li").nth(i).waitFor();
      await m.locator("[data-field=save-status][data-state=saved]").waitFor();
    }
    expect(await m.locator("[data-testid=my-cards] [data-field=card-text]").allInnerTexts()).to.deep.equal(CARDS);
    expect(await m.locator("[data-field=cards-left]").innerText()).to.equal(`2 of ${wall.postsPerPerson} cards posted.`);
    // Edit one and put it back: the list is what the server stored.
    await m.locator("[data-testid=my-cards] li").nth(1).locator("[data-field=edit]").click();
    await m.getByLabel("Edit card 2").fill(`${CARDS[1]} and leisure centre`);
    await m.locator("[data-field=save-edit]").click();
    await m.locator("[data-testid=my-cards] [data-field=card-text]", { hasText: "leisure centre" }).waitFor();
    await m.locator("[data-testid=my-cards] li").nth(1).locator("[data-field=edit]").click();
    await m.getByLabel("Edit card 2").fill(CARDS[1]!);
    await m.locator("[data-field=save-edit]").click();
    await m.locator("[data-testid=my-cards] [data-field=card-text]", { hasText: new RegExp(`^${CARDS[1]}$`) }).waitFor();
    expect((await liveApi(await appFor(MEMBER), "GET", `/api/live/${wall.id}`)).body.mine.posts).to.deep.equal(CARDS);

    // A guest: told they take part as a guest, counted and not named.
    const guest = await openPanel(GUEST);
    await guest.tab.locator("[data-testid=wall-form]").waitFor({ timeout: 20_000 });
    expect(await guest.tab.locator("[data-field=guest]").innerText()).to.equal("You're taking part as a guest: you're counted, never named.");
    await guest.tab.getByLabel(/^Add a card/).fill("Joint youth work with the voluntary sector");
    await guest.tab.locator("[data-field=add-card]").click();
    await guest.tab.locator("[data-field=save-status][data-state=saved]").waitFor();

    const stage = await openStage(OFFICER, wall.id);
    await stage.tab.locator("[data-testid=live-clusters]").waitFor({ timeout: 20_000 });
    const frame = tabFrame(stage.page, "/tab/stage");
    await stage.tab.locator("[data-field=participants]", { hasText: "2 taking part (1 guest)" }).waitFor();
    await stage.tab.locator("[data-field=contributions]", { hasText: /^3 cards in/ }).waitFor();
    const clusters = await stage.tab.locator("[data-testid=live-clusters] > li").evaluateAll((lis) =>
      lis.map((li) => ({ people: Number(li.getAttribute("data-people")), cards: Number(li.getAttribute("data-cards")), text: (li as HTMLElement).innerText })),
    );
    expect(clusters.reduce((n, c) => n + c.cards, 0)).to.equal(3);
    expect(clusters.map((c) => c.people), "largest first").to.deep.equal([...clusters.map((c) => c.people)].sort((a, b) => b - a));
    for (const c of clusters) expect(c.text).to.match(new RegExp(`${c.people} (person|people) · ${c.cards} cards?`));
    const shown = await stage.tab.locator("[data-testid=live-clusters] blockquote").allInnerTexts();
    for (const card of CARDS) expect(shown).to.include(card);
    expect(await stage.tab.locator("[data-field=prompt]").innerText()).to.equal("What should partners plan in the next 12 months, and why?");
    await expectNoNames(frame, "the wall's stage");
    await screenshot(stage.page, "live-stage-wall.png");

    // A card added now appears without a reload.
    await frame.evaluate(() => ((window as unknown as { stillThisPage: boolean }).stillThisPage = true));
    await m.getByLabel(/^Add a card/).fill("Smoking cessation in every GP practice");
    await m.locator("[data-field=add-card]").click();
    await stage.tab.locator("[data-field=contributions]", { hasText: /^4 cards in/ }).waitFor();
    expect(await frame.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).to.equal(true);
    await expectNoNames(frame, "the wall's stage, updated");
    for (const s of [guest, stage]) {
      expect(s.external).to.deep.equal([]);
      expect(s.problems).to.deep.equal([]);
    }

    for (const theme of THEMES) {
      const plainStage = await plain(SECOND, `/tab/stage?live=${encodeURIComponent(wall.id)}&theme=${theme}`, { width: 1280, height: 720 });
      await plainStage.page.locator("[data-testid=live-clusters]").waitFor({ timeout: 20_000 });
      await expectAccessible(plainStage.page, `the wall's stage (${theme})`);
      const panel = await plain(MEMBER, `/tab/live?chat=${encodeURIComponent(MEETING.chatId)}&theme=${theme}`);
      await panel.page.locator("[data-testid=wall-form]").waitFor({ timeout: 20_000 });
      await panel.page.locator("[data-testid=my-cards] li").first().locator("[data-field=edit]").click();
      await expectAccessible(panel.page, `the wall in the side panel, editing a card (${theme})`);
      await closeQuietly(plainStage.context);
      await closeQuietly(panel.context);
    }
  });

  it("the meeting chat's tab (content frame): take part there too; sharing to the stage is from the side panel", async () => {
    const chatTab = await inTeams(OFFICER, { tabPath: "/tab/live", frameContext: "content" }, { width: 800, height: 900 });
    await chatTab.tab.locator("[data-testid=wall-form]").waitFor({ timeout: 20_000 });
    expect(await chatTab.tab.locator("[data-field=share]").count()).to.equal(0);
    expect(await chatTab.tab.locator("[data-field=share-hint]").innerText()).to.match(/open Sounding Board in the meeting's side panel/);
    expect(await chatTab.tab.locator("[data-field=end]").isVisible()).to.equal(true);
    expect(chatTab.problems).to.deep.equal([]);
    await closeQuietly(chatTab.context);
  });

  it("a quick question: the wall ends, the officer asks one, a member answers (with a character counter) and the stage groups the answers", async () => {
    const { tab } = officerPanel;
    await tab.locator("[data-field=end]").click();
    await tab.locator("[data-field=confirm-end]").click();
    await tab.locator("[data-testid=activity][data-kind=wall][data-status=ended]").waitFor();
    await tab.locator("[data-field=start-another]").click();
    await tab.getByLabel(/Quick question/).check();
    await tab.getByLabel("Title").fill("One word check-in");
    await tab.getByLabel("Question or prompt").fill("What is the biggest barrier to joint working?");
    await tab.getByLabel("Board theme").fill("Partnership working");
    await tab.locator("[data-field=start]").click();
    await tab.locator("[data-testid=activity][data-kind=question][data-status=open]").waitFor();
    expect(await tab.locator("[data-field=theme]").innerText()).to.equal("Theme: Partnership working");
    expect(await tab.locator("[data-testid=earlier] li").count(), "the vote and the wall").to.equal(2);
    const question = (await liveApi(board.app, "GET", `/api/live/${(await tab.locator("[data-testid=activity]").getAttribute("data-activity-id"))!}`)).body as LiveActivityDto;

    const m = memberPanel.tab;
    await m.locator("[data-testid=answer-form]").waitFor();
    const box = m.getByLabel("Your answer to: What is the biggest barrier to joint working?");
    expect(await box.getAttribute("maxlength")).to.equal(String(question.maxChars));
    await box.fill("Budgets that don't line up");
    expect(await m.locator("[data-field=char-count]").innerText()).to.equal(`26 of ${question.maxChars} characters`);
    expect(await m.locator("[data-field=save-status]").innerText()).to.equal("Not saved yet");
    await m.locator("[data-field=save]").click();
    await m.locator("[data-field=save-status][data-state=saved]").waitFor();
    expect((await liveApi(await appFor(MEMBER), "GET", `/api/live/${question.id}`)).body.mine.answer).to.equal("Budgets that don't line up");

    const stage = await openStage(SECOND, question.id);
    await stage.tab.locator("[data-testid=live-clusters] > li").first().waitFor({ timeout: 20_000 });
    expect(await stage.tab.locator("[data-field=contributions]").innerText()).to.match(/^1 answer in 1 group$/);
    expect(await stage.tab.locator("[data-testid=live-clusters] blockquote").allInnerTexts()).to.deep.equal(["Budgets that don't line up"]);
    await expectNoNames(tabFrame(stage.page, "/tab/stage"), "the question's stage");
    expect(stage.problems).to.deep.equal([]);
    await closeQuietly(stage.context);
    for (const theme of THEMES) {
      const panel = await plain(MEMBER, `/tab/live?chat=${encodeURIComponent(MEETING.chatId)}&theme=${theme}`);
      await panel.page.locator("[data-testid=answer-form]").waitFor({ timeout: 20_000 });
      await panel.page.locator("[data-testid=live-clusters]").waitFor();
      await expectAccessible(panel.page, `the quick question in the side panel (${theme})`);
      expect(panel.problems).to.deep.equal([]);
      await closeQuietly(panel.context);
    }
  });

  it("the setup page: in a meeting it saves the workshop page; in a team's channel, the dashboard as before", async () => {
    const s = await isolatedContext(browser, [PUBLIC_TAB_ORIGIN, FAKE_HOST_URL], { viewport: { width: 800, height: 600 }, expectedConsole: EXPECTED_REFUSAL });
    contexts.push(s.context);
    const saved = async (host: Awaited<ReturnType<typeof openInFakeTeams>>) => {
      await host.frame.locator("body[data-state=ready]").waitFor({ timeout: 20_000 });
      expect((await host.messages()).find((m) => m.func === "settings.setValidityState")?.args).to.deep.equal([true]);
      await host.send("settings.save", [{}]);
      await s.page.waitForFunction(() => (window as unknown as { __messages: Array<{ func: string }> }).__messages.some((m) => m.func === "settings.save.success"));
      return (await host.messages()).find((m) => m.func === "settings.setSettings")?.args[0];
    };
    const inMeeting = await openInFakeTeams(s.context, s.page, { serverUrl: board.app.url, tabPath: "/tab/config", frameContext: "settings", context: meetingContext(OFFICER), token: "unused" });
    expect(await saved(inMeeting)).to.deep.include({ entityId: "sounding-board-live", contentUrl: `${PUBLIC_TAB_ORIGIN}/tab/live`, suggestedDisplayName: "Sounding Board workshop" });
    expect(await inMeeting.frame.locator("h1").innerText()).to.equal("Sounding Board workshop");

    const page2 = await s.context.newPage();
    const inChannel = await openInFakeTeams(s.context, page2, {
      serverUrl: board.app.url,
      tabPath: "/tab/config",
      frameContext: "settings",
      context: { locale: "en-GB", theme: "default", teamId: TEAM.id, teamName: TEAM.name, channelId: TEAM.id, userObjectId: OFFICER.aadObjectId, hostClientType: "web" },
      token: "unused",
    });
    await inChannel.frame.locator("body[data-state=ready]").waitFor({ timeout: 20_000 });
    await inChannel.send("settings.save", [{}]);
    await page2.waitForFunction(() => (window as unknown as { __messages: Array<{ func: string }> }).__messages.some((m) => m.func === "settings.save.success"));
    expect((await inChannel.messages()).find((m) => m.func === "settings.setSettings")?.args[0]).to.deep.include({ entityId: "sounding-board-dashboard", contentUrl: `${PUBLIC_TAB_ORIGIN}/tab/?scope=team` });
    expect(s.problems).to.deep.equal([]);
  });

  it("serves the pages with the dashboard's headers: its own script and styles only, framed only by Teams", async () => {
    for (const path of ["/tab/live", "/tab/stage", "/tab/live.js", "/tab/live.css"]) {
      const res = await fetch(`${board.app.url}${path}`);
      expect(res.status, path).to.equal(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).to.include("script-src 'self'").and.include("style-src 'self'").and.match(/frame-ancestors [^;]*https:\/\/teams\.microsoft\.com/);
      const text = await res.text();
      if (path.endsWith("live") || path.endsWith("stage")) {
        expect(text, path).not.to.match(/https?:\/\//);
        expect(text, path).not.to.match(/<script(?![^>]*\bsrc=)/); // no inline script
        expect(text, path).not.to.match(/\sstyle=|<style/); // no inline style
      }
    }
    const js = await (await fetch(`${board.app.url}/tab/live.js`)).text();
    expect(js).not.to.include("res.cdn.office.net/teams-js/validDomains");
  });
});
