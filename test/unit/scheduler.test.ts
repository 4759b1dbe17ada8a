import { expect } from "chai";
import { DateTime } from "luxon";
import type { Round } from "../../services/domain/round.ts";
import { dueReminder, reminderKey } from "../../services/rounds/scheduler.service.ts";

const DEADLINE = "2026-11-30T17:00:00.000Z";

function round(overrides: Partial<Round> = {}): Round {
  return {
    boardId: "b", id: "r", tenantId: "t", boardName: "Board", title: "Round", status: "open",
    definition: { kinds: ["feedback"], questions: [], options: [] }, anonymous: true, minRespondents: 3,
    deadline: DEADLINE, remindersDone: [], createdBy: "o", createdAt: "2026-11-23T09:00:00.000Z", updatedAt: "2026-11-23T09:00:00.000Z",
    ...overrides,
  };
}

const at = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const HOURS = [48, 4];

describe("dueReminder", () => {
  it("is nothing before the first reminder time", () => {
    expect(dueReminder(round(), at("2026-11-28T16:59:59Z"), HOURS)).to.equal(undefined);
  });

  it("is the 48-hour reminder once its time comes, and nothing once it is done", () => {
    const key = reminderKey(48, DEADLINE);
    expect(dueReminder(round(), at("2026-11-28T17:00:00Z"), HOURS)).to.deep.equal({ send: key, done: [key] });
    expect(dueReminder(round({ remindersDone: [key] }), at("2026-11-29T10:00:00Z"), HOURS)).to.equal(undefined);
  });

  it("sends only the latest when several fell due while the bot was down", () => {
    const k4 = reminderKey(4, DEADLINE);
    const k48 = reminderKey(48, DEADLINE);
    expect(dueReminder(round(), at("2026-11-30T14:00:00Z"), HOURS)).to.deep.equal({ send: k4, done: [k4, k48] });
  });

  it("skips reminders whose time came before the round was launched (no '48 hours left' on a 1-day round)", () => {
    const launchedLate = round({ createdAt: "2026-11-29T17:00:00.000Z", updatedAt: "2026-11-29T17:00:00.000Z" });
    expect(dueReminder(launchedLate, at("2026-11-29T18:00:00Z"), HOURS)).to.equal(undefined);
    expect(dueReminder(launchedLate, at("2026-11-30T13:00:00Z"), HOURS)?.send).to.equal(reminderKey(4, DEADLINE));
  });

  it("re-arms after an extension: keys follow the new deadline, times passed before the change are skipped", () => {
    const extended = round({ deadline: "2026-12-07T17:00:00.000Z", updatedAt: "2026-11-30T10:00:00.000Z", remindersDone: [reminderKey(48, DEADLINE)] });
    expect(dueReminder(extended, at("2026-11-30T12:00:00Z"), HOURS)).to.equal(undefined);
    expect(dueReminder(extended, at("2026-12-05T17:00:00Z"), HOURS)?.send).to.equal(reminderKey(48, "2026-12-07T17:00:00.000Z"));
  });

  it("is nothing after the deadline (closing takes over)", () => {
    expect(dueReminder(round(), at("2026-11-30T17:00:00Z"), HOURS)).to.equal(undefined);
  });
});
