import { z } from "zod";
import { helpCard, type HelpCardData } from "../../cards/help.card.ts";
import { Verbs } from "../../cards/verbs.ts";
import type { BoardDirectory, Membership } from "../../services/boards/board-directory.ts";
import type { Role } from "../../services/domain/board.ts";
import type { CommandHandler, VerbHandler } from "../router.ts";
import { actorOf, type Turn } from "../turn.ts";

const ROLE_NAMES: Record<Role, string> = { chair: "the chair", officer: "an officer", member: "a board member" };

/** "You're an officer of North Lancashire and a board member of Chorley." (or, in a team: of this board) */
export function rolesIntro(memberships: ReadonlyArray<{ boardName: string; role: Role }>, inTeam: boolean): string {
  if (memberships.length === 0) return inTeam ? "You're not on this board's team." : "You're not on the team of any board I'm in yet.";
  if (inTeam) return `You're ${ROLE_NAMES[memberships[0]!.role]} on this board.`;
  const parts = memberships.map((m) => `${ROLE_NAMES[m.role]} of ${m.boardName}`);
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  return `You're ${list}.`;
}

/** What each role can do, with the caller's own roles first. */
export function helpData(intro: string, scope: Turn["conversationType"]): HelpCardData {
  const where = scope === "personal" ? "here in our 1:1 chat" : scope === "groupChat" ? "by @mentioning me in this chat" : "by @mentioning me in the channel";
  return {
    intro: `${intro} Type a command ${where}.`,
    sections: [
      {
        title: "Board members",
        items: [
          { command: "help", description: "Show this list." },
          { command: "Answer a round", description: "Open the card I send you 1:1, answer any themes, save and come back until the deadline." },
          { command: "status", description: "Your open rounds and whether you've answered." },
          { command: "summary", description: "The latest published summary of your board." },
          { command: "actions", description: "The board's actions: who owns each, when it is due and how it is going." },
          { command: "my data", description: "1:1 only: everything Sounding Board holds about you, as a file only you receive." },
        ],
      },
      {
        title: "Officers",
        items: [
          { command: "launch", description: "Start a round: feedback on themes, a priority vote and/or commitments to interventions; set a deadline (UK time) and anonymity." },
          { command: "status", description: "Who has been invited, who has answered, who can't be reached, and time left; extend, close or cancel a round." },
          { command: "summary", description: "Review the themed summary when a round closes: edit, merge or drop points, add recommendations, then publish it to the board's channel." },
          { command: "actions", description: "Make actions from a published round's recommendations and commitments (or from scratch); edit, reassign, close, reopen." },
          { command: "checkin", description: "Ask each action's lead and committed organisations how it is going; the progress digest goes to the channel when replies close." },
          { command: "roles", description: "The board's officers and chair: give or remove a role (also roles add @name officer|chair, roles remove @name officer|chair)." },
          { command: "export", description: "1:1 only: links to the printable report, the summary as CSV and (named rounds) the raw answers." },
          { command: "member export|erase", description: "1:1 only: what is held about a person of your boards (anonymous answers stay withheld), or erase their answers (audited)." },
        ],
      },
      {
        title: "Live workshops (in a Teams meeting)",
        items: [
          { command: "Side panel", description: "Officers: add Sounding Board to the meeting, open it in the side panel and start a sticker vote, a quick question or a wall of ideas; share the live results to the stage; end it to make it a round of the board." },
          { command: "Take part", description: "Everyone in the meeting who is on the board (and guests, if the officer allows): from the side panel or the card I post in the meeting chat. The stage shows totals, never names." },
        ],
      },
      {
        title: "Chair",
        items: [
          { command: "Digest", description: "Each published summary arrives 1:1 and in the board's channel: agreed points, recommendations, priorities, commitments and collaboration opportunities, with the full report." },
          { command: "summary", description: "Your board's latest published digest, with the full report." },
        ],
      },
    ],
    footer: "Answers are stored in the board's own Azure storage. Anonymous rounds never show who said what.",
  };
}

type HelpDeps = { boards: Pick<BoardDirectory, "membership" | "membershipsOf"> };

async function helpCardFor(turn: Turn, deps: HelpDeps) {
  const actor = actorOf(turn);
  const inTeam = turn.conversationType === "channel" && turn.teamId !== undefined;
  const memberships: Membership[] = inTeam
    ? [await deps.boards.membership(actor, turn.teamId!)].filter((m): m is Membership => m !== undefined)
    : await deps.boards.membershipsOf(actor);
  const intro = rolesIntro(memberships.map((m) => ({ boardName: m.board.name, role: m.role })), inTeam);
  return helpCard(helpData(intro, turn.conversationType));
}

export function helpCommand(deps: HelpDeps): CommandHandler {
  return {
    name: "help",
    aliases: ["?", "hi", "hello", "menu", "commands"],
    async handle(turn) {
      await turn.sendCard(await helpCardFor(turn, deps));
    },
  };
}

export function showHelpVerb(deps: HelpDeps): VerbHandler<Record<string, unknown>> {
  return {
    verb: Verbs.showHelp,
    schema: z.object({}).passthrough(),
    async handle(turn) {
      return { kind: "card", card: await helpCardFor(turn, deps) };
    },
  };
}
