import type { Clock } from "../clock.ts";
import type { ConversationService } from "../conversations/conversation.service.ts";
import type { Messenger } from "../messaging/messenger.ts";
import { ForbiddenError, type Actor, type RoleDirectory } from "./roles.ts";

/** An actor as the bot knows them in a turn: who, and in which tenant. */
export interface TenantActor extends Actor {
  tenantId?: string;
}

/**
 * Officers are named in configuration, but a deployment may serve several boards: an officer may
 * only act on a board whose team they are on (and in their own tenant). Rosters are read from Teams
 * and kept for a few minutes, so a burst of actions costs one roster read.
 */
export class BoardAccess {
  private readonly rosters = new Map<string, { members: Set<string>; at: number }>();

  constructor(
    private readonly deps: { conversations: ConversationService; messenger: Messenger; roles: RoleDirectory; clock: Clock; ttlMs: number },
  ) {}

  async requireOfficerOf(actor: TenantActor, boardId: string, what: string): Promise<void> {
    if (!this.deps.roles.isOfficer(actor)) {
      throw new ForbiddenError(`Only the board's officers can ${what}. If you should be one, ask an officer to add you.`);
    }
    if (!(await this.isOnBoard(actor, boardId))) {
      throw new ForbiddenError(`You are an officer, but not of this board, so you can't ${what} here.`);
    }
  }

  private async isOnBoard(actor: TenantActor, boardId: string): Promise<boolean> {
    const id = actor.aadObjectId?.toLowerCase();
    if (!id || actor.tenantId === undefined) return false;
    const team = await this.deps.conversations.find(actor.tenantId, "team", boardId);
    if (!team) return false;
    const now = this.deps.clock.now().toMillis();
    let cached = this.rosters.get(boardId);
    if (!cached || now - cached.at > this.deps.ttlMs) {
      const members = await this.deps.messenger.listTeamMembers(team.reference, boardId);
      cached = { members: new Set(members.map((m) => m.aadObjectId.toLowerCase())), at: now };
      this.rosters.set(boardId, cached);
    }
    return cached.members.has(id);
  }
}
