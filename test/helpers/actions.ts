import type { BoardAction } from "../../services/domain/action.ts";
import { ActionsRepository } from "../../services/storage/actions.repository.ts";
import type { TableStorage } from "../../services/storage/table-storage.ts";
import { TEAM, USERS, type TestUser } from "./activities.ts";

/** The organisations the test users answer for (what they type as "your organisation"). */
export const ORGANISATIONS: Record<string, string> = {
  [USERS.chair.aadObjectId]: "Lancashire County Council",
  [USERS.member.aadObjectId]: "NHS Morecambe Bay CCG",
  [USERS.police.aadObjectId]: "Lancashire Constabulary",
  [USERS.fire.aadObjectId]: "Lancashire Fire and Rescue Service",
};

/** A board action stored as an officer's "created" would store it, led by `lead` (an open action due in 2027 by default). */
export async function seedAction(storage: TableStorage, at: string, lead: TestUser, fields: Partial<BoardAction> & { id: string }): Promise<BoardAction> {
  const officer = USERS.officer;
  const action: BoardAction = {
    boardId: TEAM.id, title: "Falls prevention pathway", ownerOrganisation: ORGANISATIONS[lead.aadObjectId] ?? "NHS Morecambe Bay CCG",
    leadAadObjectId: lead.aadObjectId, leadName: lead.name, dueDate: "2027-06-30", state: "open", createdBy: officer.aadObjectId, createdAt: at, updatedAt: at,
    ...fields,
  };
  await new ActionsRepository(storage).create(action, { boardId: action.boardId, actionId: action.id, id: `${at}|made`, kind: "created", at, by: officer.aadObjectId, byName: officer.name });
  return action;
}
