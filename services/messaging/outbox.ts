import type { AdaptiveCard } from "../../cards/render.ts";
import type { ConversationService } from "../conversations/conversation.service.ts";
import type { StoredConversationReference } from "../domain/conversation.ts";
import type { Logger } from "../logging/logger.ts";
import type { OutboundQueue } from "../rounds/outbound-queue.ts";
import type { Messenger, SentMessage, TeamMember } from "./messenger.ts";

export type OutboxMessage = { card: AdaptiveCard } | { text: string };

/** What is known of the person's 1:1 chat when the message is made (a prompt pre-fills their organisation). */
export type MessageFor = (known: { organisation?: string }) => OutboxMessage;

/** The board's team, to open a 1:1 through (only looked up when the chat isn't known yet). */
export type Via = StoredConversationReference | (() => Promise<StoredConversationReference>);

/**
 * The one way to message a person 1:1 outside a turn — round prompts and reminders, a draft to
 * review, a digest for the chair, "you are now an officer", the delivery report: their 1:1 chat
 * with the bot if it is known, otherwise opened through the board's team (Teams lets a bot open a
 * 1:1 with members of a team it is installed in) with the message as its first activity (one
 * request, not two) and remembered; every request to Teams paced by the outbound queue.
 */
export class PersonalOutbox {
  constructor(
    private readonly deps: {
      conversations: Pick<ConversationService, "find" | "rememberPersonal">;
      messenger: Pick<Messenger, "sendCard" | "sendText" | "openPersonalConversation">;
      queue: Pick<OutboundQueue, "run">;
      logger?: Logger;
    },
  ) {}

  /** Send to `person` (a member of the team behind `via`). Delivery failures are thrown (DeliveryFailure). */
  async send(tenantId: string, via: Via, person: TeamMember, message: OutboxMessage | MessageFor): Promise<SentMessage> {
    const known = await this.deps.conversations.find(tenantId, "personal", person.aadObjectId.toLowerCase());
    const made = typeof message === "function" ? message({ ...(known?.organisation ? { organisation: known.organisation } : {}) }) : message;
    const chat = known ? { reference: known.reference } : await this.open(tenantId, via, person, made);
    if ("sent" in chat) return chat.sent;
    const reference = chat.reference;
    return this.deps.queue.run(reference.conversation.id, () => ("card" in made ? this.deps.messenger.sendCard(reference, made.card) : this.deps.messenger.sendText(reference, made.text)));
  }

  /** The person's 1:1 chat (to update a card sent earlier): the known one, or opened now. */
  async chatOf(tenantId: string, via: Via, person: TeamMember): Promise<StoredConversationReference> {
    const known = await this.deps.conversations.find(tenantId, "personal", person.aadObjectId.toLowerCase());
    if (known) return known.reference;
    const opened = await this.open(tenantId, via, person);
    if ("sent" in opened) throw new Error("unreachable: a chat opened without a first message has nothing sent");
    return opened.reference;
  }

  /** Open the chat (a request to Teams like any other: paced), posting `first` in it when Teams allows; the chat, or what was sent. */
  private async open(tenantId: string, via: Via, person: TeamMember, first?: OutboxMessage): Promise<{ reference: StoredConversationReference } | { sent: SentMessage }> {
    const team = typeof via === "function" ? await via() : via;
    const firstCard = first && "card" in first ? first.card : undefined;
    const opened = await this.deps.queue.run(`open:${person.aadObjectId}`, () => this.deps.messenger.openPersonalConversation(team, person, tenantId, firstCard));
    try {
      await this.deps.conversations.rememberPersonal(tenantId, person, opened.reference);
    } catch (err) {
      // The card is already in the chat: failing now would send it twice on retry. Teams returns the
      // same chat when it is opened again, so nothing is lost by not remembering it this time.
      if (!opened.sent) throw err;
      this.deps.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, "could not store a new 1:1 chat");
    }
    return opened.sent ? { sent: opened.sent } : { reference: opened.reference };
  }
}
