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

  async remember(s: ConversationSighting): Promise<{ kind: ConversationKind; key: string }> {
    const id = ConversationService.identify(s);
    const record: Omit<ConversationRecord, "welcomedAt" | "organisation"> = {
      tenantId: s.tenantId,
      kind: id.kind,
      key: id.key,
      reference: s.reference,
      teamId: s.teamId,
      teamName: s.teamName,
      userAadObjectId: id.kind === "personal" ? s.userAadObjectId : undefined,
      userName: id.kind === "personal" ? s.userName : undefined,
      updatedAt: toUtcIso(this.clock.now()),
    };
    await this.repo.save(record);
    return id;
  }

  /** Store the reference and say whether this caller should send the welcome (true at most once). */
  async rememberAndClaimWelcome(s: ConversationSighting): Promise<boolean> {
    const id = await this.remember(s);
    return this.repo.claimWelcome(s.tenantId, id.kind, id.key, toUtcIso(this.clock.now()));
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

  async find(tenantId: string, kind: ConversationKind, key: string): Promise<ConversationRecord | undefined> {
    return (await this.repo.get(tenantId, kind, key))?.value;
  }
}
