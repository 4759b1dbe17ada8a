/** Realistic display data for the accountability cards (actions, the action form, check-ins, the progress digest). Fictional people and ids. */
import type { ActionFormData, ActionsCardData, CheckInFormData } from "../actions.card.ts";
import type { CheckInCardData } from "../checkin.card.ts";
import type { ProgressCardData } from "../progress.card.ts";
import { BOARD_ID, BOARD_NAME } from "./samples.ts";

const STATUS_CHOICES = [
  { value: "on_track", title: "On track" },
  { value: "at_risk", title: "At risk" },
  { value: "off_track", title: "Off track" },
  { value: "done", title: "Done" },
  { value: "dropped", title: "Dropped" },
];

export const actionsForOfficer: ActionsCardData = {
  banner: { style: "good", text: "Saved: “Domestic abuse: multi-agency risk assessment conferences”." },
  boardId: BOARD_ID,
  boardName: BOARD_NAME,
  countsText: "3 open (1 overdue, 1 at risk or off track), 1 closed.",
  actions: [
    { id: "a20261201-0000000a", title: "Falls prevention pathway live in two districts", factsText: "NHS Morecambe Bay CCG · Lead: Priya Raman · Due 10 Dec 2026 · From “Who will do what”", statusText: "Overdue · On track", tone: "attention", closed: false },
    { id: "a20261201-0000000b", title: "Domestic abuse: multi-agency risk assessment conferences", factsText: "Lancashire County Council · Due 29 Jan 2027 · From “Who will do what”", statusText: "At risk", tone: "warning", closed: false },
    { id: "a20261201-0000000c", title: "Publish the board's strategic plan", factsText: "Lancashire County Council · Due 31 Mar 2027", statusText: "No update yet", tone: "default", closed: false },
    { id: "a20261201-0000000d", title: "Members review their own organisations' plans", factsText: "All partners · Due 30 Nov 2026", statusText: "Closed · last reported done", tone: "default", closed: true },
  ],
  moreCount: 0,
  canManage: true,
};

export const actionsForMember: ActionsCardData = { ...actionsForOfficer, banner: undefined, canManage: false, moreCount: 12 };
export const actionsWithCadence: ActionsCardData = {
  ...actionsForOfficer,
  banner: undefined,
  scheduled: { roundId: "r20270111-0a0b0c0d", text: "Next check-in goes out Monday 28 December 2026, 5:00pm and closes Monday 11 January 2027, 5:00pm (UK time), repeating every 4 weeks." },
};
export const actionsEmpty: ActionsCardData = { ...actionsForOfficer, banner: undefined, countsText: "", actions: [] };

export const actionFormFromRound: ActionFormData = {
  boardId: BOARD_ID,
  boardName: BOARD_NAME,
  actionId: "",
  roundId: "r20261123-31950142",
  sourceText: "From the published summary of “Who will do what”: pick a recommendation or commitment, or leave it blank.",
  sourceChoices: [
    { value: "recommendation:t1r1", title: "Recommendation (Role of the Board): Board members should hold each other to account." },
    { value: "commitment:i3", title: "Commitment: Domestic abuse (led by Lancashire County Council)" },
  ],
  source: "",
  title: "",
  owner: "",
  lead: "",
  leadChoices: [{ value: "a1b2c3d4-0000-4000-8000-000000000004", title: "Priya Raman" }],
  due: "",
  intervention: "",
  limits: { title: 200, organisation: 120, intervention: 150 },
};

export const actionFormEditing: ActionFormData = {
  ...actionFormFromRound,
  banner: { style: "attention", text: "Not saved: The due date is more than three years away." },
  actionId: "a20261201-0000000b",
  roundId: "",
  sourceText: "From “Who will do what”.",
  sourceChoices: [],
  title: "Domestic abuse: multi-agency risk assessment conferences",
  owner: "Lancashire County Council",
  due: "2030-01-29",
  intervention: "Domestic abuse",
};

export const checkInForm: CheckInFormData = {
  boardId: BOARD_ID,
  boardName: BOARD_NAME,
  introText: "Each action's lead, and members whose organisation committed to lead or contribute, get a 1:1 card listing their actions.",
  closeDate: "2026-12-14",
  closeTime: "17:00",
  repeat: "4",
  repeatChoices: [{ value: "once", title: "Once" }, { value: "4", title: "Every 4 weeks" }, { value: "8", title: "Every 8 weeks" }],
};

export const checkInOpen: CheckInCardData = {
  roundId: "r20261201-0a0b0c0d",
  boardId: BOARD_ID,
  boardName: BOARD_NAME,
  state: "open",
  deadlineText: "Monday 14 December 2026, 5:00pm (UK time)",
  timeLeftText: "13 days left",
  privacyText: "Not anonymous: the board's officers and chair see your name with your update; the board's channel sees Lancashire Constabulary's name, not yours.",
  items: [
    { actionId: "a20261201-0000000b", title: "Domestic abuse: multi-agency risk assessment conferences", factsText: "Owner: Lancashire County Council · Due 29 Jan 2027 · Intervention: Domestic abuse", overdue: false, status: "at_risk", statusText: "At risk", update: "Funding for year two not yet agreed.", link: "https://example.org/dv-plan" },
    { actionId: "a20261201-0000000a", title: "Falls prevention pathway live in two districts", factsText: "Owner: NHS Morecambe Bay CCG · Due 10 Dec 2026", overdue: true, status: "", statusText: "No update", update: "", link: "" },
  ],
  statusChoices: STATUS_CHOICES,
  savedText: "Last saved Tuesday 1 December 2026, 9:05am",
  revision: 1,
  refreshUserIds: ["29:member-tom"],
  updateMaxLength: 500,
  linkMaxLength: 500,
};

export const checkInClosed: CheckInCardData = { ...checkInOpen, state: "closed", timeLeftText: "Closed", banner: { style: "accent", text: "This check-in has closed. Thank you — your saved update is below." } };

export const progressDigest: ProgressCardData = {
  boardName: BOARD_NAME,
  subtitle: "closed Monday 14 December 2026, 5:00pm",
  headline: "2 actions checked: 3 organisations reported, 1 did not.",
  statusFacts: [{ title: "On track", value: "1" }, { title: "At risk", value: "1" }],
  sections: [
    { heading: "What changed", lines: ["Domestic abuse: multi-agency risk assessment conferences (Lancashire County Council): first update → At risk"], more: 0 },
    { heading: "Overdue", lines: ["Falls prevention pathway live in two districts (NHS Morecambe Bay CCG), due 10 Dec 2026"], more: 0 },
    { heading: "Did not report", lines: ["Lancashire Fire and Rescue Service"], more: 0 },
  ],
  footerText: "Each action's history is in the board's tab (Actions). Updates are shown by organisation.",
};

export const progressDigestLong: ProgressCardData = {
  ...progressDigest,
  sections: progressDigest.sections.map((s) => ({ ...s, lines: Array.from({ length: 10 }, (_, i) => `${s.lines[0]} ${i + 1}`), more: 37 })),
};
