import type { ConversationService } from "../../services/conversations/conversation.service.ts";
import type { Delivery } from "../../services/domain/delivery.ts";
import type { Round } from "../../services/domain/round.ts";
import type { Logger } from "../../services/logging/logger.ts";
import type { Messenger } from "../../services/messaging/messenger.ts";

/**
 * When a launch's prompts have all been tried, tell the officer who launched it, 1:1, if anyone
 * could not be reached: a member is never dropped silently. Quiet when everyone got their prompt.
 */
export async function reportDeliveries(
  deps: { conversations: ConversationService; messenger: Messenger; logger: Logger },
  round: Round,
  ledger: Delivery[],
): Promise<void> {
  const missed = ledger.filter((d) => d.status === "unreachable" || d.status === "failed");
  if (missed.length === 0) return;
  const officer = await deps.conversations.find(round.tenantId, "personal", round.createdBy);
  if (!officer) {
    deps.logger.warn({ roundId: round.id, missed: missed.length }, "some members were not reached and the officer has no 1:1 chat with the bot");
    return;
  }
  const sent = ledger.filter((d) => d.status === "sent").length;
  const names = missed.map((d) => d.memberName).sort().join(", ");
  await deps.messenger.sendText(
    officer.reference,
    `**${round.title}**: prompts reached ${sent} of ${ledger.length} members. I couldn't reach: ${names}. ` +
      "Ask them to open Sounding Board in Teams (Apps → Sounding Board) and say hello: I'll send their prompt as soon as they do. Type **status** to check.",
  );
}
