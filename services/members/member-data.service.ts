import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { ConversationService } from "../conversations/conversation.service.ts";
import type { Round } from "../domain/round.ts";
import type { BoardDirectory, OfficerGrant } from "../boards/board-directory.ts";
import { ForbiddenError } from "../boards/errors.ts";
import type { Delivery } from "../domain/delivery.ts";
import type { RoundResponse } from "../domain/response.ts";
import type { AuditRepository } from "../storage/audit.repository.ts";
import type { DeliveriesRepository } from "../storage/deliveries.repository.ts";
import { ConcurrencyError } from "../storage/errors.ts";
import type { ResponsesRepository } from "../storage/responses.repository.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
import type { ActionsRepository } from "../storage/actions.repository.ts";
import type { LiveRepository } from "../storage/live.repository.ts";
import type { SummariesRepository } from "../storage/summaries.repository.ts";
import type { SummaryDoc, SummaryService } from "../summary/summary.service.ts";

/** Everything the bot holds about one member (subject access). */
export interface MemberExport {
  memberAadObjectId: string;
  exportedAt: string;
  profile?: { name?: string; organisation?: string; conversationId: string; lastSeen: string };
  rounds: Array<{
    boardId: string;
    boardName: string;
    roundId: string;
    title: string;
    anonymous: boolean;
    invitation: { status: string; sentAt?: string; remindersSent: string[] };
    /** In an anonymous round, for anyone but the member: they took part, and what they said is not shown. */
    withheld?: string;
    response?: {
      answers: Array<{ theme: string; question: string; answer: string }>;
      votes: Array<{ option: string; votes: number; why?: string }>;
      commitments: Array<{ intervention: string; level: string; representative?: string; resources?: string; timescale?: string; impact?: string }>;
      organisation?: string;
      firstSavedAt: string;
      savedAt: string;
    };
  }>;
  /** Live workshop contributions (meetings): the member's own words and stickers to them; to officers, that they took part. */
  workshops: Array<{ boardName: string; title: string; kind: string; startedAt: string; withheld?: string; stickers?: Array<{ option: string; stickers: number }>; answer?: string; cards?: string[]; savedAt: string }>;
  audit: Array<{ action: string; byName: string; at: string; details?: string }>;
}

/** Who an export is for: officers (their boards only, anonymous answers withheld) or the member themselves (everything). */
type Requester = { kind: "officer"; grants: readonly OfficerGrant[] } | { kind: "self"; tenantId: string; aadObjectId: string; name?: string };

export const ANONYMOUS_WITHHELD = "took part — answers withheld (anonymous round)";

export interface ErasureReport {
  rounds: number;
  responsesRemoved: number;
  summariesRecomputed: number;
  /** Rounds of boards the officer doesn't run: left alone (their officers, or a tenant administrator, can erase those). */
  otherBoardsRounds: number;
  /** Actions they led (the lead removed) and check-in updates they wrote (their name, words and link removed; the organisation's status kept). */
  actionsUnassigned: number;
  updatesAnonymised: number;
  /** Their contributions to live workshop activities, deleted (a workshop already ended keeps its round, erased above). */
  workshopContributionsRemoved: number;
}

/**
 * Members' data rights, audited: an officer exports or erases what the bot holds about a person of
 * their own boards; a member gets everything held about themselves.
 */
export class MemberDataService {
  constructor(
    private readonly deps: {
      rounds: RoundsRepository;
      deliveries: DeliveriesRepository;
      responses: ResponsesRepository;
      summariesRepo: SummariesRepository;
      summaries: SummaryService;
      conversations: ConversationService;
      audit: AuditRepository;
      directory: Pick<BoardDirectory, "roster">;
      clock: Clock;
      actions?: ActionsRepository;
      live?: LiveRepository;
    },
  ) {}

