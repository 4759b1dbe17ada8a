import { expect } from "chai";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { TableStorage } from "../../services/storage/table-storage.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { launchChromium, npmChromiumRunsHere } from "../helpers/browser.ts";
import { expectAccessible, isolatedContext, screenshot } from "./page-checks.ts";
import { FAKE_HOST_URL, openInFakeTeams, PUBLIC_TAB_ORIGIN } from "./fake-teams-host.ts";
import { ACTIONS, BOARD_A, BOARD_B, MEMBERS, NOW, OFFICER, ROUNDS, seed, startTabServer, TENANT, type TabServer } from "./fixtures.ts";
import { LocalIssuer, teamsClaims } from "./sso-keys.ts";

/**
 * The dashboard tab in headless Chromium against a real server on seeded Azurite: the rounds list,
 * a round's charts and numbers, members' view, themes, and the tab embedded in a stand-in Teams host
 * with an SSO token, and the action tracker. `WRITE_SCREENSHOTS=1 npm test` also refreshes docs/images/tab-*.png.
 */

const MEMBER = MEMBERS[1];

const ready = (page: Page) => page.waitForSelector("body[data-state=ready]", { timeout: 20_000 });

describe("dashboard tab in Chromium", function () {
  this.timeout(120_000);
  let azurite: TestAzurite;
  let storage: TableStorage;
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
    azurite = await TestAzurite.start();
    storage = await azurite.freshStorage();
    await seed(storage);
  });
  after(async () => {
    await browser?.close();
    await azurite?.stop();
  });

  describe("in a plain browser, local mode (as the dev user)", () => {
    let officerServer: TabServer;
    let memberServer: TabServer;
    let context: BrowserContext | undefined;

    before(async () => {
      officerServer = await startTabServer(storage, { DEV_USER_AAD_ID: OFFICER.aadObjectId });
      memberServer = await startTabServer(storage, { DEV_USER_AAD_ID: MEMBER.aadObjectId });
    });
    after(async () => {
      await officerServer?.close();
      await memberServer?.close();
    });
    afterEach(async () => {
      await context?.close();
      context = undefined;
    });

    it("says it is outside Teams, and lists the board's rounds with status, UK deadline and response rate", async () => {
      const s = await isolatedContext(browser, [officerServer.url]);
      context = s.context;
      const { page } = s;
      await page.goto(`${officerServer.url}/tab/`);
      await ready(page);
      expect(await page.locator("#banner").innerText()).to.match(/Open this tab in Microsoft Teams/).and.match(/local mode/);
      expect(await page.locator("html").getAttribute("data-theme")).to.equal("default");

      // Two boards for an officer: pick one.
      const boards = page.locator(".board-list a");
      expect(await boards.allInnerTexts()).to.deep.equal([BOARD_A.name, BOARD_B.name]);
      await boards.first().click();
      await page.waitForSelector("[data-testid=rounds]");
      await ready(page);
      expect(await page.locator("h1").innerText()).to.equal(BOARD_A.name);

      const rows = page.locator("[data-testid=rounds] tbody tr");
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-round-id")))).to.deep.equal([ROUNDS.bcf, ROUNDS.strategy, ROUNDS.priorities, ROUNDS.pharmacy]);
      const row = (id: string) => page.locator(`tr[data-round-id="${id}"]`);
      const field = (id: string, name: string) => row(id).locator(`[data-field=${name}]`).innerText();

      expect(await field(ROUNDS.bcf, "status")).to.equal("Open");
      expect(await field(ROUNDS.bcf, "deadline")).to.equal("Friday 3 July 2026 at 5:00pm"); // 16:00Z in BST
      expect(await row(ROUNDS.bcf).innerText()).to.include("UK time · 2 days left");
      expect(await field(ROUNDS.bcf, "response")).to.equal("2 of 6 (33%)");
      expect(await row(ROUNDS.bcf).locator(".meter-fill").getAttribute("data-percent")).to.equal("33");

      expect(await field(ROUNDS.strategy, "response")).to.equal("4 of 5 (80%)");
      expect(await row(ROUNDS.strategy).innerText()).to.include("anonymous").and.include("Draft summary");
      expect(await field(ROUNDS.priorities, "status")).to.equal("Closed");
      expect(await field(ROUNDS.priorities, "deadline")).to.equal("Friday 12 June 2026 at 5:00pm");
      expect(await field(ROUNDS.priorities, "response")).to.equal("5 of 6 (83%)");
      expect(await row(ROUNDS.priorities).innerText()).to.include("Summary published");
      expect(await field(ROUNDS.pharmacy, "status")).to.equal("Cancelled");

      // The meter is drawn to scale: 83% of its track.
      const track = await row(ROUNDS.priorities).locator(".meter").boundingBox();
      const fill = await row(ROUNDS.priorities).locator(".meter-fill").boundingBox();
      expect(fill!.width / track!.width).to.be.closeTo(0.83, 0.03);

      await expectAccessible(page, "the rounds list");
      await screenshot(page, "tab-rounds.png");
      expect(s.external, "requests that left the server").to.deep.equal([]);
      expect(s.problems).to.deep.equal([]);
    });

    it("works the same in the Chromium from npm, which a machine with no browser uses", async function () {
      // The other tests use the system's Chromium when there is one: this one always checks the fallback.
      if (!npmChromiumRunsHere) this.skip();
      const npmBrowser = await launchChromium({}, "npm");
      try {
        const s = await isolatedContext(npmBrowser, [officerServer.url]);
        const { page } = s;
        await page.goto(`${officerServer.url}/tab/#/b/${encodeURIComponent(BOARD_A.id)}/r/${ROUNDS.priorities}`);
        await page.waitForSelector("[data-testid=vote-chart]");
        await ready(page);
        expect(await page.locator("[data-field=response-text]").innerText()).to.equal("5 of 6 members responded (83%)");
        const barWidths = await page.locator("[data-testid=vote-chart] .bar-fill").evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width));
        expect(barWidths[1]! / barWidths[0]!).to.be.closeTo(0.8, 0.02);
        // Text has a font (the package's own when the machine has none).
        expect(await page.locator("h1").evaluate((el) => el.getBoundingClientRect().width)).to.be.greaterThan(100);
        await expectAccessible(page, "the round page in the npm Chromium");
        expect(s.external).to.deep.equal([]);
        expect(s.problems).to.deep.equal([]);
      } finally {
        await npmBrowser.close();
      }
    });

    it("draws a round: response progress, the vote as bars, the commitment heat map, themes, opportunities, downloads", async () => {
      const s = await isolatedContext(browser, [officerServer.url]);
      context = s.context;
      const { page } = s;
      await page.goto(`${officerServer.url}/tab/#/b/${encodeURIComponent(BOARD_A.id)}`);
      await page.waitForSelector("[data-testid=rounds]");
      await page.locator(`tr[data-round-id="${ROUNDS.priorities}"] a`).click();
      await page.waitForSelector("[data-testid=progress]");
      await ready(page);

      expect(await page.locator("h1").innerText()).to.equal("Priorities and commitments 2026/27");
      // Progress: the number, and a bar whose segments are the counts.
      expect(await page.locator("[data-field=response-percent]").innerText()).to.equal("83%");
      expect(await page.locator("[data-field=response-text]").innerText()).to.equal("5 of 6 members responded (83%)");
      const legend = await page.locator(".legend-table tr").evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, " ").trim()));
      expect(legend).to.deep.equal(["Answered 5", "Not answered yet 1", "Prompt not sent yet 0", "Couldn't reach 0", "Invited 6"]);
      const answered = await page.locator("svg.progress-bar rect[data-segment=answered]").boundingBox();
      const whole = await page.locator("svg.progress-bar").boundingBox();
      expect(answered!.width / whole!.width).to.be.closeTo(5 / 6, 0.02);

      expect(await page.locator("[data-field=stage]").innerText()).to.match(/^Published Monday 15 June 2026 at 9:30am \(UK time\) by Habib Patel/);

      // The vote: ranked bars, values written out, lengths to scale.
      const votes = page.locator("[data-testid=vote-chart] tbody tr");
      const voteRows = await votes.evaluateAll((trs) =>
        trs.map((tr) => [
          tr.querySelector(".rank")!.textContent,
          tr.querySelector(".vote-label")!.textContent,
          tr.querySelector(".vote-count")!.textContent,
          tr.querySelector(".vote-detail")!.textContent,
        ]),
      );
      expect(voteRows).to.deep.equal([
        ["1", "Best start in life", "5 votes", "from 3 members · 50%"],
        ["2", "Mental wellbeing", "4 votes", "from 3 members · 40%"],
        ["3", "Healthy ageing", "1 vote", "from 1 member · 10%"],
        ["4", "Healthy weight", "0 votes", "from 0 members · 0%"],
      ]);
      const barWidths = await votes.locator(".bar-fill").evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width));
      expect(barWidths[1]! / barWidths[0]!).to.be.closeTo(0.8, 0.02);
      expect(barWidths[2]! / barWidths[0]!).to.be.closeTo(0.2, 0.02);
      expect(barWidths[3]).to.equal(0);
      expect(await page.locator("[data-testid=vote-chart] caption").innerText()).to.include("10 votes in all");

      // The commitment matrix: one labelled cell per intervention × organisation, coloured by level.
      const cell = (intervention: string, org: string) => page.locator(`tr[data-intervention-id=${intervention}] td[data-org="${org}"]`);
      expect(await cell("i1", "Lancashire County Council").innerText()).to.equal("Lead");
      expect(await cell("i1", "NHS Lancashire & South Cumbria ICB").innerText()).to.equal("Contribute");
      expect(await cell("i1", "Lancaster City Council").innerText()).to.equal("Support");
      expect(await cell("i2", "NHS Lancashire & South Cumbria ICB").getAttribute("data-level")).to.equal("lead");
      expect(await cell("i3", "Lancaster City Council").innerText()).to.equal("Unable");
      expect(await cell("i3", "Lancashire Fire & Rescue").innerText()).to.equal("Consult");
      expect(await cell("i1", "Lancashire Constabulary").getAttribute("data-level")).to.equal("");
      expect(await page.locator("tr[data-intervention-id=i3] .lead-no").innerText()).to.equal("No lead yet");
      const heat = await Promise.all(
        [cell("i1", "Lancashire County Council"), cell("i1", "Lancaster City Council"), cell("i3", "Lancaster City Council")].map((c) =>
          c.evaluate((el) => getComputedStyle(el).backgroundColor),
        ),
      );
      expect(new Set(heat).size, "lead, support and unable cells are different colours").to.equal(3);
      expect(await page.locator("[data-testid=commitment-matrix] thead th").allInnerTexts()).to.deep.equal([
        "Intervention",
        "Lancashire Constabulary",
        "Lancashire County Council",
        "Lancashire Fire & Rescue",
        "Lancaster City Council",
        "NHS Lancashire & South Cumbria ICB",
        "Lead?",
      ]);

      // Collaboration opportunities and the unled intervention.
      const opportunities = await page.locator("[data-testid=opportunities] .opportunity strong").allInnerTexts();
      expect(opportunities).to.include("Whole-system healthy weight programme").and.include("Best start in life");
      expect(await page.locator("[data-testid=opportunities] .unled").innerText()).to.include("Shared population health data hub");

      // Themes with quantifiers.
      const role = page.locator('[data-theme-name="Role of the Board"]');
      expect(await role.locator("h3").innerText()).to.include("4 members answered");
      const first = role.locator(".points:not(.recs) .point").first();
      expect(await first.locator("[data-field=quantifier]").innerText()).to.equal("All members");
      expect(await first.locator(".statement").innerText()).to.match(/^Board members agreed [a-z]/);
      expect(await first.locator(".supporters").innerText()).to.equal("4 of 4 members");
      expect(await role.locator(".recs .statement").first().innerText()).to.match(/^One member (?:said|called for) [a-z]/);

      // Downloads: signed links that work.
      const links = page.locator("[data-testid=downloads] a.button");
      expect(await links.allInnerTexts()).to.deep.equal(["Printable report", "Board report (PDF)", "Summary (CSV)", "Answers (CSV)"]);
      const csv = await page.request.get((await links.nth(2).getAttribute("href"))!);
      expect(csv.status()).to.equal(200);
      expect(csv.headers()["content-type"]).to.match(/^text\/csv/);

      await expectAccessible(page, "the round page");
      await screenshot(page, "tab-dashboard.png");
      expect(s.external, "requests that left the server").to.deep.equal([]);
      expect(s.problems).to.deep.equal([]);
    });

    it("shows a member only published results, and refuses a board they aren't on", async () => {
      const s = await isolatedContext(browser, [memberServer.url]);
      context = s.context;
      const { page } = s;
      await page.goto(`${memberServer.url}/tab/`);
      // One board: straight to its rounds.
      await page.waitForSelector("[data-testid=rounds]");
      await ready(page);
      expect(await page.locator(`tr[data-round-id="${ROUNDS.bcf}"] .you`).innerText()).to.equal("You answered");
      expect(await page.locator(`tr[data-round-id="${ROUNDS.strategy}"]`).innerText()).not.to.include("Draft summary");

      await page.locator(`tr[data-round-id="${ROUNDS.strategy}"] a`).click();
      await page.waitForSelector("[data-field=summary-note]");
      expect(await page.locator("[data-field=summary-note]").innerText()).to.match(/Officers are reviewing the summary/);
      expect(await page.locator("[data-testid=downloads]").count()).to.equal(0);
      expect(await page.locator("[data-testid=themes]").count()).to.equal(0);

      await page.goBack();
      await page.locator(`tr[data-round-id="${ROUNDS.priorities}"] a`).click();
      await page.waitForSelector("[data-testid=vote-chart]");
      expect(await page.locator("[data-testid=vote-chart] tbody tr").count()).to.equal(4);
      expect(await page.locator("[data-testid=downloads]").count()).to.equal(0);

      await page.goto(`${memberServer.url}/tab/#/b/${encodeURIComponent(BOARD_B.id)}`);
      await page.waitForSelector("body[data-state=error]");
      expect(await page.locator("main").innerText()).to.match(/Not available to you/).and.match(/can't see this board/);
      expect(s.external).to.deep.equal([]);
    });

    it("the action tracker: status in words, filters by organisation and intervention, each action's history, and the round page's links", async () => {
      const s = await isolatedContext(browser, [officerServer.url]);
      context = s.context;
      const { page } = s;
      await page.goto(`${officerServer.url}/tab/#/b/${encodeURIComponent(BOARD_A.id)}`);
      await page.waitForSelector("[data-testid=rounds]");
      await page.locator("[data-testid=tracker-link]").click();
      await page.waitForSelector("[data-testid=tracker]");
      await ready(page);
      expect(await page.locator("h1").innerText()).to.equal("Action tracker");
      expect(await page.locator("[data-field=tracker-summary]").innerText()).to.include("4 actions: 3 open (1 overdue), 1 closed.").and.include("today is 1 Jul 2026");

      const bodies = page.locator("[data-testid=tracker] tbody[data-action-id]");
      const visibleIds = () => page.locator("[data-testid=tracker] tbody[data-action-id]:not([hidden])").evaluateAll((els) => els.map((el) => el.getAttribute("data-action-id")));
      const row = (id: string) => page.locator(`tbody[data-action-id="${id}"]`);
      expect(await visibleIds()).to.deep.equal([ACTIONS.framework, ACTIONS.prescribing, ACTIONS.weight, ACTIONS.hub]);
      // Every badge says its status in words; the colours differ too.
      expect(await bodies.locator(".action-row [data-field=status]").allInnerTexts()).to.deep.equal(["Overdue", "No update yet", "On track", "Closed"]);
      expect(await row(ACTIONS.framework).locator("[data-field=detail]").innerText()).to.equal("At risk, reported 25 Jun 2026");
      expect(await row(ACTIONS.framework).locator("[data-field=due]").innerText()).to.equal("30 Jun 2026");
      expect(await row(ACTIONS.framework).locator("[data-field=lead]").innerText()).to.equal(`Lead: ${MEMBERS[0].name}`);
      const colours = await bodies.locator(".action-row [data-field=status]").evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor + getComputedStyle(el).borderColor));
      expect(new Set(colours).size, "overdue, no update, on track and closed look different").to.equal(4);
      expect(await page.locator("[data-field=showing]").innerText()).to.equal("Showing all 4 actions.");
      expect(await page.locator("[data-testid=tracker] thead th").allInnerTexts()).to.deep.equal(["Action", "Organisation", "Due", "Status", "History"]);

      // Filter by organisation (a labelled select built from the data): only that organisation's actions.
      const org = page.getByLabel("Organisation");
      expect(await org.locator("option").allInnerTexts()).to.deep.equal([
        "All organisations",
        "Lancashire County Council",
        "Lancashire Fire & Rescue",
        "Lancaster City Council",
        "NHS Lancashire & South Cumbria ICB",
      ]);
      await org.selectOption("Lancashire County Council");
      expect(await visibleIds()).to.deep.equal([ACTIONS.framework]);
      expect(await page.locator("[data-field=showing]").innerText()).to.equal("Showing 1 of 4 actions.");
      // The filter is in the address: reloading (or sharing the link) keeps it.
      expect(await page.evaluate(() => location.hash)).to.match(/\/actions\?org=Lancashire\+County\+Council$/);
      await page.reload();
      await page.waitForSelector("[data-testid=tracker]");
      await ready(page);
      expect(await page.getByLabel("Organisation").inputValue()).to.equal("Lancashire County Council");
      expect(await visibleIds()).to.deep.equal([ACTIONS.framework]);
      // …and by intervention, together with it: nothing matches, and it says so.
      await page.getByLabel("Intervention").selectOption("Social prescribing expansion");
      expect(await visibleIds()).to.deep.equal([]);
      expect(await page.locator("[data-field=no-match]").isVisible()).to.equal(true);
      await page.locator("[data-field=clear-filters]").click();
      expect(await visibleIds()).to.have.length(4);
      await page.getByLabel("Intervention").selectOption("Social prescribing expansion");
      expect(await visibleIds()).to.deep.equal([ACTIONS.prescribing]);
      await page.getByLabel("Intervention").selectOption("");
      await page.getByLabel("Status").selectOption({ label: "Closed" });
      expect(await visibleIds()).to.deep.equal([ACTIONS.hub]);
      await page.locator("[data-field=clear-filters]").click();

      // History: behind a button that says whether it is open; newest first, with who (an officer sees names), status, text and link.
      const toggle = row(ACTIONS.weight).locator("[data-field=history-toggle]");
      expect(await toggle.getAttribute("aria-expanded")).to.equal("false");
      expect(await row(ACTIONS.weight).locator(".history-row").isVisible()).to.equal(false);
      await toggle.click();
      expect(await toggle.getAttribute("aria-expanded")).to.equal("true");
      const history = row(ACTIONS.weight).locator(".history-row");
      await history.waitFor({ state: "visible" });
      const entries = await history.locator(".history-entry").evaluateAll((lis) =>
        lis.map((li) => ["at", "kind", "who"].map((f) => li.querySelector(`[data-field=${f}]`)!.textContent)),
      );
      expect(entries).to.deep.equal([
        ["28 Jun 2026", "Progress update", `${MEMBERS[1].name} for NHS Lancashire & South Cumbria ICB`],
        ["20 Jun 2026", "Reassigned", OFFICER.name],
        ["15 Jun 2026", "Created", OFFICER.name],
      ]);
      expect(await history.locator(".history-entry").first().innerText()).to.include("On track").and.include("Steering group met; delivery plan agreed.");
      expect(await history.locator("[data-field=change]").first().innerText()).to.equal("owner Lancaster City Council → NHS Lancashire & South Cumbria ICB");
      // A javascript: "link" is only text.
      expect(await history.locator("a").count()).to.equal(0);
      expect(await history.locator(".not-a-link").innerText()).to.equal("javascript:alert(1)");
      await row(ACTIONS.framework).locator("[data-field=history-toggle]").click();
      const link = row(ACTIONS.framework).locator(".history-row a[data-field=link]");
      expect(await link.getAttribute("href")).to.equal("https://lancashire.example.org/outcomes-framework");
      expect(await link.getAttribute("rel")).to.include("noopener");
      await expectAccessible(page, "the action tracker, two histories open");
      await screenshot(page, "tab-tracker.png");
      await toggle.click();
      expect(await toggle.getAttribute("aria-expanded")).to.equal("false");
      expect(await history.isVisible()).to.equal(false);

      // The round page lists the actions born from it, each linked to its row in the tracker.
      await page.goto(`${officerServer.url}/tab/#/b/${encodeURIComponent(BOARD_A.id)}/r/${ROUNDS.priorities}`);
      await page.waitForSelector("[data-testid=round-actions]");
      await ready(page);
      const items = page.locator("[data-testid=round-actions] li");
      expect(await items.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-action-id")))).to.deep.equal([ACTIONS.framework, ACTIONS.weight, ACTIONS.hub]);
      expect(await items.first().innerText()).to.include("Publish a simple outcomes framework").and.include("Lancashire County Council").and.include("due 30 Jun 2026").and.include("Overdue");
      await items.nth(1).locator("a").click();
      await page.waitForSelector(`tbody.targeted[data-action-id="${ACTIONS.weight}"]`);
      await ready(page);
      const target = row(ACTIONS.weight);
      expect(await target.locator("[data-field=history-toggle]").getAttribute("aria-expanded")).to.equal("true");
      expect(await target.locator(".history-row").isVisible()).to.equal(true);
      expect(await page.evaluate(() => document.activeElement?.closest("tbody")?.getAttribute("data-action-id"))).to.equal(ACTIONS.weight);
      const inView = await target.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight;
      });
      expect(inView, "the linked action is scrolled into view").to.equal(true);

      // …and all of them at once: the tracker filtered to the round.
      await page.goBack();
      await page.waitForSelector("[data-testid=round-actions]");
      await page.locator("[data-field=round-tracker-link]").click();
      await page.waitForSelector("[data-testid=tracker]");
      await ready(page);
      expect(await page.getByLabel("From round").inputValue()).to.equal(ROUNDS.priorities);
      expect(await visibleIds()).to.deep.equal([ACTIONS.framework, ACTIONS.weight, ACTIONS.hub]);
      // The source round links back.
      await row(ACTIONS.framework).locator("[data-field=source] a").click();
      await page.waitForSelector("[data-testid=round-actions]");
      expect(await page.locator("h1").innerText()).to.equal("Priorities and commitments 2026/27");

      expect(s.external, "requests that left the server").to.deep.equal([]);
      expect(s.problems).to.deep.equal([]);
    });

    it("the tracker as a member sees it: organisations and \"An officer\", no names of who wrote what", async () => {
      const s = await isolatedContext(browser, [memberServer.url]);
      context = s.context;
      const { page } = s;
      await page.goto(`${memberServer.url}/tab/#/b/${encodeURIComponent(BOARD_A.id)}/actions`);
      await page.waitForSelector("[data-testid=tracker]");
      await ready(page);
      const weight = page.locator(`tbody[data-action-id="${ACTIONS.weight}"]`);
      await weight.locator("[data-field=history-toggle]").click();
      expect(await weight.locator(".history-entry [data-field=who]").allInnerTexts()).to.deep.equal(["NHS Lancashire & South Cumbria ICB", "An officer", "An officer"]);
      for (const toggle of await page.locator("[data-field=history-toggle]").all()) if ((await toggle.getAttribute("aria-expanded")) === "false") await toggle.click();
      const text = await page.locator("main").innerText();
      expect(text).not.to.include(OFFICER.name);
      expect(text).not.to.include(MEMBERS[1].name);

      // Another board's tracker: the same refusal as its rounds.
      await page.goto(`${memberServer.url}/tab/#/b/${encodeURIComponent(BOARD_B.id)}/actions`);
      await page.waitForSelector("body[data-state=error]");
      expect(await page.locator("main").innerText()).to.match(/Not available to you/);
      expect(s.external).to.deep.equal([]);
      expect(s.problems.filter((p) => !/403/.test(p))).to.deep.equal([]);
    });

    it("fits a narrow screen (Teams mobile, a side panel) without sideways scrolling", async () => {
      const s = await isolatedContext(browser, [officerServer.url]);
      context = s.context;
      const { page } = s;
      await page.setViewportSize({ width: 400, height: 800 });
      const views: Array<[string, string]> = [
        [`#/b/${encodeURIComponent(BOARD_A.id)}`, "[data-testid=rounds]"],
        [`#/b/${encodeURIComponent(BOARD_A.id)}/actions`, "[data-testid=tracker]"],
        [`#/b/${encodeURIComponent(BOARD_A.id)}/r/${ROUNDS.priorities}`, "[data-testid=vote-chart]"],
      ];
      for (const [hash, selector] of views) {
        await page.goto(`${officerServer.url}/tab/${hash}`);
        await page.waitForSelector(selector);
        await ready(page);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), hash).to.be.at.most(400);
      }
      // The wide commitment matrix scrolls inside its own box instead.
      expect(await page.locator("[data-testid=commitment-matrix]").evaluate((t) => t.closest(".scroll-x")!.scrollWidth > t.closest(".scroll-x")!.clientWidth)).to.equal(true);
    });

    it("follows the theme: dark and high contrast", async () => {
      const s = await isolatedContext(browser, [officerServer.url], { colorScheme: "dark" });
      context = s.context;
      const { page } = s;
      // Outside Teams the browser's preference decides…
      await page.goto(`${officerServer.url}/tab/#/b/${encodeURIComponent(BOARD_A.id)}/r/${ROUNDS.priorities}`);
      await page.waitForSelector("[data-testid=vote-chart]");
      expect(await page.locator("html").getAttribute("data-theme")).to.equal("dark");
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).to.equal("rgb(31, 31, 31)");
      await ready(page);
      await expectAccessible(page, "the round page, dark theme");
      await page.goto(`${officerServer.url}/tab/#/b/${encodeURIComponent(BOARD_A.id)}`);
      await page.waitForSelector("[data-testid=rounds]");
      await ready(page);
      await expectAccessible(page, "the rounds list, dark theme");
      await page.goto(`${officerServer.url}/tab/#/b/${encodeURIComponent(BOARD_A.id)}/actions`);
      await page.waitForSelector("[data-testid=tracker]");
      await ready(page);
      await expectAccessible(page, "the tracker, dark theme");
      // …or ?theme= (as Teams' own themes are named).
      await page.goto(`${officerServer.url}/tab/?theme=contrast#/b/${encodeURIComponent(BOARD_A.id)}/r/${ROUNDS.priorities}`);
      await page.waitForSelector("[data-testid=vote-chart]");
      expect(await page.locator("html").getAttribute("data-theme")).to.equal("contrast");
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).to.equal("rgb(0, 0, 0)");
      expect(await page.locator(".bar-fill").first().evaluate((el) => getComputedStyle(el).backgroundColor)).to.equal("rgb(255, 255, 1)");
      await ready(page);
      await expectAccessible(page, "the round page, high contrast");
      await page.goto(`${officerServer.url}/tab/?theme=contrast#/b/${encodeURIComponent(BOARD_A.id)}`);
      await page.waitForSelector("[data-testid=rounds]");
      await ready(page);
      await expectAccessible(page, "the rounds list, high contrast");
      await page.goto(`${officerServer.url}/tab/?theme=contrast#/b/${encodeURIComponent(BOARD_A.id)}/actions`);
      await page.waitForSelector("[data-testid=tracker]");
      await ready(page);
      await expectAccessible(page, "the tracker, high contrast");
    });
  });

  describe("inside (a stand-in for) Teams, with SSO", () => {
    const APP_ID = "6a3c1f0e-2b4d-4e8f-9a1b-3c5d7e9f0a2b";
    const AUDIENCE = `api://dashboard.example.org/${APP_ID}`;
    let issuer: LocalIssuer;
    let server: TabServer;
    let context: BrowserContext | undefined;

    before(async () => {
      issuer = await LocalIssuer.start();
      server = await startTabServer(storage, {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: "not-a-real-secret",
        TAB_SSO_AUDIENCE: AUDIENCE,
        TAB_SSO_JWKS_URL: issuer.jwksUrl,
      });
    });
    after(async () => {
      await server?.close();
      await issuer?.close();
    });
    afterEach(async () => {
      await context?.close();
      context = undefined;
    });

    const teamContext = (user: { aadObjectId: string }, theme: string) => ({
      locale: "en-GB",
      theme,
      entityId: "sounding-board-dashboard",
      teamId: BOARD_A.id,
      teamName: BOARD_A.name,
      channelId: BOARD_A.id,
      userObjectId: user.aadObjectId,
      tid: TENANT,
      hostClientType: "web",
    });

    it("connects, takes the board and theme from the context, calls the API with the SSO token, and follows theme changes", async () => {
      const s = await isolatedContext(browser, [PUBLIC_TAB_ORIGIN, FAKE_HOST_URL]);
      context = s.context;
      const token = await issuer.sign(teamsClaims(MEMBER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: Math.floor(Date.parse(NOW) / 1000) }));
      const host = await openInFakeTeams(s.context, s.page, { serverUrl: server.url, tabPath: "/tab/?scope=team", frameContext: "content", context: teamContext(MEMBER, "dark"), token });
      const tab = host.frame;
      await tab.locator("[data-testid=rounds]").waitFor({ timeout: 20_000 });
      // The channel tab opens on the team's own board, with no board picker and no "outside Teams" banner.
      expect(await tab.locator("h1").innerText()).to.equal(BOARD_A.name);
      expect(await tab.locator(".back").count()).to.equal(0);
      expect(await tab.locator("#banner").isHidden()).to.equal(true);
      expect(await tab.locator("body").getAttribute("data-host")).to.equal("teams");
      expect(await tab.locator("html").getAttribute("data-theme")).to.equal("dark");
      expect(await tab.locator(`tr[data-round-id="${ROUNDS.priorities}"] [data-field=response]`).innerText()).to.equal("5 of 6 (83%)");

      const funcs = (await host.messages()).map((m) => m.func);
      expect(funcs).to.include("initialize").and.include("getContext").and.include("authentication.getAuthToken");

      await host.send("themeChange", ["contrast"]);
      await tab.locator("html[data-theme=contrast]").waitFor();

      await tab.locator(`tr[data-round-id="${ROUNDS.priorities}"] a`).click();
      await tab.locator("[data-testid=vote-chart]").waitFor();
      expect(await tab.locator("[data-testid=vote-chart] tbody tr").first().locator(".vote-count").innerText()).to.equal("5 votes");
      expect(s.external, "requests that left the server").to.deep.equal([]);
      expect(s.problems).to.deep.equal([]);
    });

    it("the configurable tab's setup page is valid at once and saves the dashboard's URL", async () => {
      const s = await isolatedContext(browser, [PUBLIC_TAB_ORIGIN, FAKE_HOST_URL]);
      context = s.context;
      const host = await openInFakeTeams(s.context, s.page, { serverUrl: server.url, tabPath: "/tab/config", frameContext: "settings", context: teamContext(OFFICER, "default"), token: "unused" });
      await host.frame.locator("body[data-state=ready]").waitFor({ timeout: 20_000 });
      expect(await host.frame.locator("h1").innerText()).to.equal("Sounding Board dashboard");
      const validity = (await host.messages()).find((m) => m.func === "settings.setValidityState");
      expect(validity?.args).to.deep.equal([true]);

      await host.send("settings.save", [{}]);
      await s.page.waitForFunction(() => (window as unknown as { __messages: Array<{ func: string }> }).__messages.some((m) => m.func === "settings.save.success"));
      const saved = (await host.messages()).find((m) => m.func === "settings.setSettings");
      expect(saved?.args[0]).to.deep.include({ contentUrl: `${PUBLIC_TAB_ORIGIN}/tab/?scope=team`, websiteUrl: `${PUBLIC_TAB_ORIGIN}/tab/`, entityId: "sounding-board-dashboard" });
      expect(s.problems).to.deep.equal([]);
    });

    it("in a plain browser with the app configured: says to open it in Teams, and shows no data", async () => {
      const s = await isolatedContext(browser, [server.url]);
      context = s.context;
      await s.page.goto(`${server.url}/tab/`);
      await s.page.waitForSelector("body[data-state=error]");
      expect(await s.page.locator("h1").innerText()).to.equal("Open this tab in Microsoft Teams");
      expect(await s.page.locator("[data-testid=rounds]").count()).to.equal(0);
    });
  });
});
