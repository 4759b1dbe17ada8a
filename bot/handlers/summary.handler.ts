import { z } from "zod";
import type { Banner } from "../../cards/card-types.ts";
import { Verbs } from "../../cards/verbs.ts";
import type { Round } from "../../services/domain/round.ts";
import { RoundClosedError } from "../../services/rounds/errors.ts";
import { formatForPeople, ZONE_LABEL } from "../../services/rounds/time.ts";
import type { LinkSigner } from "../../services/summary/links.ts";
import { ReviewError, type ReviewEdits } from "../../services/summary/review.ts";
import type { SummaryDoc, SummaryService } from "../../services/summary/summary.service.ts";
import { ConcurrencyError } from "../../services/storage/errors.ts";
import { BoardDirectory, type Membership, type OfficerGrant } from "../../services/boards/board-directory.ts";
import type { VerbHandler } from "../router.ts";
import { actorOf, type ActionResult } from "../turn.ts";
import { fittedDigestCard, fittedReviewCard } from "../views/summary.views.ts";
import type { BoardCommand, Reply } from "./board-scope.ts";
import type { HandlerServices } from "./deps.ts";
import { roundRefShape } from "./ids.ts";

export type SummaryHandlerDeps = Pick<HandlerServices, "boards" | "rounds" | "summaries" | "links" | "timeZone">;

/** Report links in digests last as long as a board needs them; export links are for now. */
export const REPORT_LINK_SECONDS = 90 * 24 * 3600;
export const EXPORT_LINK_SECONDS = 3600;

export function publishedText(doc: SummaryDoc, zone: string): string | undefined {
  if (!doc.publishedAt) return undefined;
  return `Published ${formatForPeople(doc.publishedAt, zone)} (${ZONE_LABEL}) — ${doc.publishedByName ?? "an officer"}`;
}

/** The officer's review card for a round: the draft while editable, the published version after. */
export async function reviewCardFor(deps: SummaryHandlerDeps, grant: OfficerGrant, roundId: string, banner?: Banner) {
  const { round, draft, published } = await deps.summaries.draft(grant, roundId);
  const doc = published?.body ?? draft.value.body;
  return fittedReviewCard(doc.summary, {
    roundId: round.id,
    boardId: round.boardId,
    revision: draft.value.revision,
    state: published ? "published" : "draft",
    publishedText: published ? publishedText(published.body, deps.timeZone) : undefined,
    reportUrl: published ? deps.links.url("report", round.boardId, round.id, REPORT_LINK_SECONDS) : undefined,
    banner,
  });
}

export function digestCardFor(deps: { links: LinkSigner; timeZone: string }, round: Round, doc: SummaryDoc) {
  return fittedDigestCard(doc.summary, {
    closedText: round.closedAt ? `Closed ${formatForPeople(round.closedAt, deps.timeZone)} (${ZONE_LABEL})` : "Closed",
    publishedByText: publishedText(doc, deps.timeZone) ?? "Published",
    reportUrl: deps.links.url("report", round.boardId, round.id, REPORT_LINK_SECONDS),
    actionsFrom: { boardId: round.boardId, roundId: round.id },
  });
}

const POINT_ID = /^t\d{1,3}[pro]\d{1,4}$/;

/** The review card's inputs: stmt_<id>, keep_<id>, merge_<id>, addrec_<themeIndex>. */
const reviewSchema = z
  .object({ ...roundRefShape, revision: z.coerce.number().int().min(0) })
  .catchall(z.unknown())
  .transform((data, ctx) => {
    const edits: ReviewEdits = { statements: {}, drop: [], merge: {}, addRecommendations: {} };
    for (const [key, value] of Object.entries(data)) {
      const m = /^(stmt|keep|merge|addrec)_(.+)$/.exec(key);
      if (!m) continue;
      const [, field, id] = m as unknown as [string, string, string];
      if (typeof value !== "string" || value.length > 20_000) {
        ctx.addIssue({ code: "custom", path: [key], message: "must be text" });
        return z.NEVER;
      }
      if (field === "addrec") {
        if (!/^\d{1,3}$/.test(id)) continue;
        edits.addRecommendations[Number(id)] = value.split(/\r?\n/);
        continue;
      }
      if (!POINT_ID.test(id)) continue;
      if (field === "stmt") edits.statements[id] = value;
      else if (field === "keep" && value === "false") edits.drop.push(id);
      else if (field === "merge" && POINT_ID.test(value)) edits.merge[id] = value;
    }
    return { roundId: data.roundId, boardId: data.boardId, revision: data.revision, edits };
  });

type ReviewData = z.infer<typeof reviewSchema>;

