import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { Round } from "../domain/round.ts";
import type { StoredSummary } from "../domain/summary.ts";
import { RoundClosedError, RoundNotFoundError } from "../rounds/errors.ts";
import type { OfficerGrant } from "../boards/board-directory.ts";
import type { DeliveriesRepository } from "../storage/deliveries.repository.ts";
import { AlreadyExistsError, ConcurrencyError } from "../storage/errors.ts";
import type { ResponsesRepository } from "../storage/responses.repository.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
import type { SummariesRepository } from "../storage/summaries.repository.ts";
import type { Versioned } from "../storage/table-ops.ts";
import { applyReviewEdits, type ReviewEdits } from "./review.ts";
import { summarise } from "./summary.builder.ts";
import type { Summary } from "./summary.types.ts";

/** The stored draft/published document: the summary plus who published it. */
export interface SummaryDoc {
  summary: Summary;
  publishedByName?: string;
  publishedAt?: string;
}

export interface SummaryEvents {
  /** A draft is ready for officers to review. */
  drafted(round: Round, doc: SummaryDoc): void;
  /** A summary was published: post the digest. */
  published(round: Round, doc: SummaryDoc): void;
}

/**
 * The summary's review stage: draft from the answers, officers edit, one publishes. Officer actions
 * take the officer's grant for the board and touch only that board's rounds.
 */
export class SummaryService {
  constructor(
    private readonly deps: {
      rounds: RoundsRepository;
      deliveries: DeliveriesRepository;
      responses: ResponsesRepository;
      summaries: SummariesRepository;
      clock: Clock;
      events: SummaryEvents;
      autoPublish: boolean;
      /** How a summary is built: in this thread by default; the app passes the summary thread's (threads/summary-thread.ts). */
      summarise?: typeof summarise;
    },
  ) {}

  /**
   * Build a round's summary from what is stored now (pure read; nothing is saved). `semantic: false`
   * groups by words alone — quick, for a live view of an open round; the drafted summary uses meaning too.
   */
  async compute(round: Round, options: { semantic?: boolean } = {}): Promise<Summary> {
    const [deliveries, responses] = await Promise.all([this.deps.deliveries.listByRound(round.id), this.deps.responses.listByRound(round.id)]);
    const invited = new Set(deliveries.map((d) => d.memberAadObjectId));
    return (this.deps.summarise ?? summarise)({
      round: {
        id: round.id,
        title: round.title,
        boardName: round.boardName,
        anonymous: round.anonymous,
        minRespondents: round.minRespondents,
        questions: round.definition.questions,
        options: round.definition.options,
        interventions: round.definition.interventions ?? [],
        kinds: round.definition.kinds,
        ...(round.definition.workshop ? { workshop: { guests: round.definition.workshop.guests } } : {}),
      },
      invited: deliveries.length,
      memberNames: deliveries.filter((d) => d.status !== "erased").map((d) => d.memberName),
      // Only invited members' answers count (an erased or forged row never does).
      responses: responses.filter((r) => invited.has(r.memberAadObjectId)).map((r) => ({
        memberId: r.memberAadObjectId,
        organisation: r.organisation,
        answers: r.answers,
        votes: r.votes,
        commitments: r.commitments,
      })),
      generatedAt: toUtcIso(this.deps.clock.now()),
    }, options);
  }

  /**
   * When a round closes: write the draft (once — a second close or instance finds it there), then
   * either hand it to officers or, with auto-publish, publish it straight away.
   */
  async draftOnClose(round: Round): Promise<void> {
    if (round.status !== "closed") return;
    const now = toUtcIso(this.deps.clock.now());
    const doc: SummaryDoc = { summary: await this.compute(round) };
    try {
      await this.deps.summaries.save<SummaryDoc>({ roundId: round.id, stage: "draft", revision: 1, body: doc, createdAt: now, updatedAt: now }, undefined);
    } catch (err) {
      if (err instanceof AlreadyExistsError) return;
      throw err;
    }
    if (this.deps.autoPublish) {
      await this.publishDoc(round, doc, "Published automatically when the round closed");
      return;
    }
    this.deps.events.drafted(round, doc);
  }

  async draft(grant: OfficerGrant, roundId: string): Promise<{ round: Round; draft: Versioned<StoredSummary<SummaryDoc>>; published?: StoredSummary<SummaryDoc> }> {
    const round = await this.deps.rounds.get(grant.board.id, roundId);
    if (!round) throw new RoundNotFoundError();
    const draft = await this.deps.summaries.get<SummaryDoc>(roundId, "draft");
    if (!draft) throw new RoundClosedError(round.value.status === "open" ? "The summary is drafted when the round closes." : "This round has no summary.");
    const published = await this.deps.summaries.get<SummaryDoc>(roundId, "published");
    return { round: round.value, draft, published: published?.value };
  }

  /** How far a closed round's summary has got: not drafted yet, waiting for an officer, or published. */
  async stage(roundId: string): Promise<"none" | "draft" | "published"> {
    const [published, draft] = await Promise.all([this.deps.summaries.get<SummaryDoc>(roundId, "published"), this.deps.summaries.get<SummaryDoc>(roundId, "draft")]);
    return published ? "published" : draft ? "draft" : "none";
  }

  async published(boardId: string, roundId: string): Promise<{ round: Round; doc: SummaryDoc } | undefined> {
    const round = await this.deps.rounds.get(boardId, roundId);
    const published = await this.deps.summaries.get<SummaryDoc>(roundId, "published");
    return round && published ? { round: round.value, doc: published.value.body } : undefined;
  }

  /** Save an officer's edits to the draft. `revision` is the one their card showed: a stale card is refused. */
  async saveEdits(grant: OfficerGrant, roundId: string, revision: number, edits: ReviewEdits): Promise<StoredSummary<SummaryDoc>> {
    const { draft, published } = await this.draft(grant, roundId);
    if (published) throw new RoundClosedError("This summary has already been published.");
    if (draft.value.revision !== revision) {
      throw new ConcurrencyError("The draft summary");
    }
    const body: SummaryDoc = { ...draft.value.body, summary: applyReviewEdits(draft.value.body.summary, edits) };
    const next: StoredSummary<SummaryDoc> = { ...draft.value, body, revision: revision + 1, updatedAt: toUtcIso(this.deps.clock.now()) };
    await this.deps.summaries.save(next, draft.etag);
    return next;
  }

  /** Save the edits and publish: the digest goes to the round's channel. Only once. */
  async publish(grant: OfficerGrant, roundId: string, revision: number, edits: ReviewEdits): Promise<SummaryDoc> {
    const saved = await this.saveEdits(grant, roundId, revision, edits);
    const round = await this.deps.rounds.get(grant.board.id, roundId);
    if (!round) throw new RoundNotFoundError();
    return this.publishDoc(round.value, saved.body, grant.actor.name ?? "an officer");
  }

  private async publishDoc(round: Round, doc: SummaryDoc, by: string): Promise<SummaryDoc> {
    const now = toUtcIso(this.deps.clock.now());
    const publishedDoc: SummaryDoc = { ...doc, publishedByName: by, publishedAt: now };
    try {
      await this.deps.summaries.save<SummaryDoc>({ roundId: round.id, stage: "published", revision: 1, body: publishedDoc, createdAt: now, updatedAt: now, publishedBy: by }, undefined);
    } catch (err) {
      if (err instanceof AlreadyExistsError) throw new RoundClosedError("This summary has already been published.");
      throw err;
    }
    this.deps.events.published(round, publishedDoc);
    return publishedDoc;
  }

}
