import { expect } from "chai";
import { networkInterfaces } from "node:os";
import { isLoopbackAddress } from "../../bot/tab.routes.ts";
import { ManualClock } from "../../services/clock.ts";
import { InvalidTokenError, TeamsSsoVerifier } from "../../services/dashboard/sso.ts";
import { BoardsRepository } from "../../services/storage/boards.repository.ts";
import type { BoardActionsDto, BoardRoundsDto, BoardsDto, MeDto, RoundDetailDto, TrackerActionDto } from "../../services/dashboard/dashboard.types.ts";
import type { TableStorage } from "../../services/storage/table-storage.ts";
import { TestAzurite } from "../helpers/azurite.ts";
import { ACTIONS, BOARD_A, BOARD_B, CHAIR, CUMBRIA_ACTION_TITLE, MEMBERS, NOW, OFFICER, OTHER_TENANT, OUTSIDER, ROUNDS, seed, startTabServer, TENANT, type TabServer } from "./fixtures.ts";
import { LocalIssuer, strangerKey, teamsClaims } from "./sso-keys.ts";

const APP_ID = "6a3c1f0e-2b4d-4e8f-9a1b-3c5d7e9f0a2b";
const AUDIENCE = `api://dashboard.example.org/${APP_ID}`;
const NOW_SECONDS = Math.floor(Date.parse(NOW) / 1000);
const MEMBER = MEMBERS[1];

const boardPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`;

interface Got<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

async function get<T = unknown>(server: TabServer, path: string, token?: string): Promise<Got<T>> {
  const res = await fetch(`${server.url}${path}`, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` }, redirect: "manual" });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

