/**
 * Who may do what. Officers and chairs are named in configuration by AAD object ID; everyone else
 * on a board's roster is a board member. (Team owners can't be told apart offline: Teams' roster
 * API reports user/guest, not owner, and Graph is out of reach here.)
 */
export type Role = "chair" | "officer" | "member";

export interface Actor {
  aadObjectId?: string;
  name?: string;
}

export class RoleDirectory {
  private readonly officers: Set<string>;
  private readonly chairs: Set<string>;

  constructor(officerAadIds: readonly string[], chairAadIds: readonly string[]) {
    this.officers = new Set(officerAadIds.map((id) => id.toLowerCase()));
    this.chairs = new Set(chairAadIds.map((id) => id.toLowerCase()));
  }

  roleOf(actor: Actor): Role {
    const id = actor.aadObjectId?.toLowerCase();
    if (id && this.chairs.has(id)) return "chair";
    if (id && this.officers.has(id)) return "officer";
    return "member";
  }

  isOfficer(actor: Actor): boolean {
    const id = actor.aadObjectId?.toLowerCase();
    return id !== undefined && this.officers.has(id);
  }
}

/** A polite refusal: the action needs a role the user doesn't have. Nothing was changed. */
export class ForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
  }
}
