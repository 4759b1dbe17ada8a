import type { BoardDirectory } from "../../services/boards/board-directory.ts";
import type { Delivery } from "../../services/domain/delivery.ts";
import type { Round } from "../../services/domain/round.ts";
import type { Logger } from "../../services/logging/logger.ts";
import type { PersonalOutbox } from "../../services/messaging/outbox.ts";

/**
 * When a launch's prompts have all been tried, tell the officer who launched it, 1:1, if anyone
 * could not be reached: a member is never dropped silently. Quiet when everyone got their prompt.
 * Through the outbox like every 1:1 message (paced; the officer's chat opened through the board's
 * team if the bot has none yet).
 */
export async function reportDeliveries(
  deps: { outbox: Pick<PersonalOutbox, "send">; boards: Pick<BoardDirectory, "board" | "roster">; logger: Logger },
  round: Round,
  ledger: Delivery[],
): Promise<void> {
  const missed = ledger.filter((d) => d.status === "unreachable" || d.status === "failed");
  if (missed.length === 0) return;
  // The officer as the team knows them (their Teams id opens a 1:1 if the bot has none with them yet).
  const board = await deps.boards.board(round.tenantId, round.boardId);
  const officer = board ? (await deps.boards.roster(board)).get(round.createdBy.toLowerCase()) : undefined;
  if (!board || !officer) {
    deps.logger.warn({ roundId: round.id, missed: missed.length }, "some members were not reached and the officer who launched the round is not on its team");
    return;
  }
  const sent = ledger.filter((d) => d.status === "sent").length;
  const names = missed.map((d) => d.memberName).sort().join(", ");
  await deps.outbox.send(round.tenantId, board.reference, officer, {
    text:
      `**${round.title}**: prompts reached ${sent} of ${ledger.length} members. I couldn't reach: ${names}. ` +
      "Ask them to open Sounding Board in Teams (Apps → Sounding Board) and say hello: I'll send their prompt as soon as they do. Type **status** to check.",
  });
}
