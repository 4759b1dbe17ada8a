import { expect } from "chai";
import { SendSlotsRepository } from "../../services/storage/send-slots.repository.ts";
import type { TableStorage } from "../../services/storage/table-storage.ts";
import { TestAzurite } from "../helpers/azurite.ts";

describe("send slots on Azurite (the schedule instances share)", function () {
  this.timeout(60_000);
  let azurite: TestAzurite;
  let storage: TableStorage;
  before(async () => {
    azurite = await TestAzurite.start();
    storage = await azurite.freshStorage();
  });
  after(async () => {
    await storage.close();
    await azurite.stop();
  });

  it("reservations racing from two instances never overlap, and none is lost", async () => {
    const now = 1_700_000_000_000;
    // Each instance reserves one block at a time (as SharedPace does), both at once.
    const instance = async () => {
      const slots = new SendSlotsRepository(storage);
      const mine: number[] = [];
      for (let i = 0; i < 20; i += 1) mine.push(await slots.reserve("teams", 5, 20, now));
      return mine;
    };
    const [one, two] = await Promise.all([instance(), instance()]);
    const blocks = [...one!, ...two!].sort((a, b) => a - b);
    // 40 blocks of 5 slots, 20 ms apart: back to back from `now`, each its own 100 ms.
    expect(blocks).to.deep.equal(Array.from({ length: 40 }, (_, i) => now + i * 100));
  });

  it("starts from now when the schedule has been idle, and keeps budgets apart", async () => {
    const slots = new SendSlotsRepository(storage);
    const later = 1_800_000_000_000;
    expect(await slots.reserve("teams", 5, 20, later)).to.equal(later);
    expect(await slots.reserve("other", 5, 20, later)).to.equal(later);
    expect(await slots.reserve("teams", 5, 20, later)).to.equal(later + 100);
  });
});
