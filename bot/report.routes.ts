import type { Request, Response, Server } from "restify";
import { formatForPeople, ZONE_LABEL } from "../services/rounds/time.ts";
import { answersCsv } from "../services/summary/answers-export.ts";
import { summaryToCsv } from "../services/summary/format.ts";
import type { LinkKind, LinkSigner } from "../services/summary/links.ts";
import { renderReportHtml } from "../services/summary/report.html.ts";
import { renderBoardReportPdf } from "../services/reports/board-report.pdf.ts";
import type { BoardAction } from "../services/domain/action.ts";
import type { SummaryService } from "../services/summary/summary.service.ts";
import type { DeliveriesRepository } from "../services/storage/deliveries.repository.ts";
import type { ResponsesRepository } from "../services/storage/responses.repository.ts";
import type { RoundsRepository } from "../services/storage/rounds.repository.ts";
import type { Logger } from "../services/logging/logger.ts";
import type { Clock } from "../services/clock.ts";
import type { MemberDataService } from "../services/members/member-data.service.ts";
import { BoardDirectory } from "../services/boards/board-directory.ts";
import { ForbiddenError } from "../services/boards/errors.ts";

export interface ReportRouteDeps {
  members: Pick<MemberDataService, "exportForOfficer" | "exportOwn">;
  /** An officer's export is computed for the boards they run when they download it, not when the link was made. */
  directory: Pick<BoardDirectory, "membershipsOf">;
  links: LinkSigner;
  summaries: Pick<SummaryService, "published">;
  rounds: RoundsRepository;
  deliveries: DeliveriesRepository;
  responses: ResponsesRepository;
  /** The board's actions, for the PDF report's tracker (ActionsRepository); without it the tracker says "No actions yet". */
  actions?: { listByBoard(boardId: string): Promise<BoardAction[]> };
  clock: Clock;
  timeZone: string;
  logger: Logger;
}

/** Nothing from these pages may load anything else, be framed, cached, or leak the signed URL onwards. */
const SECURITY_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "private, no-store",
};

