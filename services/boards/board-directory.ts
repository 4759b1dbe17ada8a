import { BoundedMap } from "../bounded-map.ts";
import type { Clock } from "../clock.ts";
import type { ConversationService } from "../conversations/conversation.service.ts";
import type { BoardRole, Role, RoleAssignment } from "../domain/board.ts";
import type { StoredConversationReference } from "../domain/conversation.ts";
import type { Messenger, TeamMember } from "../messaging/messenger.ts";
import type { BoardsRepository } from "../storage/boards.repository.ts";
import { ForbiddenError } from "./errors.ts";

/** A person as a turn (or a verified tab token) names them. */
export interface Actor {
  aadObjectId?: string;
  name?: string;
  tenantId?: string;
}

/** A board the bot is installed in: its team, in its tenant. */
export interface Board {
  id: string;
  tenantId: string;
  name: string;
  /** The team's conversation reference (General channel): roster, channels and 1:1s are reached through it. */
  reference: StoredConversationReference;
}

/** What one person is on one board, resolved once per turn and passed down. */
export interface Membership {
  board: Board;
  actor: { aadObjectId: string; name?: string; tenantId: string };
  /** The board's stored roles for this person (and a configured chair's), while they are on the team. */
  roles: BoardRole[];
  /** A tenant administrator (OFFICER_AAD_IDS): acts as an officer on every board of their tenant. */
  admin: boolean;
  onRoster: boolean;
  isOfficer: boolean;
  isChair: boolean;
  /** The one word for it: officer, chair or member. */
  role: Role;
}

declare const officerGrant: unique symbol;
/**
 * Proof, in the type, that the caller is an officer of `board`: only BoardDirectory makes one, so a
 * service that takes it can't be called by someone who was never checked.
 */
export type OfficerGrant = Membership & { readonly [officerGrant]: true };

export interface BoardDirectoryOptions {
  conversations: Pick<ConversationService, "find" | "listTeams" | "findTeamAnyTenant" | "listTeamsAnyTenant">;
  messenger: Pick<Messenger, "listTeamMembers">;
  boards: Pick<BoardsRepository, "read">;
  /** OFFICER_AAD_IDS: tenant administrators. */
  adminAadIds: readonly string[];
  /** CHAIR_AAD_IDS (from before roles were per board): a chair on every board whose team they are on. */
  legacyChairAadIds: readonly string[];
  clock: Clock;
  /** How long a team roster is trusted (Teams is asked again after this). */
  rosterTtlMs: number;
  /** How long a roster may still be used while Teams can't be reached (a member can still save their answers). */
  rosterStaleMs?: number;
}

interface CachedRoster {
  members: Map<string, TeamMember>;
  at: number;
}

/**
 * The one place that answers "who is this person on this board?". A board is a team the bot is
 * installed in; its members are the team's roster (read from Teams, cached for a few minutes so a
 * burst of actions costs one read); officers and chairs are the board's stored roles, valid only
 * while the person is still on the team. Tenant administrators act as officers on every board of
 * their own tenant, for recovery and for deployments from before roles were per board.
 */
export class BoardDirectory {
  private readonly rosters = new BoundedMap<string, CachedRoster>(500);
  private readonly teams = new BoundedMap<string, { board: Board; at: number }>(500);
  private readonly admins: Set<string>;
  private readonly legacyChairs: Set<string>;

  constructor(private readonly deps: BoardDirectoryOptions) {
    this.admins = new Set(deps.adminAadIds.map((id) => id.toLowerCase()));
    this.legacyChairs = new Set(deps.legacyChairAadIds.map((id) => id.toLowerCase()));
  }

  isAdmin(aadObjectId: string | undefined): boolean {
    return aadObjectId !== undefined && this.admins.has(aadObjectId.toLowerCase());
  }

