import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { PDFParse } from "pdf-parse";
import restify from "restify";
import { registerReportRoutes, safeFileName, type ReportRouteDeps } from "../../bot/report.routes.ts";
import { Verbs } from "../../cards/verbs.ts";
import { summarySample } from "../../cards/preview/samples.ts";
import { ManualClock } from "../../services/clock.ts";
import type { BoardAction } from "../../services/domain/action.ts";
import { silentLogger } from "../../services/logging/logger.ts";
import { RoundsRepository } from "../../services/storage/rounds.repository.ts";
import { LinkSigner } from "../../services/summary/links.ts";
import { actionInvoke, personalMessage, TEAM, USERS, type TestUser } from "../helpers/activities.ts";
import { postActivity, openedForm } from "../helpers/app.ts";
import { startBoard, type TestBoard } from "../helpers/board.ts";
import { submit } from "../helpers/card-submit.ts";

/**
 * The PDF board report over HTTP: GET /reports/:roundId/report.pdf with a signed "pdf" link. First
 * through the whole bot (a round closes and is published automatically, then its link is fetched),
 * then the route on its own with the board's actions, which the bot wires in from ActionsRepository.
 */

const SECRET = "pdf-e2e-secret-pdf-e2e-secret-pdf-e2e";
const BASE = "http://127.0.0.1:1";
const OFFICER = USERS.officer;
const MEMBERS: TestUser[] = [USERS.chair, USERS.member, USERS.police, USERS.fire];
const ANSWERS = [
  "The Board should provide leadership across the whole county.",
  "We have a county-wide leadership role as a Board.",
  "The Board's job is to lead on health and wellbeing across all of Lancashire.",
  "Leadership for the whole county is the Board's role.",
];

const cardOf = (a: { attachments?: Array<{ content?: unknown }> }) => a.attachments?.[0]?.content as Record<string, unknown>;

async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number; title: unknown }> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    return { text: text.pages.map((p) => p.text).join("\n").replace(/\s+/g, " "), pages: text.total, title: (info.info as Record<string, unknown>).Title };
  } finally {
    await parser.destroy();
  }
}

describe("e2e: the PDF board report link", function () {
  this.timeout(90_000);
  const clock = new ManualClock("2026-11-23T09:00:00Z");
  let board: TestBoard;
  let closedId = "";
  let openId = "";

  before(async () => {
    board = await startBoard({ users: [OFFICER, ...MEMBERS], env: { OFFICER_AAD_IDS: OFFICER.aadObjectId, AUTO_PUBLISH: "true", PUBLIC_BASE_URL: BASE, REPORT_LINK_SECRET: SECRET }, app: { clock } });
    const { app, connector } = board;
    const launch = async (title: string, date: string) => {
      await postActivity(app, personalMessage({ serviceUrl: connector.url, user: OFFICER, text: "launch" }));
      const form = await openedForm(app, connector.url, OFFICER, cardOf(connector.sentActivities.at(-1)!.activity));
      await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: OFFICER, verb: Verbs.launchRound, data: submit(form, Verbs.launchRound, { title, deadlineDate: date, deadlineTime: "17:00" }) }));
      await app.idle();
    };
    await launch("Autumn 1:1s – “what next?”", "2026-11-30");
    const [round] = await new RoundsRepository(app.storage).listByBoard(TEAM.id);
    closedId = round!.id;
    for (const [i, member] of MEMBERS.entries()) {
      const prompt = connector.activitiesFor(connector.personalConversationId(member.id))[0]!;
      await postActivity(app, actionInvoke({ serviceUrl: connector.url, user: member, verb: Verbs.saveResponse, data: submit(cardOf(prompt.activity), Verbs.saveResponse, { answer_t1: ANSWERS[i]! }), conversationId: prompt.conversationId }));
    }
    clock.set("2026-11-30T17:00:01Z");
    await app.scheduler.tick();
    await app.idle();
    // A second round, still open: nothing published, so no report yet.
    await launch("Still open", "2026-12-20");
    openId = (await new RoundsRepository(app.storage).listByBoard(TEAM.id)).find((r) => r.id !== closedId)!.id;
  });
  after(async () => {
    await board?.stop();
  });

  const signer = () => new LinkSigner(SECRET, BASE, clock);
  const get = (url: string) => fetch(url.replace(BASE, board.app.url));

  it("serves the published round as an A4 PDF attachment named after the round", async () => {
    const url = signer().url("pdf", TEAM.id, closedId, 3600);
    expect(url).to.match(new RegExp(`/reports/${closedId}/report\\.pdf\\?b=`));
    const res = await get(url);
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-type")).to.equal("application/pdf");
    expect(res.headers.get("content-disposition")).to.equal('attachment; filename="Autumn 1 1s what next.pdf"');
    expect(res.headers.get("cache-control")).to.equal("private, no-store");
    expect(res.headers.get("x-content-type-options")).to.equal("nosniff");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).to.equal("%PDF-");
    expect(Number(res.headers.get("content-length"))).to.equal(bytes.length);
    const pdf = await pdfText(bytes);
    expect(pdf.title).to.equal("Autumn 1:1s – “what next?”");
    expect(pdf.text).to.contain(TEAM.name).and.contain("Autumn 1:1s – “what next?”").and.contain("4 of 4 members responded").and.contain("Generated 30 November 2026, 17:00 (UK time)");
    expect(pdf.text).to.contain("Themes").and.contain("Role of the Board").and.contain("Action tracker").and.contain("No actions yet.");
    expect(pdf.text).to.contain(`Page 1 of ${pdf.pages}`);
    for (const m of [OFFICER, ...MEMBERS]) expect(pdf.text).to.not.contain(m.name);
  });

  it("refuses a tampered, expired or wrong-kind link, and has nothing for a round not yet published", async () => {
    const url = signer().url("pdf", TEAM.id, closedId, 3600);
    expect((await get(url.replace(/sig=(.)/, (_m, c: string) => `sig=${c === "A" ? "B" : "A"}`))).status).to.equal(403);
    // A signature for the HTML report doesn't open the PDF.
    const report = signer().url("report", TEAM.id, closedId, 3600);
    expect((await get(report.replace("/report?", "/report.pdf?"))).status).to.equal(403);
    const short = signer().url("pdf", TEAM.id, closedId, 60);
    clock.advance({ minutes: 2 });
    expect((await get(short)).status).to.equal(403);
    const open = await get(signer().url("pdf", TEAM.id, openId, 3600));
    expect(open.status).to.equal(404);
    expect(await open.text()).to.contain("The published report isn't available (yet).");
  });
});

