import type { BoardPickerData } from "../board-picker.card.ts";
import { PEOPLE_IN_CONTEXT, PEOPLE_IN_ORGANISATION, type RolesCardData } from "../roles.card.ts";
import { BOARD_ID, BOARD_NAME } from "./samples.ts";

/** Display data for the roles card and the board picker (card tests and screenshots). */

const ROSTER = [
  { value: "a1b2c3d4-0000-4000-8000-000000000001", title: "Cllr Margaret Hollins" },
  { value: "a1b2c3d4-0000-4000-8000-000000000002", title: "Habib Patel" },
  { value: "a1b2c3d4-0000-4000-8000-000000000003", title: "Dr Priya Raman — NHS Morecambe Bay CCG" },
  { value: "a1b2c3d4-0000-4000-8000-000000000004", title: "Supt Tom Ashworth" },
  { value: "a1b2c3d4-0000-4000-8000-000000000005", title: "Sana Mirza" },
  { value: "a1b2c3d4-0000-4000-8000-000000000006", title: "Janet Okafor" },
];

/** In the team's channel: two officers (either can go), a chair, the people picker searching the team. */
export const rolesInChannel: RolesCardData = {
  banner: { style: "good", text: "Janet Okafor is now an officer; I've told them 1:1." },
  boardId: BOARD_ID,
  boardName: BOARD_NAME,
  officers: [
    { aadObjectId: ROSTER[1]!.value, name: "Habib Patel", addedText: "Installed the app, Monday 2 November 2026 at 9:12am", canRemove: true },
    { aadObjectId: ROSTER[5]!.value, name: "Janet Okafor", addedText: "Given by Habib Patel, Tuesday 1 December 2026 at 10:03am", canRemove: true },
  ],
  chairs: [{ aadObjectId: ROSTER[0]!.value, name: "Cllr Margaret Hollins", addedText: "Given by Habib Patel, Monday 2 November 2026 at 9:20am", canRemove: true }],
  rosterChoices: ROSTER,
  rosterLeftOut: 0,
  peopleDataset: PEOPLE_IN_CONTEXT,
};

/** In a 1:1 chat, right after install: the only officer (can't be removed), no chair yet, a long roster cut short. */
export const rolesOnlyOfficer: RolesCardData = {
  boardId: BOARD_ID,
  boardName: BOARD_NAME,
  officers: [{ aadObjectId: ROSTER[1]!.value, name: "Habib Patel", addedText: "Installed the app, Monday 2 November 2026 at 9:12am", canRemove: false }],
  chairs: [],
  rosterChoices: ROSTER,
  rosterLeftOut: 140,
  peopleDataset: PEOPLE_IN_ORGANISATION,
};

export const boardPicker: BoardPickerData = {
  intro: "You're on more than one board. Which one should **summary** show?",
  command: "summary",
  boards: [
    { id: "19:lancs-hwb-general@thread.tacv2", name: "Lancashire Health & Wellbeing Board", roleText: "You're a board member" },
    { id: BOARD_ID, name: BOARD_NAME, roleText: "You're an officer" },
  ],
};
