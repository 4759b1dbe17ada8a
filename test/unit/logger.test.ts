import { expect } from "chai";
import { Writable } from "node:stream";
import { createLogger, formatLogLine, logFormatFor } from "../../services/logging/logger.ts";

function sink(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe("logging: JSON lines in production, readable lines in a dev terminal", () => {
  it("chooses JSON in production, and whenever the output is not a terminal (containers, pipes, tools reading lines)", () => {
    expect(logFormatFor(true, { isTTY: true })).to.equal("json");
    expect(logFormatFor(true, {})).to.equal("json");
    expect(logFormatFor(false, {})).to.equal("json");
    expect(logFormatFor(false, { isTTY: true })).to.equal("pretty");
  });

  it("json: one parseable object per line, with the app, level, time and message", () => {
    const out = sink();
    const logger = createLogger("info", out.stream);
    logger.info({ roundId: "r1", sent: 3 }, "reminders sent");
    logger.debug("not at this level");
    const lines = out.text().trim().split("\n");
    expect(lines).to.have.length(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).to.include({ app: "sounding-board", level: 30, msg: "reminders sent", roundId: "r1", sent: 3 });
    expect(entry.time).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it("pretty: time, level, message and the fields, one line each; secrets are still redacted", () => {
    const out = sink();
    const logger = createLogger("info", out.stream, { format: "pretty" });
    logger.warn({ url: "http://127.0.0.1:3978", auth: "off", detail: { appPassword: "hunter2", n: 1 } }, "Sounding Board is listening");
    const text = out.text();
    expect(text.split("\n").filter((l) => l !== "")).to.have.length(1);
    expect(text).to.match(/^\d\d:\d\d:\d\d\.\d{3} WARN  Sounding Board is listening url=http:\/\/127\.0\.0\.1:3978 auth=off detail=\{"n":1\}\n$/);
    expect(text).not.to.contain("hunter2");
    expect(text).not.to.contain("sounding-board");
  });

  it("formatLogLine leaves a line that is not JSON as it is, and quotes values with spaces", () => {
    expect(formatLogLine("plain text\n")).to.equal("plain text");
    expect(formatLogLine(JSON.stringify({ level: 50, time: "2026-12-01T10:00:00.000Z", msg: "turn failed", name: "a b" }))).to.equal(
      '10:00:00.000 ERROR turn failed name="a b"',
    );
  });
});
