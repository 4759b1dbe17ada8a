import { expect } from "chai";
import { SharedPace } from "../../services/messaging/shared-pace.ts";

/** The storage row's rule in memory: the first free moment moves forward by each reservation. */
function memorySlots() {
  let nextFreeAt = 0;
  return { reserve: async (_budget: string, count: number, spacingMs: number, now: number) => {
    const start = Math.max(now, nextFreeAt);
    nextFreeAt = start + count * spacingMs;
    return start;
  } };
}

/** A clock that only moves when someone sleeps (so the test's time is the schedule's, not the machine's). */
function virtualTime() {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms: number) => { t = Math.max(t, t + ms); }, advance: (ms: number) => { t += ms; } };
}

describe("shared pace (one send schedule for every instance)", () => {
  it("two instances on one schedule never share a moment and together stay within the rate in every second", async () => {
    const slots = memorySlots();
    const time = virtualTime();
    const a = new SharedPace({ slots, perSecond: 50, block: 5, now: time.now, sleep: time.sleep });
    const b = new SharedPace({ slots, perSecond: 50, block: 5, now: time.now, sleep: time.sleep });
    const sent: number[] = [];
    for (let i = 0; i < 300; i += 1) {
      await (i % 3 === 0 ? b : a).wait();
      sent.push(time.now());
    }
    for (let i = 1; i < sent.length; i += 1) expect(sent[i]! - sent[i - 1]!, `request ${i}`).to.be.at.least(20);
    const busiest = Math.max(...sent.map((t) => sent.filter((u) => u >= t && u < t + 1000).length));
    expect(busiest).to.be.at.most(50);
  });

  it("drops slots whose moment has passed instead of spending them late in a burst", async () => {
    const slots = memorySlots();
    const time = virtualTime();
    const pace = new SharedPace({ slots, perSecond: 50, block: 5, now: time.now, sleep: time.sleep });
    await pace.wait(); // reserves 5, uses the first
    time.advance(10_000); // the other 4 are long past
    const before = time.now();
    await pace.wait();
    await pace.wait();
    // Fresh slots, 20 ms apart from now on, not two at once.
    expect(time.now() - before).to.be.at.least(20);
  });
});
