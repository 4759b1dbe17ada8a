import { expect } from "chai";
import { summaryAnonymousSample, summarySample } from "../../cards/preview/samples.ts";
import { COMMITMENT_LEVEL_TITLES } from "../../services/domain/response.ts";
import { pointSentence, quantifierPhrase, responseRateText, softLower, withheldThemeText, withheldVoteText } from "../../services/summary/phrasing.ts";
import { escapeHtml, renderReportHtml } from "../../services/summary/report.html.ts";
import type { Summary } from "../../services/summary/summary.types.ts";

const META = {
  closedText: "Closed Friday 4 December 2026 at 5:00pm (UK time)",
  publishedByText: "Published Tuesday 8 December 2026 at 9:12am by Habib Patel",
  generatedText: "Generated Tuesday 8 December 2026 at 9:12am (UK time)",
};

const HOSTILE = `<script>alert(1)</script> & "quotes" 'too'`;
const HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;";

/** Text content, roughly: tags dropped, the few entities the report uses decoded. */
function textOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/** Every start tag has its end tag, properly nested (a loose check: the report writes well-formed markup). */
function unbalancedTags(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = html.replace(/<style>[\s\S]*?<\/style>/, "<style></style>");
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const [, closing, rawName] = match;
    const name = rawName!.toLowerCase();
    if (VOID.has(name)) continue;
    if (!closing) stack.push(name);
    else if (stack.at(-1) === name) stack.pop();
    else problems.push(`</${name}> at ${match.index} closes <${stack.at(-1) ?? "nothing"}>`);
  }
  if (stack.length > 0) problems.push(`never closed: ${stack.join(", ")}`);
  return problems;
}

function hostileSummary(): Summary {
  const theme = summarySample.themes[0]!;
  return {
    ...summarySample,
    title: `Round ${HOSTILE}`,
    boardName: `Board ${HOSTILE}`,
    themes: [
      {
        ...theme,
        theme: `Theme ${HOSTILE}`,
        points: [{ ...theme.points[1]!, statement: HOSTILE, evidence: [`Evidence ${HOSTILE}`] }],
        recommendations: [{ ...theme.recommendations[0]!, statement: `Recommend ${HOSTILE}`, evidence: [] }],
      },
    ],
    votes: [{ ...summarySample.votes[0]!, label: `Vote ${HOSTILE}` }],
    commitmentOrganisations: [`Org ${HOSTILE}`],
    commitments: [{ ...summarySample.commitments[0]!, label: `Intervention ${HOSTILE}`, cells: { [`Org ${HOSTILE}`]: "lead" } }],
    opportunities: [{ kind: "intervention", id: "i1", label: `Opportunity ${HOSTILE}`, organisations: [`Org ${HOSTILE}`], detail: `Detail ${HOSTILE}` }],
    unled: [{ id: "i2", label: `Unled ${HOSTILE}`, committed: [`Org ${HOSTILE}`] }],
  };
}

