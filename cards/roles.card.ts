import type { Banner, Choice } from "./card-types.ts";
import { renderTemplate, type AdaptiveCard } from "./render.ts";

export interface RolePerson {
  aadObjectId: string;
  name: string;
  /** "Added by Habib Patel, 3 December 2026" */
  addedText: string;
  /** False for the board's only officer (the role can't be removed). */
  canRemove: boolean;
}

export interface RolesCardData {
  banner?: Banner;
  boardId: string;
  boardName: string;
  officers: RolePerson[];
  chairs: RolePerson[];
  /** The team's roster, for clients whose people picker can't search (a static list; capped). */
  rosterChoices: Choice[];
  /** How many people on the team are not in rosterChoices (0: all are). */
  rosterLeftOut: number;
  /**
   * The people picker's search: the team's members in a channel (`graph.microsoft.com/users?scope=currentContext`);
   * in a 1:1 chat, whose "current context" is just two people, the organisation (the server accepts only people on the team).
   */
  peopleDataset: string;
}

export const PEOPLE_IN_CONTEXT = "graph.microsoft.com/users?scope=currentContext";
export const PEOPLE_IN_ORGANISATION = "graph.microsoft.com/users";

/**
 * `roles.json`: the board's officers and chairs, each with a Remove button (`removeRole`, data
 * { boardId, aadObjectId, role }), and a people picker (`people`: AAD object IDs, comma-separated)
 * with a role choice (`role`) for `addRole` (data { boardId }).
 */
export function rolesCard(data: RolesCardData): AdaptiveCard {
  const group = (title: string, role: "officer" | "chair", people: RolePerson[], emptyText: string) => ({
    title,
    empty: people.length === 0,
    emptyText,
    people: people.map((p) => ({ ...p, role, keepText: "Only officer" })),
  });
  return renderTemplate("roles", {
    hasBanner: data.banner !== undefined && data.banner.text !== "",
    banner: data.banner ?? { style: "accent", text: "" },
    boardId: data.boardId,
    boardName: data.boardName,
    explainer:
      "Everyone on the team is a board member and is asked in rounds. Officers run the board's rounds and summaries; the chair receives every published digest 1:1. Only people on the team can have a role.",
    groups: [
      group("Officers", "officer", data.officers, "No officers yet."),
      group("Chair", "chair", data.chairs, "No chair yet: give the role below so the chair receives each digest 1:1."),
    ],
    rosterChoices: data.rosterChoices,
    rosterTruncated: data.rosterLeftOut > 0,
    rosterNote: `The list shows ${data.rosterChoices.length} of the team's people; search for the others, or type roles add followed by their name.`,
    peopleDataset: data.peopleDataset,
  });
}
