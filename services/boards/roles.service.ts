import type { Clock } from "../clock.ts";
import { toUtcIso } from "../clock.ts";
import type { BoardRecord, BoardRole, RoleAssignment } from "../domain/board.ts";
import type { TeamMember } from "../messaging/messenger.ts";
import { ValidationError } from "../rounds/errors.ts";
import type { AuditRepository } from "../storage/audit.repository.ts";
import type { BoardsRepository, RoleChange, StoredBoard } from "../storage/boards.repository.ts";
import { AlreadyExistsError, ConcurrencyError, NotFoundError } from "../storage/errors.ts";
import type { Board, BoardDirectory, OfficerGrant } from "./board-directory.ts";

export const ROLE_TITLES: Record<BoardRole, string> = { officer: "officer", chair: "chair" };

/** Told when someone is given a role, so they hear it from the bot 1:1 (the composition root sends it). */
export type RoleAddedNotice = (board: Board, person: TeamMember, role: BoardRole, byName: string) => void;

export interface RolesView {
  officers: RoleAssignment[];
  chairs: RoleAssignment[];
  /** Everyone on the team, for the fallback choice list and for matching typed names. */
  roster: TeamMember[];
}

export interface AddOutcome {
  added: TeamMember[];
  already: TeamMember[];
  /** AAD object IDs that are not on the team's roster (nobody outside the team gets a role). */
  notOnTeam: string[];
}

/** Who acted, for the audit: an officer, or Teams itself (someone left the team). */
interface Doer {
  aadObjectId: string;
  name: string;
}

const TEAMS_DOER: Doer = { aadObjectId: "teams", name: "Teams (left the team)" };

/**
 * A board's officers and chairs: the installer becomes the first officer, officers add and remove
 * people (only people on the team; never the last officer), and leaving the team ends a role.
 * Every change is one ETag-checked transaction on the board's partition, then an audit entry.
 */
export class RolesService {
  constructor(
    private readonly deps: {
      directory: Pick<BoardDirectory, "roster" | "forgetRoster">;
      boards: Pick<BoardsRepository, "read" | "commit">;
      audit: Pick<AuditRepository, "append">;
      clock: Clock;
      added?: RoleAddedNotice;
    },
  ) {}

  /**
   * The app was installed in a team: if the board has no officer yet, the installer is its first
   * (so nobody needs to look up a GUID). True when the installer was made officer.
   */
  async bootstrap(board: Pick<Board, "id" | "tenantId" | "name">, installer: { aadObjectId?: string; name?: string }): Promise<boolean> {
    const aad = installer.aadObjectId?.toLowerCase();
    if (!aad) return false;
    const now = toUtcIso(this.deps.clock.now());
    const person = { aadObjectId: aad, name: installer.name ?? "The installer" };
    const changes = await this.change(board, { aadObjectId: aad, name: person.name }, (stored) =>
      stored.roles.some((r) => r.role === "officer") ? [] : [{ add: assignment(board.id, person, "officer", person, now) }],
    { installedBy: aad, installedAt: now });
    return changes.length > 0;
  }

  /** The roles card's content. People who left the team lose their roles here if Teams didn't tell us. */
  async list(grant: OfficerGrant): Promise<RolesView> {
    const board = grant.board;
    let roster = await this.deps.directory.roster(board);
    let stored = await this.deps.boards.read(board.id);
    if (stored.roles.some((r) => !roster.has(r.aadObjectId))) {
      roster = await this.deps.directory.roster(board, { fresh: true });
      const gone = stored.roles.filter((r) => !roster.has(r.aadObjectId));
      if (gone.length > 0) {
        await this.change(board, TEAMS_DOER, (s) => removalsOf(s, new Set(gone.map((g) => g.aadObjectId))));
        stored = await this.deps.boards.read(board.id);
      }
    }
    // Names as Teams shows them now (people change them; an install event may not have carried one).
    const sorted = (role: BoardRole) =>
      stored.roles
        .filter((r) => r.role === role)
        .map((r) => ({ ...r, name: roster.get(r.aadObjectId)?.name ?? r.name }))
        .sort((a, b) => a.name.localeCompare(b.name));
    return { officers: sorted("officer"), chairs: sorted("chair"), roster: [...roster.values()].sort((a, b) => a.name.localeCompare(b.name)) };
  }

  /** Give `role` to each of these people (AAD object IDs), if they are on the team right now. */
  async add(grant: OfficerGrant, aadObjectIds: readonly string[], role: BoardRole): Promise<AddOutcome> {
    const roster = await this.deps.directory.roster(grant.board, { fresh: true });
    const wanted = [...new Set(aadObjectIds.map((id) => id.toLowerCase()))];
    const notOnTeam = wanted.filter((id) => !roster.has(id));
    const people = wanted.map((id) => roster.get(id)).filter((m): m is TeamMember => m !== undefined);
    const by = doerOf(grant);
    const now = toUtcIso(this.deps.clock.now());
    const already: TeamMember[] = [];
    const changes = await this.change(grant.board, by, (stored) => {
      already.length = 0;
      const out: RoleChange[] = [];
      for (const person of people) {
        if (stored.roles.some((r) => r.role === role && r.aadObjectId === person.aadObjectId)) already.push(person);
        else out.push({ add: assignment(grant.board.id, person, role, by, now) });
      }
      return out;
    });
    const added = changes.flatMap((c) => ("add" in c ? people.filter((p) => p.aadObjectId === c.add.aadObjectId) : []));
    for (const person of added) this.deps.added?.(grant.board, person, role, by.name);
    return { added, already, notOnTeam };
  }

