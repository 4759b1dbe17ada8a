import Bottleneck from "bottleneck";

/**
 * Every message the bot starts (prompts, reminders, card updates, digests) goes through here, so the
 * bot stays inside Teams' limits: at most `perSecond` requests for the app (Teams: 50/s per app per
 * tenant) and 7/s per conversation. Bottleneck does the pacing; botbuilder's client retries 429s
 * honouring Retry-After, and callers requeue what still fails.
 */
export interface QueueOptions {
  perSecond: number;
  maxConcurrent: number;
  perConversationPerSecond: number;
  /** Pacing shared with the bot's other instances (services/messaging/shared-pace.ts): each request waits for its slot. */
  shared?: { wait(): Promise<void> };
}

export class OutboundQueue {
  private readonly global: Bottleneck;
  private readonly perConversation: Bottleneck.Group;
  private readonly tracked = new Set<Promise<unknown>>();

  private readonly shared: QueueOptions["shared"];

  constructor(options: QueueOptions) {
    this.shared = options.shared;
    this.global = new Bottleneck({ minTime: Math.ceil(1000 / options.perSecond), maxConcurrent: options.maxConcurrent });
    this.perConversation = new Bottleneck.Group({ minTime: Math.ceil(1000 / options.perConversationPerSecond), maxConcurrent: 1 });
    this.perConversation.on("created", (limiter) => {
      limiter.chain(this.global);
    });
  }

  /** Run one outbound request for `conversationKey` when the limits allow. */
  run<T>(conversationKey: string, request: () => Promise<T>): Promise<T> {
    const shared = this.shared;
    return this.perConversation.key(conversationKey).schedule(shared ? async () => {
      await shared.wait();
      return request();
    } : request);
  }

  /** Keep a piece of background work visible to `idle()` (deliveries, reminders, retries). */
  track<T>(work: Promise<T>): Promise<T> {
    this.tracked.add(work);
    const forget = () => this.tracked.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves when all tracked work, including work it started, has finished. */
  async idle(): Promise<void> {
    while (this.tracked.size > 0) {
      await Promise.allSettled([...this.tracked]);
    }
  }

  async stop(): Promise<void> {
    await this.idle();
    await this.perConversation.disconnect();
    await this.global.disconnect();
  }
}
