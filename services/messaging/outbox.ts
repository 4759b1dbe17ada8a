import type { AdaptiveCard } from "../../cards/render.ts";
import type { ConversationService } from "../conversations/conversation.service.ts";
import type { StoredConversationReference } from "../domain/conversation.ts";
import type { OutboundQueue } from "../rounds/outbound-queue.ts";
import type { Messenger, TeamMember } from "./messenger.ts";

export type OutboxMessage = { card: AdaptiveCard } | { text: string };

/**
 * One way to message a person 1:1 outside a turn (a draft to review, a digest for the chair, "you
 * are now an officer"): their 1:1 chat with the bot if it is known, otherwise opened through the
 * board's team (Teams lets a bot open a 1:1 with members of a team it is installed in) and
 * remembered; every request paced by the outbound queue.
 */
export class PersonalOutbox {
  constructor(
    private readonly deps: {
      conversations: Pick<ConversationService, "find" | "rememberPersonal">;
      messenger: Pick<Messenger, "sendCard" | "sendText" | "openPersonalConversation">;
      queue: Pick<OutboundQueue, "run">;
    },
  ) {}

  /** Send to `person` (a member of the team behind `via`). Delivery failures are thrown (DeliveryFailure). */
  async send(tenantId: string, via: StoredConversationReference, person: TeamMember, message: OutboxMessage): Promise<void> {
    const chat = await this.deps.conversations.find(tenantId, "personal", person.aadObjectId.toLowerCase());
    let reference = chat?.reference;
    if (!reference) {
      const opened = await this.deps.queue.run(`open:${person.aadObjectId}`, () =>
        this.deps.messenger.openPersonalConversation(via, person, tenantId, "card" in message ? message.card : undefined),
      );
      await this.deps.conversations.rememberPersonal(tenantId, person, opened.reference);
      if (opened.sent) return;
      reference = opened.reference;
    }
    const to = reference;
    await this.deps.queue.run(to.conversation.id, () => ("card" in message ? this.deps.messenger.sendCard(to, message.card) : this.deps.messenger.sendText(to, message.text)));
  }
}