  /** The board in this tenant, or undefined (not installed there, or another tenant's). */
  async board(tenantId: string, boardId: string): Promise<Board | undefined> {
    const key = `${tenantId}|${boardId}`;
    const now = this.deps.clock.now().toMillis();
    const cached = this.teams.get(key);
    if (cached && now - cached.at <= this.deps.rosterTtlMs) return cached.board;
    const team = await this.deps.conversations.find(tenantId, "team", boardId);
    if (!team) return undefined;
    const board: Board = { id: team.key, tenantId, name: team.teamName ?? "the board", reference: team.reference };
    this.teams.set(key, { board, at: now });
    return board;
  }

  /** Local mode only (one machine, no tenant in the dev user's identity): the board in whichever tenant it is. */
  async boardAnyTenant(boardId: string): Promise<Board | undefined> {
    const team = await this.deps.conversations.findTeamAnyTenant(boardId);
    return team ? { id: team.key, tenantId: team.tenantId, name: team.teamName ?? "the board", reference: team.reference } : undefined;
  }

  async boardsInTenant(tenantId: string): Promise<Board[]> {
    const teams = await this.deps.conversations.listTeams(tenantId);
    return teams.map((t) => ({ id: t.key, tenantId, name: t.teamName ?? "the board", reference: t.reference }));
  }

  /**
   * The team's roster by AAD object ID. `fresh` asks Teams now (before giving someone a role). When
   * Teams can't be reached, a roster read within `rosterStaleMs` is used rather than failing.
   */
  async roster(board: Board, options: { fresh?: boolean } = {}): Promise<Map<string, TeamMember>> {
    const now = this.deps.clock.now().toMillis();
    const cached = this.rosters.get(board.id);
    if (!options.fresh && cached && now - cached.at <= this.deps.rosterTtlMs) return cached.members;
    try {
      const list = await this.deps.messenger.listTeamMembers(board.reference, board.id);
      const members = new Map(list.filter((m) => m.aadObjectId !== "").map((m) => [m.aadObjectId.toLowerCase(), m]));
      this.rosters.set(board.id, { members, at: now });
      return members;
    } catch (err) {
      if (!options.fresh && cached && now - cached.at <= (this.deps.rosterStaleMs ?? 60 * 60_000)) return cached.members;
      throw err;
    }
  }

  /** Teams told us someone left the team: forget the roster so the next check asks again. */
  forgetRoster(boardId: string): void {
    this.rosters.delete(boardId);
  }

  /** Whether the person is on the board's team right now (as far as the roster cache knows). */
  async isOnRoster(board: Board, aadObjectId: string | undefined): Promise<boolean> {
    return aadObjectId !== undefined && (await this.roster(board)).has(aadObjectId.toLowerCase());
  }

  /**
   * The board's officers and chairs who are still on the team, plus (as officers) tenant
   * administrators on the team: who a draft goes to, who a digest goes to 1:1.
   */
  async peopleWithRole(board: Board, role: BoardRole): Promise<TeamMember[]> {
    const [stored, roster] = await Promise.all([this.deps.boards.read(board.id), this.roster(board)]);
    const ids = new Set(stored.roles.filter((r) => r.role === role).map((r) => r.aadObjectId));
    const extra = role === "officer" ? this.admins : this.legacyChairs;
    for (const id of extra) ids.add(id);
    return [...ids].map((id) => roster.get(id)).filter((m): m is TeamMember => m !== undefined);
  }

  /** The stored roles of people still on the team (the roles card's list). */
  async assignments(board: Board): Promise<RoleAssignment[]> {
    const [stored, roster] = await Promise.all([this.deps.boards.read(board.id), this.roster(board)]);
    return stored.roles.filter((r) => roster.has(r.aadObjectId));
  }

  /**
   * What the person is on the board, or undefined when they have no business there: another
   * tenant, a board the bot isn't in, or not on the team (and not a tenant administrator).
   */
  async membership(actor: Actor, boardId: string): Promise<Membership | undefined> {
    const aad = actor.aadObjectId?.toLowerCase();
    if (!aad || !actor.tenantId) return undefined;
    const board = await this.board(actor.tenantId, boardId);
    return board ? this.membershipOn(board, { aadObjectId: aad, name: actor.name, tenantId: actor.tenantId }) : undefined;
  }

