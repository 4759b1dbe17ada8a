import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs, toSummaryInput } from "../../services/summary/cli.ts";
import { summaryToCsv, summaryToMarkdown } from "../../services/summary/format.ts";
import { parseRoundFile, RoundFileError, type RoundFile } from "../../services/summary/round-file.ts";
import type { Summary } from "../../services/summary/summary.types.ts";

const CLI = fileURLToPath(new URL("../../services/summary/cli.ts", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../docs/examples/round.json", import.meta.url));
const exampleText = readFileSync(EXAMPLE, "utf8");
const example = JSON.parse(exampleText) as RoundFile;

/**
 * tsx's loader. `import.meta.resolve` where the test runs as ESM; under mocha's require-first
 * loading tsx compiles this file to CommonJS, where only `require.resolve` is there (tsx's "." export
 * is the same file for both).
 */
const TSX = typeof import.meta.resolve === "function" ? import.meta.resolve("tsx") : pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Runs the CLI as `npm run summarize` would: node with tsx, in a child process. */
function run(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", TSX, CLI, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the example with `change` applied, as text. */
function variant(change: (file: any) => void): string {
  const copy = JSON.parse(exampleText);
  change(copy);
  return JSON.stringify(copy, null, 2);
}

/** The example's answers, for checking evidence is copied verbatim. */
const answers = example.responses.flatMap((r) => Object.values(r.answers ?? {}));

function issuesOf(text: string): string[] {
  try {
    parseRoundFile(text);
  } catch (e) {
    if (e instanceof RoundFileError) return e.issues;
    throw e;
  }
  return [];
}

describe("round file validation", () => {
  it("accepts the example", () => {
    expect(issuesOf(exampleText)).to.deep.equal([]);
  });

  it("names the problem and where it is", () => {
    expect(issuesOf(variant((f) => (f.round.questions[2].kind = "opinion")))).to.deep.equal(['round.questions[2].kind: must be "view" or "recommendation"']);
    expect(issuesOf(variant((f) => (f.responses[0].answers.zzz = "Hello")))).to.deep.equal(['responses[0].answers.zzz: unknown questionId "zzz" (not in round.questions)']);
    expect(issuesOf(variant((f) => (f.members[1].id = "m1")))).to.deep.equal(['members[1].id: duplicate member id "m1"', 'responses[1].memberId: unknown member "m2" (not in members)']);
    expect(issuesOf(variant((f) => delete f.round.title))).to.deep.equal(["round.title: is required"]);
    expect(issuesOf(variant((f) => (f.round.anonymous = "yes")))).to.deep.equal(['round.anonymous: must be a boolean (found "yes")']);
    expect(issuesOf(variant((f) => (f.round.minRespondent = 3)))).to.deep.equal(['round: unknown field "minRespondent"']);
    expect(issuesOf(variant((f) => (f.responses[3].commitments[0].level = "maybe")))).to.deep.equal([
      'responses[3].commitments[0].level: must be "lead", "contribute", "support", "consult" or "unable"',
    ]);
    expect(issuesOf(variant((f) => (f.responses[0].votes = { carers: 3 })))).to.deep.equal(["responses[0].votes: 3 votes placed but round.votesPerMember is 2"]);
    expect(issuesOf(variant((f) => (f.responses[6].commitments = [{ interventionId: "nope", level: "lead" }])))).to.deep.equal([
      'responses[6].commitments[0].interventionId: unknown intervention "nope" (interventions are round.options)',
    ]);
  });

  it("reports bad JSON with its line and column", () => {
    const issues = issuesOf('{\n  "round": {\n    "id": "r1",,\n  }\n}');
    expect(issues).to.have.length(1);
    expect(issues[0]).to.match(/^not valid JSON: line 3, column \d+ \(position \d+\)/);
  });
});

describe("round file → summary input", () => {
  const input = toSummaryInput(parseRoundFile(exampleText), "2024-04-01T09:00:00.000Z");

  it("maps the round, members' organisations and the kinds the round has", () => {
    expect(input.invited).to.equal(8);
    expect(input.round.kinds).to.deep.equal(["feedback", "vote", "commitment"]);
    expect(input.round.minRespondents).to.equal(3);
    expect(input.round.interventions.map((o) => o.id)).to.deep.equal(["dv", "carers", "lonely", "alcohol"]);
    expect(input.responses[0]).to.include({ memberId: "m1", organisation: "Northshire County Council" });
    expect(input.responses.find((r) => r.memberId === "m7")!.commitments).to.deep.equal([]);
  });

  it("has no vote or commitments when the file has none", () => {
    const f = parseRoundFile(variant((x) => {
      delete x.round.votesPerMember;
      for (const r of x.responses) {
        delete r.votes;
        delete r.commitments;
      }
    }));
    const i = toSummaryInput(f, "2024-04-01T09:00:00.000Z");
    expect(i.round.kinds).to.deep.equal(["feedback"]);
    expect(i.round.interventions).to.deep.equal([]);
  });

  it("reads its arguments", () => {
    expect(parseArgs(["round.json"])).to.deep.equal({ file: "round.json", format: "json", generatedAt: undefined, wordsOnly: false });
    expect(parseArgs(["round.json", "--words-only"]).wordsOnly).to.equal(true);
    expect(parseArgs(["--format=md", "round.json"]).format).to.equal("md");
    expect(() => parseArgs(["round.json", "--format", "pdf"])).to.throw(/--format must be json, md or csv/);
    expect(() => parseArgs([])).to.throw(/no round file/);
  });
});

describe("summarize CLI", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "summarize-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  let summary: Summary;
  before(() => {
    const r = run(EXAMPLE, "--format", "json", "--generated-at", "2024-04-01T09:00:00Z");
    expect(r.stderr).to.equal("");
    expect(r.code).to.equal(0);
    summary = JSON.parse(r.stdout) as Summary;
  });

  it("prints the summary as JSON with the required fields", () => {
    expect(summary).to.include({ roundId: "r-2024-spring", title: example.round.title, boardName: "Northshire Health and Wellbeing Board", anonymous: true, minRespondents: 3, invited: 8, responded: 7 });
    expect(summary.generatedAt).to.equal("2024-04-01T09:00:00.000Z");
    expect(summary.themes.map((t) => t.theme)).to.deep.equal(["Role of the Board", "Strategy Narrative", "Delivery of the Strategy"]);
    for (const t of summary.themes) {
      expect(t.withheld).to.equal(false);
      expect(t.respondents).to.be.at.least(3);
      expect(t.points.length).to.be.greaterThan(0);
      for (const p of [...t.points, ...t.recommendations]) {
        expect(p).to.have.keys(["id", "statement", "verb", "supporters", "quantifier", "evidence", "source"]);
        expect(["said", "asked", "called for"]).to.include(p.verb);
      }
    }
    expect(summary.votes.map((v) => v.optionId).sort()).to.deep.equal(["alcohol", "carers", "dv", "lonely"]);
    expect(summary.commitments).to.have.length(4);
    expect(summary.opportunities.length).to.be.greaterThan(0);
  });

  it("quotes evidence exactly as members wrote it", () => {
    const evidence = summary.themes.flatMap((t) => [...t.points, ...t.recommendations].flatMap((p) => p.evidence));
    expect(evidence.length).to.be.greaterThan(10);
    for (const e of evidence) expect(answers.some((a) => a.includes(e)), e).to.equal(true);
    // The five members who said the Board leads across the county are one point.
    const lead = summary.themes[0]!.points[0]!;
    expect(lead.supporters).to.equal(5);
    expect(lead.quantifier).to.equal("most");
  });

  it("prints a Markdown report", () => {
    const r = run(EXAMPLE, "--format", "md");
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^# Spring development round/);
    expect(r.stdout).to.include("## Role of the Board — feedback");
    expect(r.stdout).to.include("### Recommendations");
    expect(r.stdout).to.match(/- Most members \(5 of 7\) said [a-z].+\.\n {2}- “/);
    expect(r.stdout).to.include("| Rank | Priority | Votes | Voters |");
    expect(r.stdout).to.include("## Commitments to interventions");
  });

  it("prints CSV with a byte-order mark, one row per point", () => {
    const r = run(EXAMPLE, "--format", "csv");
    expect(r.code).to.equal(0);
    expect(r.stdout.startsWith("\uFEFFTheme,Type,Statement,Quantifier,Supporters,Evidence\r\n")).to.equal(true);
    const points = summary.themes.reduce((n, t) => n + t.points.length + t.recommendations.length, 0);
    expect(r.stdout.trimEnd().split("\r\n")).to.have.length(points + 1);
    expect(r.stdout).to.include("Role of the Board,point,");
    expect(r.stdout).to.include(",recommendation,");
  });

  it("fails clearly on bad input", () => {
    const badJson = run(write("bad.json", '{ "round": { "id": "r1", '));
    expect(badJson.code).to.equal(1);
    expect(badJson.stderr).to.match(/not valid JSON: line 1, column \d+/);
    expect(badJson.stdout).to.equal("");

    const wrongKind = run(write("kind.json", variant((f) => (f.round.questions[2].kind = "opinion"))));
    expect(wrongKind.code).to.equal(1);
    expect(wrongKind.stderr).to.include('round.questions[2].kind: must be "view" or "recommendation"');

    const unknownQuestion = run(write("question.json", variant((f) => (f.responses[1].answers.zzz = "Hello"))));
    expect(unknownQuestion.code).to.equal(1);
    expect(unknownQuestion.stderr).to.include('responses[1].answers.zzz: unknown questionId "zzz"');

    const missing = run(join(dir, "nope.json"));
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.match(/can't read round file ".*nope\.json": no such file/);

    const usage = run(EXAMPLE, "--format", "pdf");
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.include("--format must be json, md or csv");
  });
});

describe("summary formats", () => {
  const summary: Summary = {
    roundId: "r1",
    title: "Round *one*",
    boardName: "Board",
    anonymous: false,
    minRespondents: 3,
    invited: 4,
    responded: 3,
    themes: [
      {
        theme: "Role | of the Board",
        respondents: 3,
        withheld: false,
        points: [{ id: "t1p1", statement: "=SUM(A1) is not a point", supporters: 3, quantifier: "all", evidence: ["=SUM(A1) is not a point.", "Second, with \"quotes\""], source: "members" }],
        recommendations: [{ id: "t1r1", statement: "Meet more often", supporters: 1, quantifier: "one", evidence: ["Meet more often."], source: "members" }],
      },
      { theme: "Withheld theme", respondents: 1, withheld: true, points: [], recommendations: [] },
    ],
    votes: [],
    votesWithheld: false,
    commitmentOrganisations: [],
    commitments: [],
    opportunities: [],
    unled: [],
    generatedAt: "2024-04-01T09:00:00.000Z",
  };

  it("escapes Markdown and says when a theme is withheld", () => {
    const md = summaryToMarkdown(summary);
    expect(md).to.include("# Round \\*one\\*");
    expect(md).to.include("## Role \\| of the Board — feedback");
    expect(md).to.include("- Board members agreed: =SUM(A1) is not a point.");
    expect(md).to.include("Fewer than 3 members answered this theme");
    expect(md).to.not.include("Priority vote");
  });

  it("neutralises formulas in CSV cells and joins evidence with ' | '", () => {
    const csv = summaryToCsv(summary);
    const lines = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines).to.deep.equal([
      "Theme,Type,Statement,Quantifier,Supporters,Evidence",
      `Role | of the Board,point,'=SUM(A1) is not a point,all,3,"'=SUM(A1) is not a point. | Second, with ""quotes"""`,
      "Role | of the Board,recommendation,Meet more often,one,1,Meet more often.",
    ]);
  });
});