  /**
   * What an officer may see of a member: the rounds of the officer's own boards, with anonymous
   * rounds' answers withheld (not even officers see who said what). The member must be a person of
   * one of those boards (on its team, or invited to one of its rounds).
   */
  async exportForOfficer(grants: readonly OfficerGrant[], memberAadObjectId: string): Promise<MemberExport> {
    const tenantId = tenantOf(grants);
    const member = memberAadObjectId.toLowerCase();
    if (!(await this.isPersonOf(grants, member))) throw new ForbiddenError("That person isn't on any of your boards, so you can't export their data.");
    const first = grants[0]!;
    return this.build({ kind: "officer", grants }, tenantId, member, { by: first.actor.aadObjectId, byName: first.actor.name ?? "" });
  }

  /** Everything held about the member, anonymous answers included: only ever sent to the member themselves. */
  async exportOwn(actor: { tenantId: string; aadObjectId: string; name?: string }): Promise<MemberExport> {
    const member = actor.aadObjectId.toLowerCase();
    return this.build({ kind: "self", ...actor }, actor.tenantId, member, { by: member, byName: actor.name ?? "" });
  }

  private async build(requester: Requester, tenantId: string, member: string, by: { by: string; byName: string }): Promise<MemberExport> {
    const now = toUtcIso(this.deps.clock.now());
    const inScope = requester.kind === "officer" ? new Set(requester.grants.map((g) => g.board.id)) : undefined;
    const profile = await this.deps.conversations.find(tenantId, "personal", member);
    const rounds: MemberExport["rounds"] = [];
    for (const d of await this.deps.deliveries.listByMember(member)) {
      if (inScope && !inScope.has(d.boardId)) continue;
      const round = (await this.deps.rounds.get(d.boardId, d.roundId))?.value;
      if (!round || round.tenantId !== tenantId) continue;
      const r = (await this.deps.responses.get(d.roundId, member))?.value;
      const hidden = requester.kind === "officer" && round.anonymous;
      rounds.push({
        boardId: round.boardId,
        boardName: round.boardName,
        roundId: round.id,
        title: round.title,
        anonymous: round.anonymous,
        invitation: { status: d.status, sentAt: d.sentAt, remindersSent: d.remindersSent },
        ...(hidden ? { withheld: ANONYMOUS_WITHHELD } : { response: r && responseOf(round, r) }),
      });
    }
    const workshops: MemberExport["workshops"] = [];
    for (const e of (await this.deps.live?.entriesOf(member)) ?? []) {
      const a = (await this.deps.live!.get(e.activityId))?.value;
      if (!a || a.tenantId !== tenantId || (inScope && !inScope.has(a.boardId))) continue;
      const own = requester.kind === "self";
      workshops.push({
        boardName: a.boardName, title: a.title, kind: a.kind, startedAt: a.startedAt, savedAt: e.savedAt,
        // A workshop is anonymous: officers learn that they took part, never what they put.
        ...(own
          ? { stickers: a.options.filter((o) => (e.stickers[o.id] ?? 0) > 0).map((o) => ({ option: o.label, stickers: e.stickers[o.id]! })), answer: e.answer, cards: e.posts }
          : { withheld: "took part — contributions withheld (live workshops are anonymous)" }),
      });
    }
    await this.deps.audit.append({
      memberAadObjectId: member,
      action: requester.kind === "self" ? "self-export" : "export",
      by: by.by,
      byName: by.byName,
      at: now,
      details: `${rounds.length} rounds`,
    });
    const audit = (await this.deps.audit.listForMember(member)).map((a) => ({ action: a.action, byName: a.byName, at: a.at, details: a.details }));
    return {
      memberAadObjectId: member,
      exportedAt: now,
      profile: profile && { name: profile.userName, organisation: profile.organisation, conversationId: profile.reference.conversation.id, lastSeen: profile.updatedAt },
      rounds,
      workshops,
      audit,
    };
  }

