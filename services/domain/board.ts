/**
 * A board is the Teams team the bot is installed in. Its people come from the team's roster; the
 * roles on top of that (officer, chair) are the board's own, stored with it and changed in Teams.
 */
export type BoardRole = "officer" | "chair";
export const BOARD_ROLES: readonly BoardRole[] = ["officer", "chair"];

/** What a person is on one board: a board member is anyone on the team's roster. */
export type Role = "officer" | "chair" | "member";

export interface RoleAssignment {
  boardId: string;
  aadObjectId: string;
  role: BoardRole;
  /** The person's name as Teams showed it when the role was given. */
  name: string;
  /** Who gave the role (AAD object ID and name); for the installer, themselves. */
  addedBy: string;
  addedByName: string;
  /** UTC ISO. */
  addedAt: string;
}

/** The board's own record, next to its roles: who installed the app, and a version that every role change moves. */
export interface BoardRecord {
  boardId: string;
  tenantId: string;
  name: string;
  installedBy?: string;
  installedAt?: string;
  /** Bumped by every role change, in the same transaction: two officers removing each other can't both win. */
  version: number;
  updatedAt: string;
}