function send(res: Response, status: number, contentType: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, "Content-Type": contentType, "Content-Length": String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

const refuse = (res: Response) =>
  send(res, 403, "text/plain; charset=utf-8", "This link has expired or is not valid. Ask an officer for a new one (type export to the bot).");
const notFound = (res: Response, what: string) => send(res, 404, "text/plain; charset=utf-8", `${what} isn't available (yet).`);

/**
 * A file name for the round's title that every browser and mail client keeps as it is: ASCII
 * letters, digits and a few marks ("Year 1 programme review 1 1 feedback"), else "board-report".
 */
export function safeFileName(title: string): string {
  const ascii = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const safe = ascii.replace(/[^A-Za-z0-9 ._()&,-]+/g, " ").replace(/\s+/g, " ").replace(/^[ .]+|[ .]+$/g, "").slice(0, 80).trim();
  return safe || "board-report";
}

/**
 * Signed, read-only report and export downloads: GET /reports/:roundId/{report,report.pdf,summary.csv,answers.csv}
 * ?b=<board>&exp=<unix>&sig=<hmac>. The signature is the permission (see links.ts).
 */
export function registerReportRoutes(server: Server, deps: ReportRouteDeps): void {
  const guard = (kind: LinkKind, handler: (req: Request, res: Response, ids: { boardId: string; roundId: string }) => Promise<void>) =>
    async (req: Request, res: Response) => {
      const query = new URL(req.url ?? "/", "http://local").searchParams;
      const roundId = String(req.params?.roundId ?? "");
      const boardId = query.get("b") ?? "";
      if (!deps.links.verify(kind, boardId, roundId, query.get("exp") ?? undefined, query.get("sig") ?? undefined)) {
        refuse(res);
        return;
      }
      try {
        await handler(req, res, { boardId, roundId });
      } catch (err) {
        deps.logger.error({ kind, roundId, err: err instanceof Error ? err.message : String(err) }, "report route failed");
        if (!res.headersSent) send(res, 503, "text/plain; charset=utf-8", "Couldn't build that just now. Please try again in a moment.");
      }
    };

  server.get("/reports/:roundId/report", guard("report", async (_req, res, { boardId, roundId }) => {
    const published = await deps.summaries.published(boardId, roundId);
    if (!published) return notFound(res, "The published report");
    const { round, doc } = published;
    const html = renderReportHtml(doc.summary, {
      closedText: round.closedAt ? `Closed ${formatForPeople(round.closedAt, deps.timeZone)} (${ZONE_LABEL})` : "Closed",
      publishedByText: doc.publishedAt ? `Published ${formatForPeople(doc.publishedAt, deps.timeZone)} by ${doc.publishedByName ?? "an officer"}` : undefined,
      generatedText: `Generated ${formatForPeople(doc.summary.generatedAt, deps.timeZone)} (${ZONE_LABEL})`,
    });
    send(res, 200, "text/html; charset=utf-8", html);
  }));

  // The PDF board report: the published summary and the board's action tracker, made now (so the tracker is today's).
  server.get("/reports/:roundId/report.pdf", guard("pdf", async (_req, res, { boardId, roundId }) => {
    const published = await deps.summaries.published(boardId, roundId);
    if (!published) return notFound(res, "The published report");
    const actions = deps.actions ? await deps.actions.listByBoard(boardId) : [];
    const pdf = await renderBoardReportPdf({ summary: published.doc.summary, actions, timeZone: deps.timeZone, now: deps.clock.now() });
    const name = safeFileName(published.round.title);
    send(res, 200, "application/pdf", pdf, { "Content-Disposition": `attachment; filename="${name}.pdf"` });
  }));

  server.get("/reports/:roundId/summary.csv", guard("summary.csv", async (_req, res, { boardId, roundId }) => {
    const published = await deps.summaries.published(boardId, roundId);
    if (!published) return notFound(res, "The published summary");
    send(res, 200, "text/csv; charset=utf-8", summaryToCsv(published.doc.summary), { "Content-Disposition": `attachment; filename="summary-${roundId}.csv"` });
  }));

  // An officer's export of a member: the "board" is the tenant and the id names the member and the officer who asked.
  server.get("/reports/:roundId/member.json", guard("member.json", async (_req, res, { boardId: tenantId, roundId: id }) => {
    const [member, officer] = id.split(".");
    if (!member || !officer) return notFound(res, "That export");
    const grants = (await deps.directory.membershipsOf({ aadObjectId: officer, name: "(download link)", tenantId }))
      .filter((m) => m.isOfficer)
      .map((m) => BoardDirectory.officerGrant(m, "export a member's data"));
    try {
      const data = await deps.members.exportForOfficer(grants, member);
      send(res, 200, "application/json; charset=utf-8", JSON.stringify(data, null, 2), { "Content-Disposition": `attachment; filename="member-${member}.json"` });
    } catch (err) {
      if (!(err instanceof ForbiddenError)) throw err;
      send(res, 403, "text/plain; charset=utf-8", err.message);
    }
  }));

  // A member's own data (anonymous answers included): the link went only to them, 1:1.
  server.get("/reports/:roundId/my.json", guard("my.json", async (_req, res, { boardId: tenantId, roundId: member }) => {
    const data = await deps.members.exportOwn({ tenantId, aadObjectId: member });
    send(res, 200, "application/json; charset=utf-8", JSON.stringify(data, null, 2), { "Content-Disposition": `attachment; filename="my-data.json"` });
  }));

  server.get("/reports/:roundId/answers.csv", guard("answers.csv", async (_req, res, { boardId, roundId }) => {
    const round = await deps.rounds.get(boardId, roundId);
    if (!round) return notFound(res, "That round");
    if (round.value.anonymous) {
      send(res, 403, "text/plain; charset=utf-8", "This round is anonymous, so its raw answers can't be exported.");
      return;
    }
    const [deliveries, responses] = await Promise.all([deps.deliveries.listByRound(roundId), deps.responses.listByRound(roundId)]);
    send(res, 200, "text/csv; charset=utf-8", answersCsv(round.value, deliveries, responses), { "Content-Disposition": `attachment; filename="answers-${roundId}.csv"` });
  }));
}