  /**
   * Erase a member: their responses are deleted in open and closed rounds, their invitations are
   * anonymised (kept so response rates still add up), their 1:1 reference is forgotten, and every
   * stored summary of an affected closed round is rebuilt without them.
   */
  async erase(grants: readonly OfficerGrant[], memberAadObjectId: string): Promise<ErasureReport> {
    const tenantId = tenantOf(grants);
    const actor = grants[0]!.actor;
    const member = memberAadObjectId.toLowerCase();
    if (!(await this.isPersonOf(grants, member))) throw new ForbiddenError("That person isn't on any of your boards, so you can't erase their data.");
    const inScope = new Set(grants.map((g) => g.board.id));
    let elsewhere = 0;
    const now = toUtcIso(this.deps.clock.now());
    const affected: Round[] = [];
    let responsesRemoved = 0;
    for (const d of await this.deps.deliveries.listByMember(member)) {
      const round = (await this.deps.rounds.get(d.boardId, d.roundId))?.value;
      if (!round || round.tenantId !== tenantId) continue;
      if (!inScope.has(d.boardId)) {
        elsewhere += 1; // another board's: its own officers decide
        continue;
      }
      affected.push(round);
      if (await this.deps.responses.get(d.roundId, member)) responsesRemoved += 1;
      await this.deps.responses.delete(d.roundId, member);
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const current = await this.deps.deliveries.get(d.roundId, member);
        if (!current) break;
        try {
          await this.deps.deliveries.update({ ...current.value, status: "erased", memberName: "Erased member", memberId: "", conversationId: undefined, activityId: undefined, lastError: undefined, updatedAt: now }, current.etag);
          break;
        } catch (err) {
          if (!(err instanceof ConcurrencyError)) throw err;
        }
      }
    }
    // The 1:1 chat is how every board reaches them: forgotten only when nothing of theirs is left anywhere.
    if (elsewhere === 0) await this.deps.conversations.forget(tenantId, "personal", member);

    let summariesRecomputed = 0;
    const { actionsUnassigned, updatesAnonymised } = await this.eraseFromActions(inScope, member, actor, now);
    let workshopContributionsRemoved = 0;
    for (const e of (await this.deps.live?.entriesOf(member)) ?? []) {
      const a = (await this.deps.live!.get(e.activityId))?.value;
      if (!a || a.tenantId !== tenantId || !inScope.has(a.boardId)) continue;
      await this.deps.live!.deleteEntry(e.activityId, member);
      workshopContributionsRemoved += 1;
    }

