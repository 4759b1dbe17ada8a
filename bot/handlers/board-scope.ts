import { z } from "zod";
import { boardPickerCard } from "../../cards/board-picker.card.ts";
import type { AdaptiveCard } from "../../cards/render.ts";
import { Verbs } from "../../cards/verbs.ts";
import type { BoardDirectory, Membership } from "../../services/boards/board-directory.ts";
import { ForbiddenError } from "../../services/boards/errors.ts";
import type { CommandHandler, VerbHandler } from "../router.ts";
import { actorOf, type ActionResult, type Turn } from "../turn.ts";
import { boardIdSchema } from "./ids.ts";

/** What a board command answers with: a card or a line of text (sent as a reply, or as the picker's replacement). */
export type Reply = { card: AdaptiveCard } | { text: string };

/**
 * A command about one board (summary, export, roles). In a team's channel the board is that team;
 * in a 1:1 chat it is the caller's only board, or the one they pick on a board picker card.
 * The caller's membership of that board is resolved once, here, and handed to `run`.
 */
export interface BoardCommand {
  name: string;
  aliases?: string[];
  /** "personal": answered only in a 1:1 chat (exports, role changes by text stay out of channels). */
  where?: "personal";
  /** Officers only, or anyone on the board. */
  need: "officer" | "member";
  /** For refusals: "export a round's results". */
  what: string;
  run(turn: Turn, membership: Membership, args: string): Promise<Reply>;
}

export type BoardLookup = Pick<BoardDirectory, "membership" | "membershipsOf">;

const ROLE_TEXT = { officer: "You're an officer", chair: "You're the chair", member: "You're a board member" } as const;

type Resolved = { membership: Membership } | { reply: Reply };

/** The board a command in this turn is about, or what to answer instead (a refusal, or a picker). */
async function resolve(turn: Turn, command: BoardCommand, boards: BoardLookup, pickedBoardId?: string): Promise<Resolved> {
  const actor = actorOf(turn);
  if (command.where === "personal" && turn.conversationType !== "personal") {
    return { reply: { text: `For privacy, **${command.name}** only works in a 1:1 chat with me: message me directly.` } };
  }
  const check = (m: Membership | undefined): Resolved => {
    if (!m) throw new ForbiddenError(`You're not on this board's team, so you can't ${command.what}.`);
    if (command.need === "officer" && !m.isOfficer) {
      throw new ForbiddenError(`Only the board's officers can ${command.what}. An officer of ${m.board.name} can give you the role (type **roles**).`);
    }
    return { membership: m };
  };
  if (turn.conversationType === "channel") {
    if (!turn.teamId) return { reply: { text: "Use this in the board's team, or in a 1:1 chat with me." } };
    return check(await boards.membership(actor, turn.teamId));
  }
  if (turn.conversationType === "groupChat") return { reply: { text: "Use this in the board's team, or in a 1:1 chat with me." } };
  if (pickedBoardId) return check(await boards.membership(actor, pickedBoardId));
  const mine = (await boards.membershipsOf(actor)).filter((m) => command.need === "member" || m.isOfficer);
  if (mine.length === 1) return { membership: mine[0]! };
  if (mine.length === 0) {
    return {
      reply: {
        text: command.need === "officer"
          ? `Only a board's officers can ${command.what}, and you're not an officer of any board I'm in.`
          : "You're not on the team of any board I'm in. Ask the board's officers to add you to its team in Teams.",
      },
    };
  }
  return {
    reply: {
      card: boardPickerCard({
        intro: `You're on more than one board. Which one should **${command.name}** show?`,
        command: command.name,
        boards: mine.map((m) => ({ id: m.board.id, name: m.board.name, roleText: ROLE_TEXT[m.role] })),
      }),
    },
  };
}

async function send(turn: Turn, reply: Reply): Promise<void> {
  if ("card" in reply) await turn.sendCard(reply.card);
  else await turn.sendText(reply.text);
}

/** The typed command: resolve the board (or offer the picker), then run. */
export function boardCommand(command: BoardCommand, deps: { boards: BoardLookup }): CommandHandler {
  return {
    name: command.name,
    ...(command.aliases ? { aliases: command.aliases } : {}),
    async handle(turn, args) {
      const resolved = await resolve(turn, command, deps.boards);
      await send(turn, "reply" in resolved ? resolved.reply : await command.run(turn, resolved.membership, args));
    },
  };
}

const pickSchema = z.object({ command: z.string().max(40), boardId: boardIdSchema }).catchall(z.unknown());

/** A board picked on the picker card: the command runs for it, and its answer replaces the picker. */
export function pickBoardVerb(commands: readonly BoardCommand[], deps: { boards: BoardLookup }): VerbHandler<z.infer<typeof pickSchema>> {
  const byName = new Map(commands.map((c) => [c.name, c]));
  return {
    verb: Verbs.pickBoard,
    schema: pickSchema,
    async handle(turn, data): Promise<ActionResult> {
      const command = byName.get(data.command);
      if (!command) return { kind: "error", status: 400, code: "BadRequest", message: "That board picker is for something I don't do." };
      const resolved = await resolve(turn, command, deps.boards, data.boardId);
      const reply = "reply" in resolved ? resolved.reply : await command.run(turn, resolved.membership, "");
      return "card" in reply ? { kind: "card", card: reply.card } : { kind: "message", text: reply.text };
    },
  };
}