describe("printable report (HTML)", () => {
  describe("escapeHtml", () => {
    it("escapes markup, ampersands and both kinds of quote", () => {
      expect(escapeHtml(HOSTILE)).to.equal(HOSTILE_ESCAPED);
      expect(escapeHtml("Fish & chips <b>")).to.equal("Fish &amp; chips &lt;b&gt;");
      expect(escapeHtml(`" onmouseover="x`)).to.equal("&quot; onmouseover=&quot;x");
      expect(escapeHtml("&amp;")).to.equal("&amp;amp;");
      expect(escapeHtml("plain text — “curly” ’quotes’")).to.equal("plain text — “curly” ’quotes’");
    });
  });

  describe("phrasing", () => {
    it("phrases the quantifier as seed 002 does", () => {
      expect(quantifierPhrase("all", 12, 12)).to.equal("Board members agreed");
      expect(quantifierPhrase("most", 7, 12)).to.equal("Most members (7 of 12)");
      expect(quantifierPhrase("some", 3, 12)).to.equal("Some members (3 of 12)");
      expect(quantifierPhrase("one", 1, 12)).to.equal("One member");
      expect(quantifierPhrase("mixed", 5, 12)).to.equal("Members had mixed views");
    });

    it("makes a point one sentence, lower-casing only ordinary first words, and never credits members with an officer's point", () => {
      const point = { statement: "The strategy has clear outcomes", quantifier: "most", supporters: 7, source: "members" } as const;
      expect(pointSentence(point, 12)).to.equal("Most members (7 of 12) said: the strategy has clear outcomes.");
      expect(pointSentence({ ...point, quantifier: "all", supporters: 12 }, 12)).to.equal("Board members agreed: the strategy has clear outcomes.");
      expect(pointSentence({ ...point, quantifier: "one", supporters: 1, statement: "NHS partners see it as social care?" }, 12)).to.equal(
        "One member said: NHS partners see it as social care?",
      );
      expect(pointSentence({ ...point, quantifier: "mixed" }, 12)).to.equal("Members had mixed views: the strategy has clear outcomes.");
      expect(pointSentence({ ...point, source: "officer" }, 12)).to.equal("Officers added: the strategy has clear outcomes.");
      expect(softLower("Lancashire leads")).to.equal("Lancashire leads");
      expect(softLower("I think so")).to.equal("I think so");
      expect(softLower("JSNA first")).to.equal("JSNA first");
      expect(responseRateText(11, 14)).to.equal("11 of 14 members responded (79%)");
    });
  });

  describe("renderReportHtml", () => {
    const html = renderReportHtml(summarySample, META);
    const text = textOf(html);

    it("is one standalone HTML5 page with nothing to load and no script", () => {
      expect(html.startsWith("<!doctype html>\n<html lang=\"en-GB\">")).to.equal(true);
      expect(html).to.contain('<meta charset="utf-8">');
      expect(html.trimEnd().endsWith("</html>")).to.equal(true);
      expect(html).to.not.match(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import|javascript:/i);
      expect(unbalancedTags(html)).to.deep.equal([]);
    });

    it("has the title, board, response rate, dates and seed 002's heading", () => {
      expect(text).to.contain(summarySample.title);
      expect(text).to.contain(summarySample.boardName);
      expect(text).to.contain("Feedback & Recommendations");
      expect(text).to.contain("11 of 14 members responded (79%)");
      for (const line of Object.values(META)) expect(text).to.contain(line);
      expect(html.match(/<h1>/g)).to.have.length(1);
    });

    it("has every theme's feedback, phrased with its quantifier, then its recommendations", () => {
      for (const theme of summarySample.themes) {
        expect(text).to.contain(`${theme.theme} — Feedback`);
        for (const point of theme.points) expect(text).to.contain(pointSentence(point, theme.respondents));
        if (theme.recommendations.length > 0) expect(text).to.contain(`${theme.theme} — Recommendations`);
        for (const rec of theme.recommendations) expect(text).to.contain(rec.statement);
      }
      expect(text).to.contain("Board members agreed: Board members have a leadership role across the whole county.");
      expect(text).to.contain("11 of 11 members");
      expect(text).to.contain("Most members (8 of 11) said: Board members should hold each other to account.");
      expect(text).to.contain("Members had mixed views: a rigorous performance management framework for the strategy.");
      expect(text).to.contain("Added by officers");
      // Themes in order.
      const positions = summarySample.themes.map((t) => text.indexOf(`${t.theme} — Feedback`));
      expect([...positions].sort((a, b) => a - b)).to.deep.equal(positions);
    });

    it("quotes members' words, folded on screen and printed from a copy", () => {
      const quote = summarySample.themes[0]!.points[0]!.evidence[0]!;
      const escaped = `<blockquote>“${escapeHtml(quote)}”</blockquote>`;
      expect(html.split(escaped)).to.have.length(3);
      expect(html).to.match(/<details class="evidence screen-only"><summary>In members’ own words \(2\)<\/summary>/);
      expect(html).to.contain('<div class="evidence print-only">');
    });

    it("has print CSS: A4 pages, breaks between major sections, the quotes shown, the folded copies hidden", () => {
      expect(html).to.contain("@media print");
      expect(html).to.match(/@page \{ size: A4;/);
      expect(html).to.match(/\.major \{ break-before: page;/);
      expect(html).to.match(/\.screen-only \{ display: none !important; \}/);
      expect(html).to.match(/\.print-only \{ display: block; \}/);
      expect(html.match(/<section class="major/g)).to.have.length(2);
    });

    it("has the priorities table with ranks, ties, votes and voters", () => {
      expect(html).to.contain('<table class="priorities">');
      expect(html).to.contain(`<tr class="top"><td class="num rank">1</td><th scope="row">${escapeHtml(summarySample.votes[0]!.label)}</th><td class="num">7</td><td class="num">5</td></tr>`);
      expect(html.match(/<td class="num rank">=2<\/td>/g)).to.have.length(2);
    });

    it("has the commitment matrix: interventions × organisations, cells titled by level, and a legend", () => {
      const matrix = /<table class="matrix">([\s\S]*?)<\/table>/.exec(html)![1]!;
      for (const org of summarySample.commitmentOrganisations) expect(matrix).to.contain(`<th scope="col">${escapeHtml(org)}</th>`);
      expect(matrix.match(/<tr/g)).to.have.length(summarySample.commitments.length + 1);
      for (const row of summarySample.commitments) expect(matrix).to.contain(`<th scope="row">${escapeHtml(row.label)}</th>`);
      expect(matrix).to.contain(`<td class="lvl lvl-lead">Lead</td>`);
      expect(matrix).to.contain(`<td class="lvl lvl-support">${escapeHtml(COMMITMENT_LEVEL_TITLES.support)}</td>`);
      const legend = /<ul class="legend">([\s\S]*?)<\/ul>/.exec(html)![1]!;
      for (const title of Object.values(COMMITMENT_LEVEL_TITLES)) expect(legend).to.contain(escapeHtml(title));
    });

    it("lists collaboration opportunities and the interventions nobody leads", () => {
      expect(text).to.contain("Collaboration opportunities");
      for (const o of summarySample.opportunities) expect(text).to.contain(o.detail);
      expect(text).to.contain("Interventions nobody leads");
      for (const u of summarySample.unled) expect(text).to.contain(u.label);
      expect(text).to.contain("Committed: Lancashire Constabulary");
    });

    it("says withheld themes, votes and commitment rows are withheld, and shows none of them", () => {
      const anonymous = renderReportHtml(summaryAnonymousSample, { ...META, publishedByText: undefined });
      const t = textOf(anonymous);
      expect(t).to.contain(`Integration — Feedback`);
      expect(t).to.contain(withheldThemeText(3));
      expect(withheldThemeText(3)).to.equal("Fewer than 3 members answered this theme, so it is withheld to protect anonymity.");
      const integration = summarySample.themes.find((x) => x.theme === "Integration")!;
      for (const point of integration.points) expect(t).to.not.contain(point.statement.slice(0, 30));
      expect(t).to.contain(withheldVoteText(3));
      expect(anonymous).to.not.contain('<table class="priorities">');
      expect(anonymous).to.match(/<tr class="withheld-row"><th scope="row">Alcohol liaison nurses<\/th><td colspan="6" class="withheld">Withheld: fewer than 3 members answered\.<\/td><\/tr>/);
      expect(t).to.contain("Anonymous round");
      expect(t).to.not.contain("Published");
      expect(unbalancedTags(anonymous)).to.deep.equal([]);
    });

    it("escapes everything that came from members or officers, wherever it appears", () => {
      const hostile = renderReportHtml(hostileSummary(), { ...META, publishedByText: `Published by ${HOSTILE}` });
      expect(hostile).to.not.match(/<script/i);
      expect(hostile).to.not.contain(`"quotes"`);
      const occurrences = hostile.split(HOSTILE_ESCAPED).length - 1;
      // title ×2 (<title>, <h1>), board, theme ×2, point, evidence ×2 (screen + print), recommendation,
      // vote, organisation ×2 (matrix, unled), intervention, opportunity, its detail, unled, published.
      expect(occurrences).to.equal(17);
      expect(hostile).to.contain(`<th scope="col">Org ${HOSTILE_ESCAPED}</th>`);
      // A level that isn't one of the five never reaches a class attribute.
      const oddLevel = hostileSummary();
      oddLevel.commitments[0]!.cells = { [`Org ${HOSTILE}`]: `lead" onclick="x` as never };
      expect(renderReportHtml(oddLevel, META)).to.not.contain("onclick");
      expect(unbalancedTags(hostile)).to.deep.equal([]);
    });

    it("leaves out sections with nothing in them", () => {
      const feedbackOnly = renderReportHtml({ ...summarySample, votes: [], commitments: [], commitmentOrganisations: [], opportunities: [], unled: [] }, META);
      const t = textOf(feedbackOnly);
      for (const heading of ["Priorities", "Commitments to interventions", "Collaboration opportunities", "Interventions nobody leads"]) {
        expect(t).to.not.contain(heading);
      }
      expect(feedbackOnly).to.not.contain('<section class="major');
      expect(unbalancedTags(feedbackOnly)).to.deep.equal([]);
      const empty = renderReportHtml({ ...summarySample, themes: [{ theme: "Integration", respondents: 4, withheld: false, points: [], recommendations: [] }] }, META);
      expect(textOf(empty)).to.contain("No points were made on this theme.");
      expect(textOf(empty)).to.not.contain("Integration — Recommendations");
    });
  });
});

describe("printable report: a withheld theme", () => {
  it("keeps members' words out and shows an officer's own recommendation", () => {
    const officer = { id: "t5o1", statement: "The Board should agree a shared integration plan by March", supporters: 0, quantifier: "one" as const, evidence: [], source: "officer" as const };
    const member = { id: "t5r1", statement: "a member's own recommendation", supporters: 1, quantifier: "one" as const, evidence: ["My words"], source: "members" as const };
    const summary: Summary = { ...summaryAnonymousSample, themes: summaryAnonymousSample.themes.map((t) => (t.withheld ? { ...t, recommendations: [member, officer] } : t)) };
    const html = renderReportHtml(summary, META);
    expect(html).to.contain("shared integration plan by March");
    expect(html).to.not.contain("a member&#39;s own recommendation").and.not.contain("My words").and.not.contain("a member's own recommendation");
  });
});