    for (const round of affected.filter((r) => r.status === "closed" && !r.definition.kinds.includes("checkin"))) {
      const fresh = await this.deps.summaries.compute(round);
      for (const stage of ["draft", "published"] as const) {
        const stored = await this.deps.summariesRepo.get<SummaryDoc>(round.id, stage);
        if (!stored) continue;
        // Rebuilt from what remains; officers' added recommendations are kept.
        const themes = fresh.themes.map((t, i) => ({
          ...t,
          recommendations: [...t.recommendations, ...(stored.value.body.summary.themes[i]?.recommendations.filter((p) => p.source === "officer") ?? [])],
        }));
        const body: SummaryDoc = { ...stored.value.body, summary: { ...fresh, themes } };
        await this.deps.summariesRepo.save({ ...stored.value, body, revision: stored.value.revision + 1, updatedAt: now }, stored.etag);
        summariesRecomputed += 1;
      }
    }
    await this.deps.audit.append({
      memberAadObjectId: member,
      action: "erase",
      by: actor.aadObjectId,
      byName: actor.name ?? "",
      at: now,
      details: `${affected.length} rounds, ${responsesRemoved} responses removed, ${summariesRecomputed} summaries rebuilt, ${actionsUnassigned} actions unassigned, ${updatesAnonymised} action updates anonymised, ${workshopContributionsRemoved} workshop contributions removed`,
    });
    return { rounds: affected.length, responsesRemoved, summariesRecomputed, otherBoardsRounds: elsewhere, actionsUnassigned, updatesAnonymised, workshopContributionsRemoved };
  }

  /**
   * The board's actions stay (they are the board's, not the person's): an action they led loses its
   * named lead, with a history entry saying why; each check-in update they wrote keeps the
   * organisation's status but loses their name, words and link.
   */
  private async eraseFromActions(boards: Set<string>, member: string, actor: { aadObjectId: string; name?: string }, now: string): Promise<{ actionsUnassigned: number; updatesAnonymised: number }> {
    const repo = this.deps.actions;
    if (!repo) return { actionsUnassigned: 0, updatesAnonymised: 0 };
    let actionsUnassigned = 0;
    for (const led of await repo.listLedBy(member)) {
      if (!boards.has(led.value.boardId)) continue;
      const { leadAadObjectId: _id, leadName: _name, ...rest } = led.value;
      const change = { boardId: rest.boardId, actionId: rest.id, id: `${now}|erasure`, kind: "reassigned" as const, at: now, by: actor.aadObjectId, byName: actor.name ?? "", change: "named lead removed (their data was erased)" };
      await repo.update({ ...rest, updatedAt: now }, led.etag, change);
      actionsUnassigned += 1;
    }
    let updatesAnonymised = 0;
    for (const u of await repo.listUpdatesBy(member)) {
      if (!boards.has(u.boardId)) continue;
      const { text: _text, link: _link, ...kept } = u;
      await repo.appendUpdate({ ...kept, by: "erased", byName: "Erased member" });
      updatesAnonymised += 1;
    }
    return { actionsUnassigned, updatesAnonymised };
  }

  /** Find people by name on the officer's boards: their teams' rosters and their rounds' invitations (officers don't see AAD ids). */
  async findByName(grants: readonly OfficerGrant[], name: string): Promise<Array<{ aadObjectId: string; name: string }>> {
    const wanted = name.trim().toLowerCase();
    const found = new Map<string, string>();
    for (const grant of grants) {
      for (const m of (await this.deps.directory.roster(grant.board)).values()) {
        if (m.name.toLowerCase() === wanted) found.set(m.aadObjectId, m.name);
      }
      for (const round of await this.deps.rounds.listByBoard(grant.board.id)) {
        for (const d of await this.deps.deliveries.listByRound(round.id)) {
          if (d.memberName.toLowerCase() === wanted) found.set(d.memberAadObjectId, d.memberName);
        }
      }
    }
    return [...found].map(([aadObjectId, n]) => ({ aadObjectId, name: n }));
  }

  /** On one of these boards' teams now, or invited to one of their rounds. */
  async isPersonOf(grants: readonly OfficerGrant[], member: string): Promise<boolean> {
    for (const grant of grants) {
      if ((await this.deps.directory.roster(grant.board)).has(member)) return true;
    }
    const boards = new Set(grants.map((g) => g.board.id));
    return (await this.deps.deliveries.listByMember(member)).some((d: Delivery) => boards.has(d.boardId));
  }
}

function tenantOf(grants: readonly OfficerGrant[]): string {
  const first = grants[0];
  if (!first) throw new ForbiddenError("Only the board's officers can export or erase a member's data.");
  return first.board.tenantId;
}

function responseOf(round: Round, r: RoundResponse): NonNullable<MemberExport["rounds"][number]["response"]> {
  const def = round.definition;
  return {
    answers: def.questions.filter((q) => r.answers[q.id]).map((q) => ({ theme: q.theme, question: q.text, answer: r.answers[q.id]! })),
    votes: def.options.filter((o) => (r.votes[o.id] ?? 0) > 0).map((o) => ({ option: o.label, votes: r.votes[o.id]!, why: r.voteReasons[o.id] })),
    commitments: r.commitments.map((c) => ({ ...c, intervention: (def.interventions ?? []).find((i) => i.id === c.interventionId)?.label ?? c.interventionId })),
    organisation: r.organisation,
    firstSavedAt: r.firstSavedAt,
    savedAt: r.savedAt,
  };
}
