import type { Clock } from "../clock.ts";
import type { BoardDirectory, Membership } from "../boards/board-directory.ts";
import { ForbiddenError } from "../boards/errors.ts";
import type { Role } from "../domain/board.ts";
import { COMMITMENT_LEVELS, COMMITMENT_LEVEL_TITLES, type CommitmentLevel, COMMITMENT_LEVEL_MEANINGS } from "../domain/response.ts";
import type { Round, RoundKind, RoundStatus } from "../domain/round.ts";
import { RoundNotFoundError } from "../rounds/errors.ts";
import { hasAnswered, type RoundProgress, type RoundService } from "../rounds/round.service.ts";
import { formatForPeople, timeLeft, ZONE_LABEL } from "../rounds/time.ts";
import type { DeliveriesRepository } from "../storage/deliveries.repository.ts";
import type { ResponsesRepository } from "../storage/responses.repository.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
import type { SummariesRepository } from "../storage/summaries.repository.ts";
import type { LinkSigner } from "../summary/links.ts";
import {
  pointLead,
  pointStatement,
  quantifierLabel,
  rankText,
  responseLine,
  responseRateText,
  supportersText,
  votesText,
  withheldCommitmentText,
  withheldThemeText,
  withheldVoteText,
} from "../summary/phrasing.ts";
import type { SummaryDoc, SummaryService } from "../summary/summary.service.ts";
import type { Point, Summary } from "../summary/summary.types.ts";
import { loadTracker, roundActions, trackerSummaryText, type TrackerActions } from "./tracker.service.ts";
import { formatDueDate } from "../accountability/due.ts";
import type {
  ApiMode,
  BoardActionsDto,
  BoardRefDto,
  BoardRoundsDto,
  BoardsDto,
  CommitmentMatrixDto,
  DownloadDto,
  MeDto,
  PointDto,
  ProgressDto,
  ResponseRateDto,
  RoundDetailDto,
  RoundListItemDto,
  SummaryDto,
  VotesDto,
} from "./dashboard.types.ts";

/**
 * What the dashboard tab may show whom. The rules:
 *
 * - A board is visible to the people on its team (the roster, as for every other entry point), in
 *   the board's tenant; to nobody else. A board's **officers** (and tenant administrators) see
 *   progress with who couldn't be reached, the draft summary (or, while a round is open, results
 *   computed live from the answers) and signed download links.
 * - **Everyone else on the team** (members and the chair) sees progress as numbers and, per round,
 *   only the *published* summary — in anonymous rounds that is all anyone but officers ever sees,
 *   and a named round's summary is the board's only after an officer has reviewed it.
 * - Nobody gets raw answers or members' names through this API. The action tracker is the whole
 *   team's (an action's named lead included); in an action's history officers and the chair see who
 *   wrote each entry, members see only the organisation a progress report was made for and "An
 *   officer" for officers' changes.
 * - Local mode (no app ID, loopback only) acts as DEV_USER_AAD_ID under exactly these rules; only
 *   the tenant comes from the board, because the dev user's identity names none.
 */

/** Who is asking: from a verified Teams SSO token, or the configured dev user in local mode. */
export interface Viewer {
  mode: ApiMode;
  aadObjectId: string;
  /** The token's tenant; undefined in local mode (one machine, one developer: no tenant check). */
  tenantId?: string;
  name?: string;
}

export interface DashboardDeps {
  rounds: RoundsRepository;
  deliveries: DeliveriesRepository;
  responses: ResponsesRepository;
  roundService: Pick<RoundService, "progress">;
  summaries: Pick<SummaryService, "published" | "compute">;
  /** The stored draft is read directly: this service has already decided the viewer is the board's officer. */
  summariesRepo: Pick<SummariesRepository, "get">;
  directory: Pick<BoardDirectory, "membership" | "membershipAnyTenant" | "membershipsOf" | "membershipsAnyTenant">;
  links: LinkSigner;
  clock: Clock;
  timeZone: string;
  /** The board's actions and their history (the tracker; a round's actions). Without it the tracker is empty. */
  actions?: TrackerActions;
}

/** Download links from the tab are for now: one hour, like the `export` command's. */
export const DASHBOARD_LINK_SECONDS = 3600;

const STATUS_TEXT: Record<RoundStatus, string> = { draft: "Draft", open: "Open", closed: "Closed", cancelled: "Cancelled" };
const KIND_TEXT: Record<RoundKind, string> = { feedback: "feedback", vote: "priority vote", commitment: "commitments", checkin: "progress check-in" };



