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

  it("says how long is left in days, then hours, then minutes", () => {
    const now = DateTime.fromISO("2026-12-01T12:00:00Z", { zone: "utc" });
    expect(timeLeft(now, "2026-12-04T17:00:00.000Z")).to.equal("3 days left");
    expect(timeLeft(now, "2026-12-02T17:00:00.000Z")).to.equal("29 hours left");
    expect(timeLeft(now, "2026-12-01T13:00:00.000Z")).to.equal("1 hour left");
    expect(timeLeft(now, "2026-12-01T12:00:30.000Z")).to.equal("1 minute left");
    expect(timeLeft(now, "2026-12-01T12:00:00.000Z")).to.equal("Closed");
  });
});
