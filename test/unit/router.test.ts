import { expect } from "chai";
import { z } from "zod";
import { CommandRouter, parseCommand, VerbRouter } from "../../bot/router.ts";
import type { Turn } from "../../bot/turn.ts";

function fakeTurn(): Turn & { texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    tenantId: "t", conversationType: "personal", conversationId: "c", user: { id: "u" }, mentions: [],
    async sendText(text) { texts.push(text); },
    async sendCard() { texts.push("[card]"); },
  };
}

describe("routers", () => {
  it("parses what people type: case, punctuation, slashes, non-breaking spaces", () => {
    expect(parseCommand("  Help! ")).to.deep.equal({ name: "help", args: "" });
    expect(parseCommand("/status\u00a0round 7")).to.deep.equal({ name: "status", args: "round 7" });
    expect(parseCommand("")).to.deep.equal({ name: "", args: "" });
  });

  it("routes commands and aliases to their handler, and anything else to the fallback", async () => {
    const seen: string[] = [];
    const router = new CommandRouter(async (_t, text) => { seen.push(`fallback:${text}`); })
      .register({ name: "help", aliases: ["?"], async handle(_t, args) { seen.push(`help:${args}`); } });
    const turn = fakeTurn();
    await router.route(turn, "HELP me");
    await router.route(turn, "?");
    await router.route(turn, "launch");
    expect(seen).to.deep.equal(["help:me", "help:", "fallback:launch"]);
  });

  it("refuses to register the same command or verb twice", () => {
    const handler = { name: "help", async handle() {} };
    expect(() => new CommandRouter(async () => {}).register(handler).register(handler)).to.throw(/registered twice/);
    const verb = { verb: "v", schema: z.object({}), async handle() { return { kind: "message" as const, text: "" }; } };
    expect(() => new VerbRouter().register(verb).register(verb)).to.throw(/registered twice/);
  });

  it("validates card data with the verb's schema before the handler runs", async () => {
    let calls = 0;
    const router = new VerbRouter().register({
      verb: "round.save",
      schema: z.object({ roundId: z.string().min(1) }),
      async handle(_t, data) { calls += 1; return { kind: "message", text: data.roundId }; },
    });
    expect(await router.route(fakeTurn(), "round.save", { roundId: "r1" })).to.deep.equal({ kind: "message", text: "r1" });
    const bad = await router.route(fakeTurn(), "round.save", { roundId: 42 });
    expect(bad).to.deep.include({ kind: "error", status: 400 });
    expect(calls).to.equal(1);
    const unknown = await router.route(fakeTurn(), "x".repeat(500), {});
    expect(unknown.kind === "error" && unknown.message.length).to.be.lessThan(100);
  });
});