function kindsText(kinds: readonly RoundKind[]): string {
  const words = kinds.map((k) => KIND_TEXT[k]);
  const text = words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function rate(answered: number, invited: number, workshop?: { guests: number }): ResponseRateDto {
  return {
    invited,
    answered,
    percent: invited > 0 ? Math.round((answered / invited) * 100) : 0,
    // A workshop's ledger is who took part, so its "rate" is always 100%: say how many took part instead.
    text: workshop ? responseLine({ responded: answered, invited, workshop }) : responseRateText(answered, invited),
  };
}

/** Open rounds first (soonest deadline first), then closed (latest first), then cancelled. */
function displayOrder(a: Round, b: Round): number {
  const weight = (r: Round) => ({ open: 0, draft: 1, closed: 2, cancelled: 3 })[r.status];
  if (weight(a) !== weight(b)) return weight(a) - weight(b);
  if (a.status === "open") return a.deadline.localeCompare(b.deadline);
  return (b.closedAt ?? b.deadline).localeCompare(a.closedAt ?? a.deadline);
}

export class DashboardService {
  constructor(private readonly deps: DashboardDeps) {}

  async me(viewer: Viewer): Promise<MeDto> {
    const mine = await this.memberships(viewer);
    return {
      mode: viewer.mode,
      aadObjectId: viewer.aadObjectId,
      ...(viewer.name ? { name: viewer.name } : {}),
      ...(viewer.tenantId ? { tenantId: viewer.tenantId } : {}),
      role: highestRole(mine),
      isOfficer: mine.some((m) => m.isOfficer),
    };
  }

  /** The boards the viewer may open (for the personal tab and the browser, where there is no team context). */
  async boards(viewer: Viewer): Promise<BoardsDto> {
    const boards: BoardRefDto[] = (await this.memberships(viewer)).map((m) => ({ id: m.board.id, name: m.board.name })).sort((a, b) => a.name.localeCompare(b.name));
    return { boards };
  }

  async boardRounds(viewer: Viewer, boardId: string): Promise<BoardRoundsDto> {
    const access = await this.access(viewer, boardId);
    const visible = access.rounds.filter((r) => access.isOfficer || r.status !== "draft").sort(displayOrder);
    const invitedTo = await this.invitedRoundIds(viewer);
    const rounds = await Promise.all(visible.map((r) => this.listItem(viewer, access.isOfficer, r, invitedTo)));
    return { board: access.board, role: access.role, isOfficer: access.isOfficer, rounds };
  }

  async roundDetail(viewer: Viewer, boardId: string, roundId: string): Promise<RoundDetailDto> {
    const access = await this.access(viewer, boardId);
    const round = access.rounds.find((r) => r.id === roundId);
    if (!round || (round.status === "draft" && !access.isOfficer)) throw new RoundNotFoundError();
    const officer = access.isOfficer;
    const invitedTo = await this.invitedRoundIds(viewer);
    const progress = await this.deps.roundService.progress(round);
    const item = await this.listItem(viewer, officer, round, invitedTo, progress);

    const notReached = progress.unreachable + progress.failed;
    const progressDto: ProgressDto = {
      invited: progress.invited,
      delivered: progress.delivered,
      answered: progress.answered,
      waiting: Math.max(0, progress.invited - progress.answered - progress.pending - notReached),
      pending: progress.pending,
      unreachable: progress.unreachable,
      failed: progress.failed,
      response: rate(progress.answered, progress.invited, round.definition.workshop),
      ...(officer ? { unreachableNames: progress.unreachableNames } : {}),
    };

    const { summary, note } = await this.summaryFor(officer, round);
    const downloads: DownloadDto[] = [];
    if (officer) {
      const link = (kind: DownloadDto["kind"]) => this.deps.links.url(kind, round.boardId, round.id, DASHBOARD_LINK_SECONDS);
      if (summary?.stage === "published") {
        downloads.push({ kind: "report", label: "Printable report", url: link("report") });
        downloads.push({ kind: "pdf", label: "Board report (PDF)", url: link("pdf") });
        downloads.push({ kind: "summary.csv", label: "Summary (CSV)", url: link("summary.csv") });
      }
      // Raw answers only ever for named rounds (the export route refuses anonymous ones too).
      if (!round.anonymous && round.status !== "draft") downloads.push({ kind: "answers.csv", label: "Answers (CSV)", url: link("answers.csv") });
    }

    return {
      board: access.board,
      role: access.role,
      isOfficer: officer,
      round: {
        ...item,
        minRespondents: round.minRespondents,
        themes: [...new Set(round.definition.questions.map((q) => q.theme))],
        options: round.definition.options.map((o) => o.label),
        interventions: (round.definition.interventions ?? []).map((o) => o.label),
      },
      progress: progressDto,
      ...(summary ? { summary } : {}),
      ...(note ? { summaryNote: note } : {}),
      downloads,
      actions: await roundActions(this.deps.actions, round, this.deps.clock.now(), this.deps.timeZone),
    };
  }

  /** The board's action tracker: anyone on the board's team; who wrote each history entry only for officers and the chair. */
  async boardActions(viewer: Viewer, boardId: string): Promise<BoardActionsDto> {
    const access = await this.access(viewer, boardId);
    const now = this.deps.clock.now();
    const visibleRoundIds = new Set(access.rounds.filter((r) => access.isOfficer || r.status !== "draft").map((r) => r.id));
    const actions = await loadTracker(this.deps.actions, boardId, { seesNames: access.isOfficer || access.isChair, visibleRoundIds }, now, this.deps.timeZone);
    return {
      board: access.board,
      role: access.role,
      isOfficer: access.isOfficer,
      summaryText: trackerSummaryText(actions),
      todayText: formatDueDate(now.setZone(this.deps.timeZone).toFormat("yyyy-MM-dd")),
      actions,
    };
  }

  // ——— access ———

  private memberships(viewer: Viewer): Promise<Membership[]> {
    if (!viewer.aadObjectId) return Promise.resolve([]);
    return viewer.tenantId === undefined ? this.deps.directory.membershipsAnyTenant(viewer) : this.deps.directory.membershipsOf(viewer);
  }

  /**
   * The board's rounds the viewer may see, or ForbiddenError. The same refusal for "no such board"
   * and "not your board", so the API doesn't reveal which boards exist.
   */
  private async access(viewer: Viewer, boardId: string): Promise<{ board: BoardRefDto; isOfficer: boolean; isChair: boolean; role: Role; rounds: Round[] }> {
    if (!viewer.aadObjectId) throw new ForbiddenError("No user to act as: set DEV_USER_AAD_ID (or OFFICER_AAD_IDS) for local mode.");
    const membership = viewer.tenantId === undefined
      ? await this.deps.directory.membershipAnyTenant(viewer, boardId)
      : await this.deps.directory.membership(viewer, boardId);
    if (!membership) throw new ForbiddenError("You can't see this board's rounds. Ask one of its officers if you think you should.");
    const tenant = membership.board.tenantId.toLowerCase();
    const rounds = (await this.deps.rounds.listByBoard(boardId)).filter((r) => r.tenantId.toLowerCase() === tenant);
    return { board: { id: boardId, name: membership.board.name }, isOfficer: membership.isOfficer, isChair: membership.isChair, role: membership.role, rounds };
  }

  private async invitedRoundIds(viewer: Viewer): Promise<Set<string>> {
    const mine = await this.deps.deliveries.listByMember(viewer.aadObjectId);
    return new Set(mine.map((d) => d.roundId));
  }

  // ——— rounds ———

  private async listItem(viewer: Viewer, officer: boolean, round: Round, invitedTo: Set<string>, known?: RoundProgress): Promise<RoundListItemDto> {
    const now = this.deps.clock.now();
    const [progress, published, yours] = await Promise.all([
      known ?? this.deps.roundService.progress(round),
      this.deps.summaries.published(round.boardId, round.id),
      invitedTo.has(round.id) ? this.deps.responses.get(round.id, viewer.aadObjectId) : Promise.resolve(undefined),
    ]);
    let results: RoundListItemDto["results"] = "none";
    if (published) results = "published";
    else if (officer && round.status === "closed") results = "draft";
    else if (officer && round.status === "open") results = "live";

    const answered = hasAnswered(yours?.value);
    return {
      id: round.id,
      title: round.title,
      status: round.status,
      statusText: STATUS_TEXT[round.status],
      kinds: round.definition.kinds,
      kindsText: round.definition.workshop ? `Live workshop: ${kindsText(round.definition.kinds).toLowerCase()}` : kindsText(round.definition.kinds),
      anonymous: round.anonymous,
      deadline: round.deadline,
      deadlineText: formatForPeople(round.deadline, this.deps.timeZone),
      zoneLabel: ZONE_LABEL,
      timeLeftText: round.status === "open" ? timeLeft(now, round.deadline) : STATUS_TEXT[round.status],
      ...(round.closedAt && round.status !== "open" ? { closedText: `${STATUS_TEXT[round.status]} ${formatForPeople(round.closedAt, this.deps.timeZone)}` } : {}),
      response: rate(progress.answered, progress.invited, round.definition.workshop),
      results,
      ...(invitedTo.has(round.id) ? { you: { answered } } : {}),
    };
  }

  private async summaryFor(officer: boolean, round: Round): Promise<{ summary?: SummaryDto; note?: string }> {
    if (round.status === "cancelled") return { note: "This round was cancelled, so it has no results." };
    const published = await this.deps.summaries.published(round.boardId, round.id);
    if (published) {
      const doc = published.doc;
      const when = doc.publishedAt ? `Published ${formatForPeople(doc.publishedAt, this.deps.timeZone)} (${ZONE_LABEL})` : "Published";
      return { summary: toSummaryDto(round, doc.summary, "published", doc.publishedByName ? `${when} by ${doc.publishedByName}` : when) };
    }
    if (!officer) {
      return {
        note: round.status === "open"
          ? "The results appear here when the round has closed and an officer has published the summary."
          : "Officers are reviewing the summary. It appears here once they publish it.",
      };
    }
    if (round.status === "closed") {
      const draft = await this.deps.summariesRepo.get<SummaryDoc>(round.id, "draft");
      if (draft) return { summary: toSummaryDto(round, draft.value.body.summary, "draft", DRAFT_TEXT) };
      // Closed a moment ago and the draft isn't written yet: show what it will be built from.
    }
    // Words alone: a live view is computed on every visit, and embedding a round's sentences takes seconds.
    const live = await this.deps.summaries.compute(round, { semantic: false });
    return {
      summary: toSummaryDto(
        round,
        live,
        "live",
        round.status === "open"
          ? "Results so far, from the answers as they stand (members can change them until the deadline). Only officers see this."
          : "Results computed from the answers; the draft summary is on its way to officers. Only officers see this.",
      ),
    };
  }
}

function highestRole(memberships: readonly Membership[]): Role {
  if (memberships.some((m) => m.isOfficer)) return "officer";
  if (memberships.some((m) => m.isChair)) return "chair";
  return "member";
}

const DRAFT_TEXT = "Draft summary: not yet published, so only officers see it. Review and publish it from the bot's review card.";

function toPoint(point: Point, respondents: number): PointDto {
  return {
    id: point.id,
    lead: pointLead(point, respondents),
    statement: pointStatement(point),
    quantifier: point.quantifier,
    quantifierLabel: point.source === "officer" ? "Officers added" : quantifierLabel(point.quantifier),
    supporters: point.supporters,
    supportersText: supportersText(point.supporters, respondents),
    source: point.source,
    evidence: point.evidence.filter((e) => e.trim() !== ""),
  };
}

export function toSummaryDto(round: Round, summary: Summary, stage: SummaryDto["stage"], stageText: string): SummaryDto {
  const kinds = round.definition.kinds;
  let votes: VotesDto | undefined;
  if (kinds.includes("vote")) {
    const total = summary.votes.reduce((n, v) => n + v.votes, 0);
    const top = Math.max(0, ...summary.votes.map((v) => v.votes));
    votes = {
      withheld: summary.votesWithheld,
      ...(summary.votesWithheld ? { withheldText: withheldVoteText(summary.minRespondents) } : {}),
      totalVotes: total,
      bars: summary.votesWithheld
        ? []
        : summary.votes.map((v) => ({
            optionId: v.optionId,
            label: v.label,
            votes: v.votes,
            voters: v.voters,
            rank: v.rank,
            rankText: rankText(v.rank, v.tied),
            tied: v.tied,
            text: votesText(v.votes, v.voters),
            percentOfVotes: total > 0 ? Math.round((v.votes / total) * 100) : 0,
            barPercent: top > 0 ? Math.round((v.votes / top) * 100) : 0,
          })),
    };
  }
  let commitments: CommitmentMatrixDto | undefined;
  if (kinds.includes("commitment")) {
    const organisations = summary.commitmentOrganisations;
    commitments = {
      organisations,
      rows: summary.commitments.map((row) => ({
        interventionId: row.interventionId,
        label: row.label,
        withheld: row.withheld,
        ...(row.withheld ? { withheldText: withheldCommitmentText(summary.minRespondents) } : {}),
        hasLead: row.hasLead,
        respondents: row.respondents,
        cells: organisations.map((organisation) => {
          const level = row.withheld ? undefined : row.cells[organisation];
          return level ? { organisation, level, title: COMMITMENT_LEVEL_TITLES[level] } : { organisation, title: "" };
        }),
      })),
      levels: COMMITMENT_LEVELS.map((level) => ({ level, title: COMMITMENT_LEVEL_TITLES[level], meaning: COMMITMENT_LEVEL_MEANINGS[level] })),
    };
  }
  return {
    stage,
    stageText,
    responseText: responseLine(summary),
    themes: summary.themes.map((t) => ({
      theme: t.theme,
      respondents: t.respondents,
      withheld: t.withheld,
      ...(t.withheld ? { withheldText: withheldThemeText(summary.minRespondents) } : {}),
      points: t.points.map((p) => toPoint(p, t.respondents)),
      recommendations: t.recommendations.map((p) => toPoint(p, t.respondents)),
    })),
    ...(votes ? { votes } : {}),
    ...(commitments ? { commitments } : {}),
    opportunities: summary.opportunities.map((o) => ({ kind: o.kind, label: o.label, organisations: o.organisations, detail: o.detail })),
    unled: summary.unled.map((u) => ({ label: u.label, committed: u.committed })),
  };
}
