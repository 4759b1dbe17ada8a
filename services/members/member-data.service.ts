import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { ConversationService } from "../conversations/conversation.service.ts";
import type { Round } from "../domain/round.ts";
import { ForbiddenError, type Actor, type RoleDirectory } from "../rounds/roles.ts";
import type { AuditRepository } from "../storage/audit.repository.ts";
import type { DeliveriesRepository } from "../storage/deliveries.repository.ts";
import { ConcurrencyError } from "../storage/errors.ts";
import type { ResponsesRepository } from "../storage/responses.repository.ts";
import type { RoundsRepository } from "../storage/rounds.repository.ts";
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
    response?: {
      answers: Array<{ theme: string; question: string; answer: string }>;
      votes: Array<{ option: string; votes: number; why?: string }>;
      commitments: Array<{ intervention: string; level: string; representative?: string; resources?: string; timescale?: string; impact?: string }>;
      organisation?: string;
      firstSavedAt: string;
      savedAt: string;
    };
  }>;
  audit: Array<{ action: string; byName: string; at: string }>;
}

export interface ErasureReport {
  rounds: number;
  responsesRemoved: number;
  summariesRecomputed: number;
}

/** Members' data rights: an officer can export all we hold about a member, or erase it. Both are audited. */
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
      roles: RoleDirectory;
      clock: Clock;
    },
  ) {}

  async export(actor: Actor, tenantId: string, memberAadObjectId: string): Promise<MemberExport> {
    this.requireOfficer(actor);
    const member = memberAadObjectId.toLowerCase();
    const now = toUtcIso(this.deps.clock.now());
    const profile = await this.deps.conversations.find(tenantId, "personal", member);
    const rounds: MemberExport["rounds"] = [];
    for (const d of await this.deps.deliveries.listByMember(member)) {
      const round = (await this.deps.rounds.get(d.boardId, d.roundId))?.value;
      if (!round || round.tenantId !== tenantId) continue;
      const r = (await this.deps.responses.get(d.roundId, member))?.value;
      const def = round.definition;
      rounds.push({
        boardId: round.boardId,
        boardName: round.boardName,
        roundId: round.id,
        title: round.title,
        anonymous: round.anonymous,
        invitation: { status: d.status, sentAt: d.sentAt, remindersSent: d.remindersSent },
        response: r && {
          answers: def.questions.filter((q) => r.answers[q.id]).map((q) => ({ theme: q.theme, question: q.text, answer: r.answers[q.id]! })),
          votes: def.options.filter((o) => (r.votes[o.id] ?? 0) > 0).map((o) => ({ option: o.label, votes: r.votes[o.id]!, why: r.voteReasons[o.id] })),
          commitments: r.commitments.map((c) => ({ ...c, intervention: (def.interventions ?? []).find((i) => i.id === c.interventionId)?.label ?? c.interventionId })),
          organisation: r.organisation,
          firstSavedAt: r.firstSavedAt,
          savedAt: r.savedAt,
        },
      });
    }
    await this.deps.audit.append({ memberAadObjectId: member, action: "export", by: actor.aadObjectId ?? "", byName: actor.name ?? "", at: now, details: `${rounds.length} rounds` });
    const audit = (await this.deps.audit.listForMember(member)).map((a) => ({ action: a.action, byName: a.byName, at: a.at }));
    return {
      memberAadObjectId: member,
      exportedAt: now,
      profile: profile && { name: profile.userName, organisation: profile.organisation, conversationId: profile.reference.conversation.id, lastSeen: profile.updatedAt },
      rounds,
      audit,
    };
  }

  /**
   * Erase a member: their responses are deleted in open and closed rounds, their invitations are
   * anonymised (kept so response rates still add up), their 1:1 reference is forgotten, and every
   * stored summary of an affected closed round is rebuilt without them.
   */
  async erase(actor: Actor, tenantId: string, memberAadObjectId: string): Promise<ErasureReport> {
    this.requireOfficer(actor);
    const member = memberAadObjectId.toLowerCase();
    const now = toUtcIso(this.deps.clock.now());
    const affected: Round[] = [];
    let responsesRemoved = 0;
    for (const d of await this.deps.deliveries.listByMember(member)) {
      const round = (await this.deps.rounds.get(d.boardId, d.roundId))?.value;
      if (!round || round.tenantId !== tenantId) continue;
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
    await this.deps.conversations.forget(tenantId, "personal", member);

    let summariesRecomputed = 0;
    for (const round of affected.filter((r) => r.status === "closed")) {
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
      by: actor.aadObjectId ?? "",
      byName: actor.name ?? "",
      at: now,
      details: `${affected.length} rounds, ${responsesRemoved} responses removed, ${summariesRecomputed} summaries rebuilt`,
    });
    return { rounds: affected.length, responsesRemoved, summariesRecomputed };
  }

  /** Find members by name across the given boards' rounds (officers don't see AAD ids). */
  async findByName(boardIds: string[], name: string): Promise<Array<{ aadObjectId: string; name: string }>> {
    const wanted = name.trim().toLowerCase();
    const found = new Map<string, string>();
    for (const boardId of boardIds) {
      for (const round of await this.deps.rounds.listByBoard(boardId)) {
        for (const d of await this.deps.deliveries.listByRound(round.id)) {
          if (d.memberName.toLowerCase() === wanted) found.set(d.memberAadObjectId, d.memberName);
        }
      }
    }
    return [...found].map(([aadObjectId, n]) => ({ aadObjectId, name: n }));
  }

  private requireOfficer(actor: Actor): void {
    if (!this.deps.roles.isOfficer(actor)) throw new ForbiddenError("Only the board's officers can export or erase a member's data.");
  }
}
