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
import type { CommandHandler, VerbHandler } from "../router.ts";
import { actorOf, type ActionResult, type Turn } from "../turn.ts";
import { fittedDigestCard, fittedReviewCard } from "../views/summary.views.ts";
import type { HandlerDeps } from "./deps.ts";
import { roundRefShape } from "./ids.ts";
import { errorResult, errorText } from "./outcomes.ts";

export interface SummaryHandlerDeps extends HandlerDeps {
  summaries: SummaryService;
  links: LinkSigner;
}

/** Report links in digests last as long as a board needs them; export links are for now. */
export const REPORT_LINK_SECONDS = 90 * 24 * 3600;
export const EXPORT_LINK_SECONDS = 3600;

export function publishedText(doc: SummaryDoc, zone: string): string | undefined {
  if (!doc.publishedAt) return undefined;
  return `Published ${formatForPeople(doc.publishedAt, zone)} (${ZONE_LABEL}) — ${doc.publishedByName ?? "an officer"}`;
}

/** The officer's review card for a round: the draft while editable, the published version after. */
export async function reviewCardFor(deps: SummaryHandlerDeps, turn: Turn, boardId: string, roundId: string, banner?: Banner) {
  const { round, draft, published } = await deps.summaries.draft(actorOf(turn), boardId, roundId);
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

async function onReviewError(deps: SummaryHandlerDeps, turn: Turn, data: ReviewData, err: unknown): Promise<ActionResult> {
  if (err instanceof ReviewError) {
    return { kind: "card", card: await reviewCardFor(deps, turn, data.boardId, data.roundId, { style: "attention", text: `Not saved: ${err.message}` }) };
  }
  if (err instanceof ConcurrencyError) {
    return {
      kind: "card",
      card: await reviewCardFor(deps, turn, data.boardId, data.roundId, { style: "warning", text: "Another officer changed this draft while you were editing. Here is the latest version: please make your changes again." }),
    };
  }
  if (err instanceof RoundClosedError) {
    return { kind: "card", card: await reviewCardFor(deps, turn, data.boardId, data.roundId, { style: "attention", text: err.message }) };
  }
  return errorResult(err);
}

export function saveSummaryVerb(deps: SummaryHandlerDeps): VerbHandler<ReviewData> {
  return {
    verb: Verbs.saveSummary,
    schema: reviewSchema,
    async handle(turn, data): Promise<ActionResult> {
      try {
        await deps.summaries.saveEdits(actorOf(turn), data.boardId, data.roundId, data.revision, data.edits);
        return { kind: "card", card: await reviewCardFor(deps, turn, data.boardId, data.roundId, { style: "good", text: "Saved. Nothing goes to the board's channel until you publish." }) };
      } catch (err) {
        return onReviewError(deps, turn, data, err);
      }
    },
  };
}

export function publishSummaryVerb(deps: SummaryHandlerDeps): VerbHandler<ReviewData> {
  return {
    verb: Verbs.publishSummary,
    schema: reviewSchema,
    async handle(turn, data): Promise<ActionResult> {
      try {
        await deps.summaries.publish(actorOf(turn), data.boardId, data.roundId, data.revision, data.edits);
        return { kind: "card", card: await reviewCardFor(deps, turn, data.boardId, data.roundId, { style: "good", text: "Published. The digest is on its way to the board's channel." }) };
      } catch (err) {
        return onReviewError(deps, turn, data, err);
      }
    },
  };
}

export function openReviewVerb(deps: SummaryHandlerDeps): VerbHandler<{ roundId: string; boardId: string }> {
  return {
    verb: Verbs.openReview,
    schema: z.object(roundRefShape).catchall(z.unknown()),
    async handle(turn, data): Promise<ActionResult> {
      try {
        return { kind: "card", card: await reviewCardFor(deps, turn, data.boardId, data.roundId) };
      } catch (err) {
        return errorResult(err);
      }
    },
  };
}

/** Closed rounds of the boards this turn can see, newest first. */
async function closedRounds(turn: Turn, deps: SummaryHandlerDeps): Promise<Round[]> {
  const boardIds = turn.conversationType === "channel" && turn.teamId ? [turn.teamId] : (await deps.conversations.listTeams(turn.tenantId)).map((t) => t.key);
  return deps.rounds.listClosed(boardIds);
}

/**
 * `summary`: officers get the review card of the latest closed round; everyone else gets the latest
 * published digest (the chair's view).
 */
export function summaryCommand(deps: SummaryHandlerDeps): CommandHandler {
  return {
    name: "summary",
    aliases: ["digest", "review", "results"],
    async handle(turn) {
      const rounds = await closedRounds(turn, deps);
      if (deps.roles.isOfficer(turn.user)) {
        for (const round of rounds) {
          try {
            await turn.sendCard(await reviewCardFor(deps, turn, round.boardId, round.id));
            return;
          } catch (err) {
            if (!(err instanceof RoundClosedError)) {
              await turn.sendText(errorText(err));
              return;
            }
          }
        }
        await turn.sendText("No round has closed yet, so there is no summary to review.");
        return;
      }
      for (const round of rounds) {
        const published = await deps.summaries.published(round.boardId, round.id);
        if (published) {
          await turn.sendCard(digestCardFor(deps, published.round, published.doc));
          return;
        }
      }
      await turn.sendText("No summary has been published yet. Officers publish one after a round closes.");
    },
  };
}

/** `export` (officers, 1:1 only): short-lived links to the report and CSV files of the latest closed round. */
export function exportCommand(deps: SummaryHandlerDeps): CommandHandler {
  return {
    name: "export",
    aliases: ["exports", "download"],
    async handle(turn) {
      if (!deps.roles.isOfficer(turn.user)) {
        await turn.sendText("Only the board's officers can export. The published summary is in the board's channel.");
        return;
      }
      if (turn.conversationType !== "personal") {
        await turn.sendText("Exports are sent 1:1 only: message me directly and type **export**.");
        return;
      }
      const [round] = await closedRounds(turn, deps);
      if (!round) {
        await turn.sendText("No round has closed yet, so there is nothing to export.");
        return;
      }
      const link = (kind: "report" | "summary.csv" | "answers.csv") => deps.links.url(kind, round.boardId, round.id, EXPORT_LINK_SECONDS);
      const lines = [
        `Exports for **${round.title}** (links work for an hour):`,
        `- [Printable report](${link("report")}) (once published)`,
        `- [Summary as CSV](${link("summary.csv")})`,
        round.anonymous ? "- Raw answers: not available, the round was anonymous." : `- [Raw answers as CSV](${link("answers.csv")}) (named round; handle with care)`,
      ];
      await turn.sendText(lines.join("\n"));
    },
  };
}
