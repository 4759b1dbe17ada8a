import { expect } from "chai";
import { DateTime } from "luxon";
import { DeadlineError, deadlineFromInputs, formatForPeople, inputsFromDeadline, timeLeft } from "../../services/rounds/time.ts";

const ZONE = "Europe/London";

describe("deadlines in UK time", () => {
  it("turns a UK wall time into UTC in winter (GMT) and summer (BST)", () => {
    expect(deadlineFromInputs("2026-12-04", "17:00", ZONE)).to.equal("2026-12-04T17:00:00.000Z");
    expect(deadlineFromInputs("2027-06-04", "17:00", ZONE)).to.equal("2027-06-04T16:00:00.000Z");
  });

  it("round-trips to the inputs that made it", () => {
    expect(inputsFromDeadline("2027-06-04T16:00:00.000Z", ZONE)).to.deep.equal({ date: "2027-06-04", time: "17:00" });
  });

  it("refuses the hour skipped when the clocks go forward, and the hour that happens twice when they go back", () => {
    expect(() => deadlineFromInputs("2027-03-28", "01:30", ZONE)).to.throw(DeadlineError, /does not exist/);
    expect(() => deadlineFromInputs("2026-10-25", "01:30", ZONE)).to.throw(DeadlineError, /happens twice/);
    expect(deadlineFromInputs("2026-10-25", "02:30", ZONE)).to.equal("2026-10-25T02:30:00.000Z");
  });

  it("refuses malformed inputs with a message a person understands", () => {
    expect(() => deadlineFromInputs("", "17:00", ZONE)).to.throw(DeadlineError, "Pick a deadline date.");
    expect(() => deadlineFromInputs("2026-02-30", "17:00", ZONE)).to.throw(DeadlineError);
    expect(() => deadlineFromInputs("2026-12-04", "5pm", ZONE)).to.throw(DeadlineError, "Pick a deadline time.");
  });

  it("formats for people in UK time", () => {
    expect(formatForPeople("2026-12-04T17:00:00.000Z", ZONE)).to.equal("Friday 4 December 2026 at 5:00pm");
    expect(formatForPeople("2027-06-04T16:00:00.000Z", ZONE)).to.equal("Friday 4 June 2027 at 5:00pm");
  });

  it("formats midnight, noon and both clock changes the way people write them", () => {
    expect(formatForPeople("2026-12-04T00:30:00.000Z", ZONE)).to.equal("Friday 4 December 2026 at 12:30am");
    expect(formatForPeople("2026-12-04T12:05:00.000Z", ZONE)).to.equal("Friday 4 December 2026 at 12:05pm");
    // 01:30 UTC on 29 March 2026 is 02:30 BST (the clocks went forward at 01:00 UTC).
    expect(formatForPeople("2026-03-29T01:30:00.000Z", ZONE)).to.equal("Sunday 29 March 2026 at 2:30am");
    // 00:30 and 01:30 UTC on 25 October 2026 are both "1:30am" on the wall.
    expect(formatForPeople("2026-10-25T00:30:00.000Z", ZONE)).to.equal("Sunday 25 October 2026 at 1:30am");
    expect(formatForPeople("2026-10-25T01:30:00.000Z", ZONE)).to.equal("Sunday 25 October 2026 at 1:30am");
  });

  it("formats every instant of a year as luxon's wall-clock reading in the zone", () => {
    // The formatter is Intl's; luxon is the reference for the zone arithmetic.
    let at = DateTime.fromISO("2026-01-01T00:00:00Z", { zone: "utc" });
    for (let i = 0; i < 15_000; i += 1, at = at.plus({ minutes: 37 })) {
      const local = at.setZone(ZONE);
      const expected = `${local.toFormat("cccc d LLLL yyyy")} at ${local.toFormat("h:mma").toLowerCase()}`;
      expect(formatForPeople(at.toISO()!, ZONE), at.toISO()!).to.equal(expected);
    }
  });

  it("says how long is left in days, then hours, then minutes", () => {
    const now = DateTime.fromISO("2026-12-01T12:00:00Z", { zone: "utc" });
    expect(timeLeft(now, "2026-12-04T17:00:00.000Z")).to.equal("3 days left");
    expect(timeLeft(now, "2026-12-02T17:00:00.000Z")).to.equal("29 hours left");
    expect(timeLeft(now, "2026-12-01T13:00:00.000Z")).to.equal("1 hour left");
    expect(timeLeft(now, "2026-12-01T12:00:30.000Z")).to.equal("1 minute left");
    expect(timeLeft(now, "2026-12-01T12:00:00.000Z")).to.equal("Closed");
    expect(timeLeft(now, "2026-12-03T12:00:00.000Z")).to.equal("2 days left");
    expect(timeLeft(now, "2026-12-03T11:59:59.000Z")).to.equal("47 hours left");
  });
});
