import { z } from "zod";
import { helpCard, type HelpCardData } from "../../cards/help.card.ts";
import { Verbs } from "../../cards/verbs.ts";
import type { CommandHandler, VerbHandler } from "../router.ts";
import type { Turn } from "../turn.ts";

export interface RoleDirectory {
  officerAadIds: readonly string[];
  chairAadIds: readonly string[];
}

export type Role = "chair" | "officer" | "member";

export function roleOf(turn: Turn, roles: RoleDirectory): Role {
  const id = turn.user.aadObjectId?.toLowerCase();
  if (id && roles.chairAadIds.includes(id)) return "chair";
  if (id && roles.officerAadIds.includes(id)) return "officer";
  return "member";
}

const ROLE_NAMES: Record<Role, string> = { chair: "the chair", officer: "an officer", member: "a board member" };

/**
 * What each role can do. Features still being built say so, rather than promising a command that
 * answers "I didn't understand".
 */
export function helpData(role: Role, scope: Turn["conversationType"]): HelpCardData {
  const where = scope === "personal" ? "here in our 1:1 chat" : "by @mentioning me in the channel";
  return {
    intro: `You're ${ROLE_NAMES[role]} on this board. Type a command ${where}.`,
    sections: [
      {
        title: "Board members",
        items: [
          { command: "help", description: "Show this list." },
          { command: "Answer a round", description: "Open the card I send you 1:1, answer any themes, save and come back until the deadline." },
          { command: "status", description: "Your open rounds and whether you've answered." },
        ],
      },
      {
        title: "Officers",
        items: [
          { command: "launch", description: "Start a round: feedback on themes, a priority vote and/or commitments to interventions; set a deadline (UK time) and anonymity." },
          { command: "status", description: "Who has been invited, who has answered, who can't be reached, and time left; extend, close or cancel a round." },
          { command: "summary", description: "Review the themed summary when a round closes: edit, merge or drop points, add recommendations, then publish it to the board's channel." },
          { command: "export", description: "1:1 only: links to the printable report, the summary as CSV and (named rounds) the raw answers." },
          { command: "member export|erase", description: "1:1 only: everything held about a member as JSON, or erase their answers everywhere (audited)." },
        ],
      },
      {
        title: "Chair",
        items: [
          { command: "Digest", description: "Published summaries arrive in the board's channel: agreed points, recommendations, priorities, commitments and collaboration opportunities, with the full report." },
          { command: "summary", description: "The latest published summary of a round." },
        ],
      },
    ],
    footer: "Answers are stored in the board's own Azure storage. Anonymous rounds never show who said what.",
  };
}

export function helpCommand(roles: RoleDirectory): CommandHandler {
  return {
    name: "help",
    aliases: ["?", "hi", "hello", "menu", "commands"],
    async handle(turn) {
      await turn.sendCard(helpCardFor(turn, roles));
    },
  };
}

export function showHelpVerb(roles: RoleDirectory): VerbHandler<Record<string, unknown>> {
  return {
    verb: Verbs.showHelp,
    schema: z.object({}).passthrough(),
    async handle(turn) {
      return { kind: "card", card: helpCardFor(turn, roles) };
    },
  };
}

function helpCardFor(turn: Turn, roles: RoleDirectory) {
  return helpCard(helpData(roleOf(turn, roles), turn.conversationType));
}
