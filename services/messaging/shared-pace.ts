import type { SendSlotsRepository } from "../storage/send-slots.repository.ts";

/**
 * Teams allows an app 50 requests a second per tenant, however many instances of the bot run. Each
 * request waits here for a send slot from the schedule all instances share in Table storage
 * (SendSlotsRepository): slots are `1000 / perSecond` ms apart and reserved a few at a time, so in
 * any second the instances together send at most `perSecond` (plus the clock skew between
 * machines, which NTP keeps to a few ms). A slot not taken by its moment is dropped, never spent
 * late (where it would land on another instance's slot). Real time, not the domain clock: this is about Teams' clock.
 */
export class SharedPace {
  private slots: number[] = [];
  private reserving: Promise<void> | undefined;
  private readonly spacingMs: number;

  constructor(
    private readonly deps: {
      slots: Pick<SendSlotsRepository, "reserve">;
      perSecond: number;
      /** Slots reserved per storage round trip (fewer round trips; a few ms of another instance's wait). */
      block?: number;
      budget?: string;
      now?: () => number;
      sleep?: (ms: number) => Promise<void>;
    },
  ) {
    this.spacingMs = 1000 / deps.perSecond;
  }

  /** Resolves at this request's slot. */
  async wait(): Promise<void> {
    const now = this.deps.now ?? Date.now;
    for (;;) {
      // A slot whose moment has passed is gone: spent late it would land on another instance's.
      while (this.slots.length > 0 && this.slots[0]! < now()) this.slots.shift();
      const slot = this.slots.shift();
      if (slot !== undefined) {
        const delay = slot - now();
        if (delay > 0) await (this.deps.sleep ?? sleep)(delay);
        return;
      }
      // One reservation at a time per instance; everyone waiting shares its slots.
      this.reserving ??= this.reserve().finally(() => {
        this.reserving = undefined;
      });
      await this.reserving;
    }
  }

  private async reserve(): Promise<void> {
    const count = this.deps.block ?? 5;
    const start = await this.deps.slots.reserve(this.deps.budget ?? "teams", count, this.spacingMs, (this.deps.now ?? Date.now)());
    for (let i = 0; i < count; i += 1) this.slots.push(start + i * this.spacingMs);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