  /** Local mode: the dev user's membership of a board in whichever tenant it is. */
  async membershipAnyTenant(actor: Actor, boardId: string): Promise<Membership | undefined> {
    const aad = actor.aadObjectId?.toLowerCase();
    if (!aad) return undefined;
    const board = await this.boardAnyTenant(boardId);
    return board ? this.membershipOn(board, { aadObjectId: aad, name: actor.name, tenantId: board.tenantId }) : undefined;
  }

  /** Every board of the person's tenant they belong to (a board picker's choices). */
  async membershipsOf(actor: Actor): Promise<Membership[]> {
    const aad = actor.aadObjectId?.toLowerCase();
    if (!aad || !actor.tenantId) return [];
    const who = { aadObjectId: aad, name: actor.name, tenantId: actor.tenantId };
    const boards = await this.boardsInTenant(actor.tenantId);
    const all = await Promise.all(boards.map((b) => this.membershipOn(b, who)));
    return all.filter((m): m is Membership => m !== undefined).sort((a, b) => a.board.name.localeCompare(b.board.name));
  }

  /** Local mode: every board, in whichever tenant, the dev user belongs to. */
  async membershipsAnyTenant(actor: Actor): Promise<Membership[]> {
    const aad = actor.aadObjectId?.toLowerCase();
    if (!aad) return [];
    const teams = await this.deps.conversations.listTeamsAnyTenant();
    const all = await Promise.all(
      teams.map((t) => this.membershipOn({ id: t.key, tenantId: t.tenantId, name: t.teamName ?? "the board", reference: t.reference }, { aadObjectId: aad, name: actor.name, tenantId: t.tenantId })),
    );
    return all.filter((m): m is Membership => m !== undefined).sort((a, b) => a.board.name.localeCompare(b.board.name));
  }

  /** The officer's grant for this board, or a ForbiddenError saying why not. */
  async requireOfficer(actor: Actor, boardId: string, what: string): Promise<OfficerGrant> {
    const membership = await this.membership(actor, boardId);
    return BoardDirectory.officerGrant(membership, what);
  }

  /** Someone on the board (any role), or a ForbiddenError. */
  async requireMember(actor: Actor, boardId: string, what: string): Promise<Membership> {
    const membership = await this.membership(actor, boardId);
    if (!membership) throw notOnBoard(what);
    return membership;
  }

  /** Turn a membership already resolved this turn into an officer's grant, or refuse. */
  static officerGrant(membership: Membership | undefined, what: string): OfficerGrant {
    if (!membership) throw notOnBoard(what);
    if (!membership.isOfficer) {
      throw new ForbiddenError(`Only the board's officers can ${what}. An officer of ${membership.board.name} can give you the role (type **roles**).`);
    }
    return membership as OfficerGrant;
  }

  private async membershipOn(board: Board, who: Membership["actor"]): Promise<Membership | undefined> {
    const admin = this.admins.has(who.aadObjectId);
    const onRoster = (await this.roster(board)).has(who.aadObjectId);
    if (!onRoster && !admin) return undefined;
    // A stored role counts only while its holder is on the team: leaving the team ends it.
    const stored = onRoster ? (await this.deps.boards.read(board.id)).roles.filter((r) => r.aadObjectId === who.aadObjectId).map((r) => r.role) : [];
    const roles = new Set<BoardRole>(stored);
    if (onRoster && this.legacyChairs.has(who.aadObjectId)) roles.add("chair");
    const isOfficer = roles.has("officer") || admin;
    const isChair = roles.has("chair");
    return {
      board,
      actor: who,
      roles: [...roles].sort(),
      admin,
      onRoster,
      isOfficer,
      isChair,
      role: isOfficer ? "officer" : isChair ? "chair" : "member",
    };
  }
}

function notOnBoard(what: string): ForbiddenError {
  return new ForbiddenError(`You're not on this board's team, so you can't ${what}. Its officers can add you to the team in Teams.`);
}