describe("the PDF report route with the board's actions", function () {
  this.timeout(60_000);
  const clock = new ManualClock("2026-12-01T17:00:00Z");
  const links = new LinkSigner(SECRET, BASE, clock);
  const asked: string[] = [];
  let failActions = false;
  const actions: BoardAction[] = [
    { boardId: "b1", id: "a1", title: "Agree the outcomes framework", ownerOrganisation: "Lancashire County Council", dueDate: "2026-11-13", state: "open", createdBy: "o", createdAt: "2026-09-01T09:00:00Z", updatedAt: "2026-09-01T09:00:00Z" },
    { boardId: "b1", id: "a2", title: "Publish the dashboard", ownerOrganisation: "Blackpool Council", dueDate: "2027-03-31", state: "open", status: "on_track", createdBy: "o", createdAt: "2026-09-01T09:00:00Z", updatedAt: "2026-09-01T09:00:00Z" },
  ];
  let server: restify.Server;
  let base = "";

  before(async () => {
    server = restify.createServer({ handleUncaughtExceptions: false });
    const unused = {} as never;
    const deps: ReportRouteDeps = {
      links, clock, timeZone: "Europe/London", logger: silentLogger(), members: unused, directory: unused, rounds: unused, deliveries: unused, responses: unused,
      summaries: { published: async (boardId: string, roundId: string) => (boardId === "b1" && roundId === "r1" ? ({ round: { title: "Winter: “priorities” – 2026" }, doc: { summary: summarySample } } as never) : undefined) },
      actions: {
        listByBoard: async (boardId: string) => {
          asked.push(boardId);
          if (failActions) throw new Error("storage down");
          return actions;
        },
      },
    };
    registerReportRoutes(server, deps);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it("prints the board's action tracker, asking for that board's actions only", async () => {
    const res = await fetch(links.url("pdf", "b1", "r1", 3600).replace(BASE, base));
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-disposition")).to.equal('attachment; filename="Winter priorities 2026.pdf"');
    const pdf = await pdfText(Buffer.from(await res.arrayBuffer()));
    expect(asked).to.deep.equal(["b1"]);
    const tracker = pdf.text.slice(pdf.text.lastIndexOf("Action tracker"));
    expect(tracker).to.contain("2 actions: 2 open (1 overdue), 0 closed.");
    expect(tracker.slice(tracker.indexOf("Agree the outcomes framework"), tracker.indexOf("Publish the dashboard"))).to.contain("Overdue").and.contain("13 Nov 2026");
    expect(tracker.slice(tracker.indexOf("Publish the dashboard"))).to.contain("On track").and.not.contain("Overdue");
  });

  it("says so, without a half-written file, when the actions can't be read", async () => {
    failActions = true;
    const res = await fetch(links.url("pdf", "b1", "r1", 3600).replace(BASE, base));
    failActions = false;
    expect(res.status).to.equal(503);
    expect(res.headers.get("content-type")).to.match(/^text\/plain/);
    expect(await res.text()).to.contain("Couldn't build that just now");
  });

  it("names the file safely whatever the title", () => {
    expect(safeFileName("Year 1 programme review: 1:1 feedback")).to.equal("Year 1 programme review 1 1 feedback");
    expect(safeFileName("Santé & bien-être / \"Q4\"")).to.equal("Sante & bien-etre Q4");
    expect(safeFileName("..\\..\\etc")).to.equal("etc");
    expect(safeFileName("中文 😀")).to.equal("board-report");
    expect(safeFileName("x".repeat(200))).to.have.length(80);
  });
});