/** A refused edit shows the latest draft again, with why: nothing the officer saw is silently lost. */
async function onReviewError(deps: SummaryHandlerDeps, grant: OfficerGrant, data: ReviewData, err: unknown): Promise<ActionResult> {
  if (err instanceof ReviewError) {
    return { kind: "card", card: await reviewCardFor(deps, grant, data.roundId, { style: "attention", text: `Not saved: ${err.message}` }) };
  }
  if (err instanceof ConcurrencyError) {
    return {
      kind: "card",
      card: await reviewCardFor(deps, grant, data.roundId, { style: "warning", text: "Another officer changed this draft while you were editing. Here is the latest version: please make your changes again." }),
    };
  }
  if (err instanceof RoundClosedError) {
    return { kind: "card", card: await reviewCardFor(deps, grant, data.roundId, { style: "attention", text: err.message }) };
  }
  throw err;
}

const REVIEW = "review and publish summaries";

export function saveSummaryVerb(deps: SummaryHandlerDeps): VerbHandler<ReviewData> {
  return {
    verb: Verbs.saveSummary,
    schema: reviewSchema,
    async handle(turn, data): Promise<ActionResult> {
      const grant = await deps.boards.requireOfficer(actorOf(turn), data.boardId, REVIEW);
      try {
        await deps.summaries.saveEdits(grant, data.roundId, data.revision, data.edits);
        return { kind: "card", card: await reviewCardFor(deps, grant, data.roundId, { style: "good", text: "Saved. Nothing goes to the board's channel until you publish." }) };
      } catch (err) {
        return onReviewError(deps, grant, data, err);
      }
    },
  };
}

export function publishSummaryVerb(deps: SummaryHandlerDeps): VerbHandler<ReviewData> {
  return {
    verb: Verbs.publishSummary,
    schema: reviewSchema,
    async handle(turn, data): Promise<ActionResult> {
      const grant = await deps.boards.requireOfficer(actorOf(turn), data.boardId, REVIEW);
      try {
        await deps.summaries.publish(grant, data.roundId, data.revision, data.edits);
        return { kind: "card", card: await reviewCardFor(deps, grant, data.roundId, { style: "good", text: "Published. The digest is on its way to the board's channel." }) };
      } catch (err) {
        return onReviewError(deps, grant, data, err);
      }
    },
  };
}

export function openReviewVerb(deps: SummaryHandlerDeps): VerbHandler<{ roundId: string; boardId: string }> {
  return {
    verb: Verbs.openReview,
    schema: z.object(roundRefShape).catchall(z.unknown()),
    async handle(turn, data): Promise<ActionResult> {
      const grant = await deps.boards.requireOfficer(actorOf(turn), data.boardId, REVIEW);
      return { kind: "card", card: await reviewCardFor(deps, grant, data.roundId) };
    },
  };
}

/**
 * `summary`: for the board's officers, the review card of its latest closed round; for the chair and
 * members, the board's latest published digest (with the full report).
 */
export function summaryCommand(deps: SummaryHandlerDeps): BoardCommand {
  return {
    name: "summary",
    aliases: ["digest", "review", "results"],
    need: "member",
    what: "see this board's summaries",
    async run(_turn, membership: Membership): Promise<Reply> {
      const rounds = await deps.rounds.listClosed([membership.board.id]);
      if (membership.isOfficer) {
        const grant = BoardDirectory.officerGrant(membership, REVIEW);
        for (const round of rounds) {
          try {
            return { card: await reviewCardFor(deps, grant, round.id) };
          } catch (err) {
            if (!(err instanceof RoundClosedError)) throw err; // no draft yet: try the one before
          }
        }
        return { text: `No round of ${membership.board.name} has closed yet, so there is no summary to review.` };
      }
      for (const round of rounds) {
        const published = await deps.summaries.published(round.boardId, round.id);
        if (published) return { card: digestCardFor(deps, published.round, published.doc) };
      }
      return { text: `No summary of ${membership.board.name} has been published yet. Officers publish one after a round closes.` };
    },
  };
}

/** `export` (officers, 1:1 only): short-lived links to the report and CSV files of the board's latest closed round. */
export function exportCommand(deps: SummaryHandlerDeps): BoardCommand {
  return {
    name: "export",
    aliases: ["exports", "download"],
    where: "personal",
    need: "officer",
    what: "export a round's results",
    async run(_turn, membership): Promise<Reply> {
      const [round] = await deps.rounds.listClosed([membership.board.id]);
      if (!round) return { text: `No round of ${membership.board.name} has closed yet, so there is nothing to export.` };
      const link = (kind: "report" | "pdf" | "summary.csv" | "answers.csv") => deps.links.url(kind, round.boardId, round.id, EXPORT_LINK_SECONDS);
      const lines = [
        `Exports for **${round.title}** (${membership.board.name}; links work for an hour):`,
        `- [Printable report](${link("report")}) (once published)`,
        `- [Board report (PDF)](${link("pdf")}) (once published: summary, votes, commitments and the action tracker, A4, for board papers)`,
        `- [Summary as CSV](${link("summary.csv")})`,
        round.anonymous ? "- Raw answers: not available, the round was anonymous." : `- [Raw answers as CSV](${link("answers.csv")}) (named round; handle with care)`,
      ];
      return { text: lines.join("\n") };
    },
  };
}