describe("dashboard tab API (Teams SSO tokens checked against a local JWKS)", function () {
  this.timeout(60_000);
  let azurite: TestAzurite;
  let storage: TableStorage;
  let issuer: LocalIssuer;
  let server: TabServer;

  const token = (user: { aadObjectId: string; name?: string }, overrides: Record<string, unknown> = {}) =>
    issuer.sign({ ...teamsClaims(user, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }), ...overrides });

  before(async () => {
    azurite = await TestAzurite.start();
    storage = await azurite.freshStorage();
    await seed(storage);
    issuer = await LocalIssuer.start();
    server = await startTabServer(storage, {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: "not-a-real-secret",
      BOT_DOMAIN: "dashboard.example.org",
      TAB_SSO_AUDIENCE: AUDIENCE,
      TAB_SSO_JWKS_URL: issuer.jwksUrl,
    });
  });
  after(async () => {
    await server?.close();
    await issuer?.close();
    await azurite?.stop();
  });

  describe("authentication", () => {
    it("a valid token: 200, and the user is the token's oid", async () => {
      const res = await get<MeDto>(server, "/api/me", await token(MEMBER));
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ mode: "teams", aadObjectId: MEMBER.aadObjectId, tenantId: TENANT, role: "member", isOfficer: false });
      const rounds = await get<BoardRoundsDto>(server, `${boardPath(BOARD_A.id)}/rounds`, await token(MEMBER));
      expect(rounds.status).to.equal(200);
      expect(rounds.body.rounds.map((r) => r.id)).to.deep.equal([ROUNDS.bcf, ROUNDS.strategy, ROUNDS.priorities, ROUNDS.pharmacy]);
      expect(res.headers.get("cache-control")).to.equal("private, no-store");
    });

    it("no token: 401 with WWW-Authenticate, on every API route", async () => {
      for (const path of ["/api/me", "/api/boards", `${boardPath(BOARD_A.id)}/rounds`, `${boardPath(BOARD_A.id)}/rounds/${ROUNDS.priorities}`, `${boardPath(BOARD_A.id)}/actions`]) {
        const res = await get<{ error: string }>(server, path);
        expect(res.status, path).to.equal(401);
        expect(res.body.error).to.equal("unauthorized");
        expect(res.headers.get("www-authenticate")).to.match(/^Bearer/);
      }
    });

    it("an expired token: 401", async () => {
      const expired = await token(MEMBER, { iat: NOW_SECONDS - 7200, nbf: NOW_SECONDS - 7200, exp: NOW_SECONDS - 3600 });
      expect((await get(server, `${boardPath(BOARD_A.id)}/rounds`, expired)).status).to.equal(401);
    });

    it("a token for another audience: 401", async () => {
      const other = await token(MEMBER, { aud: "api://someone-else.example.org/00000000-1111-2222-3333-444444444444" });
      expect((await get(server, `${boardPath(BOARD_A.id)}/rounds`, other)).status).to.equal(401);
    });

    it("a token signed by another key (same kid): 401", async () => {
      const forged = await issuer.sign(teamsClaims(MEMBER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }), { key: await strangerKey() });
      expect((await get(server, `${boardPath(BOARD_A.id)}/rounds`, forged)).status).to.equal(401);
    });

    it("a token whose issuer isn't Microsoft's for its own tenant: 401", async () => {
      const wrongIssuer = await token(MEMBER, { iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` });
      expect((await get(server, "/api/me", wrongIssuer)).status).to.equal(401);
      const attacker = await token(MEMBER, { iss: "https://evil.example.org/v2.0" });
      expect((await get(server, "/api/me", attacker)).status).to.equal(401);
    });

    it("a token without oid, an unsigned token and garbage: 401", async () => {
      const noOid = await token(MEMBER, { oid: undefined });
      expect((await get(server, "/api/me", noOid)).status).to.equal(401);
      const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
      const payload = Buffer.from(JSON.stringify(teamsClaims(MEMBER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }))).toString("base64url");
      expect((await get(server, "/api/me", `${header}.${payload}.`)).status).to.equal(401);
      expect((await get(server, "/api/me", "not-a-jwt")).status).to.equal(401);
      const res = await fetch(`${server.url}/api/me`, { headers: { Authorization: "Basic dXNlcjpwYXNz" } });
      expect(res.status).to.equal(401);
    });

    it("fetched the issuer's keys once and cached them", () => {
      expect(issuer.fetches).to.equal(1);
    });

    it("refuses each bad token for the right reason", async () => {
      const verifier = new TeamsSsoVerifier({ audience: AUDIENCE, jwksUrl: issuer.jwksUrl, clock: new ManualClock(NOW) });
      const claims = teamsClaims(MEMBER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS });
      const reason = async (t: string | undefined) => {
        try {
          await verifier.verify(t);
          return "accepted";
        } catch (err) {
          expect(err).to.be.instanceOf(InvalidTokenError);
          return (err as Error).message;
        }
      };
      expect(await verifier.verify(await issuer.sign(claims))).to.deep.equal({ aadObjectId: MEMBER.aadObjectId, tenantId: TENANT, name: MEMBER.name });
      expect(await reason(await issuer.sign({ ...claims, exp: NOW_SECONDS - 3600 }))).to.match(/ERR_JWT_EXPIRED/);
      expect(await reason(await issuer.sign({ ...claims, aud: "api://other" }))).to.match(/ERR_JWT_CLAIM_VALIDATION_FAILED.*aud/);
      expect(await reason(await issuer.sign(claims, { key: await strangerKey() }))).to.match(/ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
      expect(await reason(await issuer.sign(claims, { kid: "unknown-kid" }))).to.match(/ERR_JWKS_NO_MATCHING_KEY/);
      expect(await reason(undefined)).to.match(/no Teams sign-in token/);
      expect(TeamsSsoVerifier.bearer("Bearer abc.def.ghi")).to.equal("abc.def.ghi");
      expect(TeamsSsoVerifier.bearer("Basic abc")).to.equal(undefined);
    });
  });

  describe("authorisation", () => {
    it("a member of another board: 403 for this board and its rounds", async () => {
      const outsider = await token(OUTSIDER);
      const list = await get<{ error: string; message: string }>(server, `${boardPath(BOARD_A.id)}/rounds`, outsider);
      expect(list.status).to.equal(403);
      expect(list.body.error).to.equal("forbidden");
      expect((await get(server, `${boardPath(BOARD_A.id)}/rounds/${ROUNDS.priorities}`, outsider)).status).to.equal(403);
      // …and a board member can't read the other board either.
      expect((await get(server, `${boardPath(BOARD_B.id)}/rounds`, await token(MEMBER))).status).to.equal(403);
      // A board that doesn't exist is refused the same way (the API doesn't say which boards exist).
      expect((await get(server, `${boardPath("19:nope@thread.tacv2")}/rounds`, await token(MEMBER))).status).to.equal(403);
    });

    it("an officer sees any board of their tenant, but not from another tenant", async () => {
      const officer = await token(OFFICER);
      expect((await get(server, `${boardPath(BOARD_B.id)}/rounds`, officer)).status).to.equal(200);
      const boards = await get<BoardsDto>(server, "/api/boards", officer);
      expect(boards.body.boards.map((b) => b.id).sort()).to.deep.equal([BOARD_A.id, BOARD_B.id].sort());
      const foreign = await issuer.sign(teamsClaims(OFFICER, { tenantId: OTHER_TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }));
      expect((await get(server, `${boardPath(BOARD_A.id)}/rounds`, foreign)).status).to.equal(403);
    });

    it("a member's boards are the ones whose team they are on", async () => {
      const boards = await get<BoardsDto>(server, "/api/boards", await token(MEMBER));
      expect(boards.body.boards).to.deep.equal([BOARD_A]);
    });

    it("an unknown round of a board you can see: 404", async () => {
      expect((await get(server, `${boardPath(BOARD_A.id)}/rounds/r-nope`, await token(MEMBER))).status).to.equal(404);
    });
  });

  describe("what each role sees", () => {
    it("members and the chair: only published summaries, no downloads, no names of who couldn't be reached", async () => {
      for (const user of [MEMBER, CHAIR]) {
        const t = await token(user);
        const published = await get<RoundDetailDto>(server, `${boardPath(BOARD_A.id)}/rounds/${ROUNDS.priorities}`, t);
        expect(published.status).to.equal(200);
        expect(published.body.summary?.stage).to.equal("published");
        expect(published.body.downloads).to.deep.equal([]);
        expect(published.body.progress).not.to.have.property("unreachableNames");

        const anonymousDraft = await get<RoundDetailDto>(server, `${boardPath(BOARD_A.id)}/rounds/${ROUNDS.strategy}`, t);
        expect(anonymousDraft.body.summary).to.equal(undefined);
        expect(anonymousDraft.body.summaryNote).to.match(/officers are reviewing/i);
        // Nothing a member wrote leaks before publication.
        expect(JSON.stringify(anonymousDraft.body)).not.to.match(/pooled budgets|narrative/i);

        const open = await get<RoundDetailDto>(server, `${boardPath(BOARD_A.id)}/rounds/${ROUNDS.bcf}`, t);
        expect(open.body.summary).to.equal(undefined);
        expect(open.body.progress).to.include({ invited: 6, answered: 2, pending: 1, unreachable: 1 });
        expect(JSON.stringify(open.body)).not.to.include("Dev Shah");
      }
    });

    it("officers: the draft of a closed round, live results of an open one, and signed downloads (raw answers only for named rounds)", async () => {
      const t = await token(OFFICER);
      const draft = await get<RoundDetailDto>(server, `${boardPath(BOARD_A.id)}/rounds/${ROUNDS.strategy}`, t);
      expect(draft.body.summary?.stage).to.equal("draft");
      expect(draft.body.downloads.map((d) => d.kind)).to.deep.equal([]); // anonymous and unpublished

      const open = await get<RoundDetailDto>(server, `${boardPath(BOARD_A.id)}/rounds/${ROUNDS.bcf}`, t);
      expect(open.body.summary?.stage).to.equal("live");
      expect(open.body.summary?.votes?.bars.map((b) => [b.label, b.votes])).to.deep.equal([
        ["Healthy weight", 3],
        ["Healthy ageing", 1],
        ["Best start in life", 0],
        ["Mental wellbeing", 0],
      ]);
      expect(open.body.progress.unreachableNames).to.deep.equal(["Group Mgr Dev Shah"]);

      const published = await get<RoundDetailDto>(server, `${boardPath(BOARD_A.id)}/rounds/${ROUNDS.priorities}`, t);
      expect(published.body.downloads.map((d) => d.kind)).to.deep.equal(["report", "pdf", "summary.csv", "answers.csv"]);
      for (const d of published.body.downloads) {
        const url = new URL(d.url);
        expect(url.pathname).to.equal(`/reports/${ROUNDS.priorities}/${d.kind === "pdf" ? "report.pdf" : d.kind}`);
        expect(url.searchParams.get("sig")).to.match(/^[A-Za-z0-9_-]{43}$/);
        const res = await fetch(d.url);
        expect(res.status, d.kind).to.equal(200);
      }
    });

    it("the rounds list: status, deadline in UK time, response rate", async () => {
      const res = await get<BoardRoundsDto>(server, `${boardPath(BOARD_A.id)}/rounds`, await token(MEMBER));
      const byId = new Map(res.body.rounds.map((r) => [r.id, r]));
      expect(byId.get(ROUNDS.bcf)).to.deep.include({ statusText: "Open", deadlineText: "Friday 3 July 2026 at 5:00pm", timeLeftText: "2 days left", results: "none", you: { answered: true } });
      expect(byId.get(ROUNDS.bcf)!.response).to.deep.equal({ invited: 6, answered: 2, percent: 33, text: "2 of 6 members responded (33%)" });
      expect(byId.get(ROUNDS.priorities)).to.deep.include({ statusText: "Closed", results: "published", deadlineText: "Friday 12 June 2026 at 5:00pm" });
      expect(byId.get(ROUNDS.priorities)!.response.percent).to.equal(83);
      expect(byId.get(ROUNDS.strategy)).to.deep.include({ anonymous: true, results: "none" });
      expect(byId.get(ROUNDS.pharmacy)).to.deep.include({ statusText: "Cancelled" });
    });
  });

  describe("the action tracker", () => {
    const actionsOf = async (user: { aadObjectId: string; name?: string }, boardId = BOARD_A.id) => get<BoardActionsDto>(server, `${boardPath(boardId)}/actions`, await token(user));
    const byId = (dto: BoardActionsDto) => new Map<string, TrackerActionDto>(dto.actions.map((a) => [a.id, a]));

    it("lists the board's actions: open ones by due date, then closed; status in words, overdue in UK days", async () => {
      const res = await actionsOf(MEMBER);
      expect(res.status).to.equal(200);
      expect(res.headers.get("cache-control")).to.equal("private, no-store");
      expect(res.body).to.deep.include({ board: BOARD_A, role: "member", isOfficer: false, todayText: "1 Jul 2026", summaryText: "4 actions: 3 open (1 overdue), 1 closed." });
      expect(res.body.actions.map((a) => a.id)).to.deep.equal([ACTIONS.framework, ACTIONS.prescribing, ACTIONS.weight, ACTIONS.hub]);
      const a = byId(res.body);
      expect(a.get(ACTIONS.framework)).to.deep.include({
        title: "Publish a simple outcomes framework",
        organisation: "Lancashire County Council",
        leadName: CHAIR.name,
        dueDate: "2026-06-30",
        dueText: "30 Jun 2026",
        state: "open",
        status: "at_risk",
        statusText: "At risk",
        overdue: true,
        badge: { key: "overdue", text: "Overdue" },
        detailText: "At risk, reported 25 Jun 2026",
        source: { roundId: ROUNDS.priorities, roundTitle: "Priorities and commitments 2026/27", kind: "recommendation", linked: true },
      });
      expect(a.get(ACTIONS.prescribing)).to.deep.include({ badge: { key: "none", text: "No update yet" }, statusText: "No update yet", overdue: false, intervention: "Social prescribing expansion" });
      expect(a.get(ACTIONS.prescribing)).not.to.have.property("source");
      expect(a.get(ACTIONS.weight)).to.deep.include({ badge: { key: "on_track", text: "On track" }, detailText: "Reported 28 Jun 2026", dueText: "31 Mar 2027" });
      // Closed wins over overdue (its due day has passed), and the last progress still shows.
      expect(a.get(ACTIONS.hub)).to.deep.include({ state: "closed", badge: { key: "closed", text: "Closed" }, overdue: false, detailText: "Done, reported 26 Jun 2026" });
    });

    it("overdue starts the day after the due day, in UK time (not UTC)", async () => {
      // 30 June 2026 23:30 UTC is already 1 July in London (BST): the action due 30 June is overdue…
      const late = await startTabServer(storage, { MicrosoftAppId: APP_ID, MicrosoftAppPassword: "x", TAB_SSO_AUDIENCE: AUDIENCE, TAB_SSO_JWKS_URL: issuer.jwksUrl }, { clock: new ManualClock("2026-06-30T23:30:00Z") });
      // …and at 22:59 UTC it is still 30 June there: not yet.
      const early = await startTabServer(storage, { MicrosoftAppId: APP_ID, MicrosoftAppPassword: "x", TAB_SSO_AUDIENCE: AUDIENCE, TAB_SSO_JWKS_URL: issuer.jwksUrl }, { clock: new ManualClock("2026-06-30T22:59:00Z") });
      try {
        // A token issued that evening (the servers' clocks check its lifetime).
        const t = await issuer.sign(teamsClaims(MEMBER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: Date.parse("2026-06-30T22:30:00Z") / 1000 }));
        const badgeOn = async (s: TabServer) => (await get<BoardActionsDto>(s, `${boardPath(BOARD_A.id)}/actions`, t)).body.actions.find((x) => x.id === ACTIONS.framework)!.badge;
        expect(await badgeOn(late)).to.deep.equal({ key: "overdue", text: "Overdue" });
        expect(await badgeOn(early)).to.deep.equal({ key: "at_risk", text: "At risk" });
      } finally {
        await late.close();
        await early.close();
      }
    });

    it("a member reads each history newest first, with organisations only and \"An officer\" for officers' changes", async () => {
      const res = await actionsOf(MEMBER);
      const weight = byId(res.body).get(ACTIONS.weight)!;
      expect(weight.history.map((e) => [e.kind, e.kindText, e.atText, e.whoText])).to.deep.equal([
        ["progress", "Progress update", "28 Jun 2026", "NHS Lancashire & South Cumbria ICB"],
        ["reassigned", "Reassigned", "20 Jun 2026", "An officer"],
        ["created", "Created", "15 Jun 2026", "An officer"],
      ]);
      expect(weight.history[0]).to.deep.include({ status: "on_track", statusText: "On track", text: "Steering group met; delivery plan agreed.", organisation: "NHS Lancashire & South Cumbria ICB" });
      expect(weight.history[1]!.change).to.equal("owner Lancaster City Council → NHS Lancashire & South Cumbria ICB");
      const framework = byId(res.body).get(ACTIONS.framework)!;
      expect(framework.history[0]!.whoText).to.equal("Lancashire County Council");
      // Nobody who wrote an entry is named to a member, nor is anyone's AAD ID sent (the lead is the board's own record).
      const text = JSON.stringify(res.body);
      for (const name of [OFFICER.name, MEMBERS[1].name, MEMBERS[4].name]) expect(text, name).not.to.include(name);
      for (const id of [OFFICER.aadObjectId, CHAIR.aadObjectId, MEMBERS[1].aadObjectId]) expect(text).not.to.include(id);
      expect(text).not.to.include("byName");
    });

    it("officers and the chair see who wrote each entry", async () => {
      for (const user of [OFFICER, CHAIR]) {
        const res = await actionsOf(user);
        expect(res.status).to.equal(200);
        const weight = byId(res.body).get(ACTIONS.weight)!;
        expect(weight.history.map((e) => e.whoText), user.name).to.deep.equal([`${MEMBERS[1].name} for NHS Lancashire & South Cumbria ICB`, OFFICER.name, OFFICER.name]);
        expect(byId(res.body).get(ACTIONS.framework)!.history[0]!.whoText).to.equal(`${CHAIR.name} for Lancashire County Council`);
        expect(JSON.stringify(res.body)).not.to.include(MEMBERS[1].aadObjectId);
      }
      expect((await actionsOf(CHAIR)).body.role).to.equal("chair");
    });

    it("only http(s) links are links", async () => {
      const a = byId((await actionsOf(MEMBER)).body);
      expect(a.get(ACTIONS.framework)!.history[0]!.link).to.deep.equal({ text: "https://lancashire.example.org/outcomes-framework", href: "https://lancashire.example.org/outcomes-framework" });
      expect(a.get(ACTIONS.weight)!.history[0]!.link).to.deep.equal({ text: "javascript:alert(1)" });
    });

    it("another board's people are refused as the rounds are, and see nothing of it", async () => {
      const outsider = await actionsOf(OUTSIDER);
      const rounds = await get<{ error: string; message: string }>(server, `${boardPath(BOARD_A.id)}/rounds`, await token(OUTSIDER));
      expect(outsider.status).to.equal(403);
      expect(outsider.body).to.deep.equal(rounds.body);
      expect(JSON.stringify(outsider.body)).not.to.include("framework");
      // A member of board A can't read board B's tracker, and an unknown board is refused alike.
      const other = await actionsOf(MEMBER, BOARD_B.id);
      expect(other.status).to.equal(403);
      expect(JSON.stringify(other.body)).not.to.include(CUMBRIA_ACTION_TITLE);
      expect((await actionsOf(MEMBER, "19:nope@thread.tacv2")).status).to.equal(403);
      // An officer from another tenant: refused.
      const foreign = await issuer.sign(teamsClaims(OFFICER, { tenantId: OTHER_TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }));
      expect((await get(server, `${boardPath(BOARD_A.id)}/actions`, foreign)).status).to.equal(403);
      // B's own member sees B's action only.
      const own = await actionsOf(OUTSIDER, BOARD_B.id);
      expect(own.body.actions.map((a) => a.title)).to.deep.equal([CUMBRIA_ACTION_TITLE]);
      expect(own.body.actions[0]!.source).to.deep.include({ roundId: ROUNDS.cumbria, linked: true });
    });

    it("a round lists the actions that came from it", async () => {
      const t = await token(MEMBER);
      const priorities = await get<RoundDetailDto>(server, `${boardPath(BOARD_A.id)}/rounds/${ROUNDS.priorities}`, t);
      expect(priorities.body.actions.map((a) => [a.id, a.dueText, a.badge.text])).to.deep.equal([
        [ACTIONS.framework, "30 Jun 2026", "Overdue"],
        [ACTIONS.weight, "31 Mar 2027", "On track"],
        [ACTIONS.hub, "26 Jun 2026", "Closed"],
      ]);
      const bcf = await get<RoundDetailDto>(server, `${boardPath(BOARD_A.id)}/rounds/${ROUNDS.bcf}`, t);
      expect(bcf.body.actions).to.deep.equal([]);
    });
  });

  describe("the tab's pages", () => {
    it("serves the page with a CSP that only Teams may frame, and the bundled script", async () => {
      const page = await fetch(`${server.url}/tab/`);
      expect(page.status).to.equal(200);
      const csp = page.headers.get("content-security-policy") ?? "";
      expect(csp).to.include("default-src 'self'");
      expect(csp).to.match(/frame-ancestors [^;]*https:\/\/teams\.microsoft\.com/);
      expect(csp).to.match(/frame-ancestors [^;]*https:\/\/\*\.cloud\.microsoft/);
      expect(page.headers.get("x-frame-options")).to.equal(null);
      const html = await page.text();
      expect(html).not.to.match(/https?:\/\//); // nothing from a CDN

      const script = await fetch(`${server.url}/tab/app.js`);
      expect(script.status).to.equal(200);
      expect(script.headers.get("content-type")).to.match(/javascript/);
      const js = await script.text();
      expect(js).not.to.include("res.cdn.office.net/teams-js/validDomains");
      const etag = script.headers.get("etag")!;
      expect((await fetch(`${server.url}/tab/app.js`, { headers: { "If-None-Match": etag } })).status).to.equal(304);

      const origins = (await (await fetch(`${server.url}/tab/valid-origins.json`)).json()) as { validOrigins: string[] };
      expect(origins.validOrigins).to.include("teams.microsoft.com");
      expect((await fetch(`${server.url}/tab/config`)).status).to.equal(200);
      expect((await fetch(`${server.url}/tab/config.js`)).status).to.equal(200);
      const bare = await fetch(`${server.url}/tab`, { redirect: "manual" });
      expect(bare.status).to.equal(301);
      expect(bare.headers.get("location")).to.equal("/tab/");
    });
  });
});

describe("dashboard tab API: issuer unreachable, fixed issuer, single tenant", function () {
  this.timeout(60_000);
  let azurite: TestAzurite;
  let storage: TableStorage;
  let issuer: LocalIssuer;

  before(async () => {
    azurite = await TestAzurite.start();
    storage = await azurite.freshStorage();
    await seed(storage);
    issuer = await LocalIssuer.start();
  });
  after(async () => {
    await issuer?.close();
    await azurite?.stop();
  });

  const appEnv = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: "x", TAB_SSO_AUDIENCE: AUDIENCE };

  it("503 (not 401) when the issuer's keys can't be fetched", async () => {
    const server = await startTabServer(storage, { ...appEnv, TAB_SSO_JWKS_URL: "http://127.0.0.1:9/keys" });
    try {
      const t = await issuer.sign(teamsClaims(MEMBER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }));
      expect((await get(server, "/api/me", t)).status).to.equal(503);
    } finally {
      await server.close();
    }
  });

  it("TAB_SSO_ISSUER, when set, is the only issuer accepted", async () => {
    const server = await startTabServer(storage, { ...appEnv, TAB_SSO_JWKS_URL: issuer.jwksUrl, TAB_SSO_ISSUER: "https://issuer.test.example/v2.0" });
    try {
      const claims = teamsClaims(MEMBER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS });
      expect((await get(server, "/api/me", await issuer.sign({ ...claims, iss: "https://issuer.test.example/v2.0" }))).status).to.equal(200);
      expect((await get(server, "/api/me", await issuer.sign(claims))).status).to.equal(401);
    } finally {
      await server.close();
    }
  });

  it("an officer by the board's own roles (not a tenant administrator) is an officer of that board only", async () => {
    // Habib is made an officer of board A; OFFICER_AAD_IDS is empty, so that role is all he has.
    await new BoardsRepository(storage).commit({ boardId: BOARD_A.id, tenantId: TENANT, name: BOARD_A.name, version: 1, updatedAt: NOW }, undefined, [
      { add: { boardId: BOARD_A.id, aadObjectId: OFFICER.aadObjectId, role: "officer", name: OFFICER.name, addedBy: OFFICER.aadObjectId, addedByName: OFFICER.name, addedAt: NOW } },
    ]);
    const server = await startTabServer(storage, { ...appEnv, TAB_SSO_JWKS_URL: issuer.jwksUrl, OFFICER_AAD_IDS: "" });
    try {
      const officer = await issuer.sign(teamsClaims(OFFICER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }));
      const a = await get<BoardRoundsDto>(server, `${boardPath(BOARD_A.id)}/rounds`, officer);
      expect(a.status).to.equal(200);
      expect(a.body.isOfficer).to.equal(true);
      expect((await get(server, `${boardPath(BOARD_B.id)}/rounds`, officer)).status).to.equal(403);
      expect((await get<BoardsDto>(server, "/api/boards", officer)).body.boards).to.deep.equal([BOARD_A]);
      // A member of board A is still only a member there.
      const member = await issuer.sign(teamsClaims(MEMBER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }));
      expect((await get<BoardRoundsDto>(server, `${boardPath(BOARD_A.id)}/rounds`, member)).body.isOfficer).to.equal(false);
    } finally {
      await server.close();
    }
  });

  it("an officer of another board (by its own roles) is refused this board's tracker; their own they see with names", async () => {
    await new BoardsRepository(storage).commit({ boardId: BOARD_B.id, tenantId: TENANT, name: BOARD_B.name, version: 1, updatedAt: NOW }, undefined, [
      { add: { boardId: BOARD_B.id, aadObjectId: OUTSIDER.aadObjectId, role: "officer", name: OUTSIDER.name, addedBy: OUTSIDER.aadObjectId, addedByName: OUTSIDER.name, addedAt: NOW } },
    ]);
    const server = await startTabServer(storage, { ...appEnv, TAB_SSO_JWKS_URL: issuer.jwksUrl, OFFICER_AAD_IDS: "" });
    try {
      const bOfficer = await issuer.sign(teamsClaims(OUTSIDER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }));
      const refused = await get<{ error: string; message: string }>(server, `${boardPath(BOARD_A.id)}/actions`, bOfficer);
      expect(refused.status).to.equal(403);
      expect(refused.body.error).to.equal("forbidden");
      expect(JSON.stringify(refused.body)).not.to.match(/outcomes framework|Lancashire County Council/);
      const own = await get<BoardActionsDto>(server, `${boardPath(BOARD_B.id)}/actions`, bOfficer);
      expect(own.status).to.equal(200);
      expect(own.body.isOfficer).to.equal(true);
      expect(own.body.actions[0]!.history.map((e) => e.whoText)).to.deep.equal([OUTSIDER.name]);
    } finally {
      await server.close();
    }
  });

  it("without the actions store the tracker is empty (access still checked)", async () => {
    const server = await startTabServer(storage, { ...appEnv, TAB_SSO_JWKS_URL: issuer.jwksUrl }, { withoutActions: true });
    try {
      const member = await issuer.sign(teamsClaims(MEMBER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }));
      const res = await get<BoardActionsDto>(server, `${boardPath(BOARD_A.id)}/actions`, member);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.include({ actions: [], summaryText: "No actions yet." });
      expect((await get<RoundDetailDto>(server, `${boardPath(BOARD_A.id)}/rounds/${ROUNDS.priorities}`, member)).body.actions).to.deep.equal([]);
      const outsider = await issuer.sign(teamsClaims(OUTSIDER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }));
      expect((await get(server, `${boardPath(BOARD_A.id)}/actions`, outsider)).status).to.equal(403);
    } finally {
      await server.close();
    }
  });

  it("with MicrosoftAppTenantId set, a token from another tenant is refused", async () => {
    const server = await startTabServer(storage, { ...appEnv, TAB_SSO_JWKS_URL: issuer.jwksUrl, MicrosoftAppTenantId: TENANT });
    try {
      const home = await issuer.sign(teamsClaims(MEMBER, { tenantId: TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }));
      const away = await issuer.sign(teamsClaims(MEMBER, { tenantId: OTHER_TENANT, audience: AUDIENCE, nowSeconds: NOW_SECONDS }));
      expect((await get(server, "/api/me", home)).status).to.equal(200);
      expect((await get(server, "/api/me", away)).status).to.equal(401);
    } finally {
      await server.close();
    }
  });
});

describe("dashboard tab API in local mode (no app ID)", function () {
  this.timeout(60_000);
  let azurite: TestAzurite;
  let storage: TableStorage;

  before(async () => {
    azurite = await TestAzurite.start();
    storage = await azurite.freshStorage();
    await seed(storage);
  });
  after(async () => {
    await azurite?.stop();
  });

  it("acts as DEV_USER_AAD_ID without a token", async () => {
    const server = await startTabServer(storage, { DEV_USER_AAD_ID: MEMBER.aadObjectId });
    try {
      const me = await get<MeDto>(server, "/api/me");
      expect(me.body).to.deep.equal({ mode: "local", aadObjectId: MEMBER.aadObjectId, role: "member", isOfficer: false });
      expect((await get(server, `${boardPath(BOARD_A.id)}/rounds`)).status).to.equal(200);
      expect((await get(server, `${boardPath(BOARD_B.id)}/rounds`)).status).to.equal(403);
    } finally {
      await server.close();
    }
  });

  it("defaults to the first officer", async () => {
    const server = await startTabServer(storage, {});
    try {
      expect((await get<MeDto>(server, "/api/me")).body).to.include({ aadObjectId: OFFICER.aadObjectId, role: "officer" });
    } finally {
      await server.close();
    }
  });

  it("answers only loopback callers", async function () {
    expect(isLoopbackAddress("127.0.0.1")).to.equal(true);
    expect(isLoopbackAddress("::1")).to.equal(true);
    expect(isLoopbackAddress("::ffff:127.0.0.1")).to.equal(true);
    expect(isLoopbackAddress("10.0.0.5")).to.equal(false);
    expect(isLoopbackAddress("::ffff:192.168.1.10")).to.equal(false);
    expect(isLoopbackAddress(undefined)).to.equal(false);

    // For real: listen on every interface and call in through one that isn't loopback.
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal);
    if (!external) this.skip();
    const server = await startTabServer(storage, {}, { host: "0.0.0.0" });
    try {
      const port = new URL(server.url).port;
      const viaLan = await fetch(`http://${external!.address}:${port}/api/me`);
      expect(viaLan.status).to.equal(403);
      const viaLoopback = await fetch(`http://127.0.0.1:${port}/api/me`);
      expect(viaLoopback.status).to.equal(200);
    } finally {
      await server.close();
    }
  });
});