  /** Take `role` from a person. The board's last officer can't be removed (the board would have nobody to run it). */
  async remove(grant: OfficerGrant, aadObjectId: string, role: BoardRole): Promise<{ removed: boolean; name?: string }> {
    const aad = aadObjectId.toLowerCase();
    let name: string | undefined;
    const changes = await this.change(grant.board, doerOf(grant), (stored) => {
      const held = stored.roles.find((r) => r.role === role && r.aadObjectId === aad);
      if (!held) return [];
      name = held.name;
      if (role === "officer" && stored.roles.filter((r) => r.role === "officer").length <= 1) {
        throw new ValidationError([`${held.name} is the board's only officer, so the role can't be removed. Add another officer first.`]);
      }
      return [{ remove: { role, aadObjectId: aad } }];
    });
    return { removed: changes.length > 0, ...(name ? { name } : {}) };
  }

  /** Teams said this person left the team: their roles on the board end (audited), last officer or not. */
  async memberLeft(board: Pick<Board, "id" | "tenantId" | "name">, aadObjectId: string): Promise<number> {
    this.deps.directory.forgetRoster(board.id);
    const changes = await this.change(board, TEAMS_DOER, (stored) => removalsOf(stored, new Set([aadObjectId.toLowerCase()])));
    return changes.length;
  }

  /**
   * Read the board, decide the changes, write them with the record's version in one transaction;
   * if someone else changed the board in between, read and decide again. Then audit each change.
   */
  private async change(
    board: Pick<Board, "id" | "tenantId" | "name">,
    by: Doer,
    decide: (stored: StoredBoard) => RoleChange[],
    install?: Pick<BoardRecord, "installedBy" | "installedAt">,
  ): Promise<RoleChange[]> {
    for (let attempt = 0; ; attempt += 1) {
      const stored = await this.deps.boards.read(board.id);
      const changes = decide(stored);
      if (changes.length === 0 && (!install || stored.record)) return [];
      const now = toUtcIso(this.deps.clock.now());
      const previous = stored.record?.value;
      const record: BoardRecord = {
        boardId: board.id,
        tenantId: board.tenantId,
        name: board.name,
        ...(previous?.installedBy ? { installedBy: previous.installedBy } : install?.installedBy ? { installedBy: install.installedBy } : {}),
        ...(previous?.installedAt ? { installedAt: previous.installedAt } : install?.installedAt ? { installedAt: install.installedAt } : {}),
        version: (previous?.version ?? 0) + 1,
        updatedAt: now,
      };
      try {
        await this.deps.boards.commit(record, stored.record?.etag, changes);
      } catch (err) {
        const raced = err instanceof ConcurrencyError || err instanceof AlreadyExistsError || err instanceof NotFoundError;
        if (raced && attempt < 5) continue;
        throw err;
      }
      for (const c of changes) await this.audit(board, by, c, stored, now);
      return changes;
    }
  }

  private async audit(board: Pick<Board, "id" | "name">, by: Doer, change: RoleChange, before: StoredBoard, at: string): Promise<void> {
    const added = "add" in change;
    const role = added ? change.add.role : change.remove.role;
    const who = added ? change.add.aadObjectId : change.remove.aadObjectId;
    const name = added ? change.add.name : (before.roles.find((r) => r.aadObjectId === who && r.role === role)?.name ?? "");
    await this.deps.audit.append({
      memberAadObjectId: who,
      action: added ? "role-added" : "role-removed",
      boardId: board.id,
      by: by.aadObjectId,
      byName: by.name,
      at,
      details: `${name ? `${name}: ` : ""}${ROLE_TITLES[role]} of ${board.name}`,
    });
  }
}

function doerOf(grant: OfficerGrant): Doer {
  return { aadObjectId: grant.actor.aadObjectId, name: grant.actor.name ?? "An officer" };
}

function assignment(boardId: string, person: { aadObjectId: string; name: string }, role: BoardRole, by: Doer, at: string): RoleAssignment {
  return { boardId, aadObjectId: person.aadObjectId.toLowerCase(), role, name: person.name, addedBy: by.aadObjectId, addedByName: by.name, addedAt: at };
}

function removalsOf(stored: StoredBoard, who: Set<string>): RoleChange[] {
  return stored.roles.filter((r) => who.has(r.aadObjectId)).map((r) => ({ remove: { role: r.role, aadObjectId: r.aadObjectId } }));
}
