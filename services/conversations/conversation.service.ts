import { BoundedMap } from "../bounded-map.ts";
import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { ConversationKind, ConversationRecord, StoredConversationReference } from "../domain/conversation.ts";
import type { ConversationsRepository } from "../storage/conversations.repository.ts";

/** What the bot layer knows about where a turn happened, in plain data. */
export interface ConversationSighting {
  tenantId: string;
  conversationType: "personal" | "channel" | "groupChat";
  conversationId: string;
  teamId?: string;
  teamName?: string;
  userAadObjectId?: string;
  userId: string;
  userName?: string;
  reference: StoredConversationReference;
}

/**
 * Remembers where the bot may speak later (proactive prompts, reminders, digests) and decides
 * once, for all instances, whether a conversation still needs its welcome card.
 */
export class ConversationService {
  /**
   * What this instance last stored for each conversation, and when. Every card action and message
   * carries the reference, and re-writing an unchanged one cost a storage round trip per save; it is
   * now re-written only when it changed or is older than REFRESH_MS (so `updatedAt`, a member's
   * "last seen" in their data export, stays accurate to that).
   */
  private readonly stored = new BoundedMap<string, { fingerprint: string; at: number }>(5000);
  static readonly REFRESH_MS = 15 * 60_000;

  constructor(
    private readonly repo: ConversationsRepository,
    private readonly clock: Clock,
  ) {}

  /** The record a sighting maps to: a 1:1 is keyed by the user, a team install by the team, a chat by its ID. */
  static identify(s: ConversationSighting): { kind: ConversationKind; key: string } {
    if (s.conversationType === "personal") return { kind: "personal", key: s.userAadObjectId ?? s.userId };
    if (s.conversationType === "channel" && s.teamId) return { kind: "team", key: s.teamId };
    if (s.conversationType === "channel") return { kind: "channel", key: s.conversationId };
    return { kind: "groupChat", key: s.conversationId };
  }

  /** Store where a turn happened, unless this instance stored exactly that recently. */
  async remember(s: ConversationSighting, options: { always?: boolean } = {}): Promise<{ kind: ConversationKind; key: string }> {
    const id = ConversationService.identify(s);
    const now = this.clock.now();
    const record: Omit<ConversationRecord, "welcomedAt" | "organisation"> = {
      tenantId: s.tenantId,
      kind: id.kind,
      key: id.key,
      reference: s.reference,
      teamId: s.teamId,
      teamName: s.teamName,
      userAadObjectId: id.kind === "personal" ? s.userAadObjectId : undefined,
      userName: id.kind === "personal" ? s.userName : undefined,
      updatedAt: toUtcIso(now),
    };
    const cacheKey = `${s.tenantId}|${id.kind}|${id.key}`;
    const fingerprint = JSON.stringify({ ...record, updatedAt: undefined });
    const last = this.stored.get(cacheKey);
    if (!options.always && last && last.fingerprint === fingerprint && now.toMillis() - last.at < ConversationService.REFRESH_MS) return id;
    this.stored.delete(cacheKey); // a failed write is retried next time
    await this.repo.save(record);
    this.stored.set(cacheKey, { fingerprint, at: now.toMillis() });
    return id;
  }

  /** Store the reference and say whether this caller should send the welcome (true at most once). */
  async rememberAndClaimWelcome(s: ConversationSighting): Promise<boolean> {
    // An install event always writes: the welcome claim below needs the row to exist.
    const id = await this.remember(s, { always: true });
    return this.repo.claimWelcome(s.tenantId, id.kind, id.key, toUtcIso(this.clock.now()));
  }

  /** Forget a conversation (a member's erasure): the row goes, and so does this instance's memory of it. */
  async forget(tenantId: string, kind: ConversationKind, key: string): Promise<void> {
    this.stored.delete(`${tenantId}|${kind}|${key}`);
    await this.repo.delete(tenantId, kind, key);
  }

  /** Store a 1:1 chat the bot opened itself (a member it had not heard from yet). */
  async rememberPersonal(tenantId: string, member: { aadObjectId: string; name?: string }, reference: StoredConversationReference): Promise<void> {
    await this.repo.save({
      tenantId,
      kind: "personal",
      key: member.aadObjectId.toLowerCase(),
      reference,
      userAadObjectId: member.aadObjectId.toLowerCase(),
      userName: member.name,
      updatedAt: toUtcIso(this.clock.now()),
    });
  }

  /** Remember the organisation a member gave, to offer it in their next round. */
  async setOrganisation(tenantId: string, aadObjectId: string, organisation: string): Promise<void> {
    await this.repo.setField(tenantId, "personal", aadObjectId.toLowerCase(), "organisation", organisation);
  }

  async listTeams(tenantId: string): Promise<ConversationRecord[]> {
    return this.repo.listByKind(tenantId, "team");
  }

  /** Local mode only: every team in every tenant. */
  async listTeamsAnyTenant(): Promise<ConversationRecord[]> {
    return this.repo.listTeamsAnyTenant();
  }

  /** Local mode only: a team in whichever tenant it was installed. */
  async findTeamAnyTenant(teamId: string): Promise<ConversationRecord | undefined> {
    return this.repo.findTeamAnyTenant(teamId);
  }

  /** Local mode only: a meeting's (or other group) chat in whichever tenant it is. */
  async findChatAnyTenant(chatId: string): Promise<ConversationRecord | undefined> {
    return this.repo.findAnyTenant("groupChat", chatId);
  }

  async find(tenantId: string, kind: ConversationKind, key: string): Promise<ConversationRecord | undefined> {
    return (await this.repo.get(tenantId, kind, key))?.value;
  }
}
