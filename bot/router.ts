import type { z } from "zod";
import type { Logger } from "../services/logging/logger.ts";
import { errorResult, knownErrorResult } from "./handlers/outcomes.ts";
import type { ActionResult, Turn } from "./turn.ts";
import { badRequest } from "./turn.ts";

/**
 * Two small routers: typed text commands ("help", "status …") and Action.Execute verbs.
 * Registration replaces a chain of if/else; an unknown verb is a 400, unknown text gets a hint.
 * Errors are caught here, once: handlers throw domain errors and keep only their own special cases.
 */
export interface CommandHandler {
  /** First word of the message, lower case. */
  name: string;
  aliases?: string[];
  handle(turn: Turn, args: string): Promise<void>;
}

export type FallbackHandler = (turn: Turn, text: string) => Promise<void>;

/** Normalise what people type in Teams: stray punctuation, case, a leading slash, non-breaking spaces. */
export function parseCommand(text: string): { name: string; args: string } {
  const clean = text.replace(/\u00a0/g, " ").trim().replace(/^\/+/, "");
  const match = /^(\S+)\s*([\s\S]*)$/.exec(clean);
  if (!match) return { name: "", args: "" };
  const name = (match[1] ?? "").toLowerCase().replace(/(?<=\w)[.!?,;:]+$/, "");
  return { name, args: (match[2] ?? "").trim() };
}

export class CommandRouter {
  private readonly handlers = new Map<string, CommandHandler>();

  constructor(
    private readonly fallback: FallbackHandler,
    private readonly logger?: Logger,
  ) {}

  register(handler: CommandHandler): this {
    for (const name of [handler.name, ...(handler.aliases ?? [])]) {
      if (this.handlers.has(name)) throw new Error(`command "${name}" is registered twice`);
      this.handlers.set(name, handler);
    }
    return this;
  }

  commands(): string[] {
    return [...new Set([...this.handlers.values()].map((h) => h.name))];
  }

  async route(turn: Turn, text: string): Promise<void> {
    const { name, args } = parseCommand(text);
    const handler = this.handlers.get(name);
    try {
      if (handler) await handler.handle(turn, args);
      else await this.fallback(turn, text);
    } catch (err) {
      if (!knownErrorResult(err)) this.logger?.error({ err: describe(err), command: handler?.name }, "command failed");
      const result = errorResult(err);
      await turn.sendText(result.kind === "error" ? result.message : "Something went wrong.");
    }
  }
}

export interface VerbHandler<T> {
  verb: string;
  /** Card data is untrusted: it is parsed here before the handler sees it. */
  schema: z.ZodType<T>;
  handle(turn: Turn, data: T): Promise<ActionResult>;
}

export class VerbRouter {
  // Handlers of different data types live in one table; each is only ever called with data its own schema parsed.
  private readonly handlers = new Map<string, VerbHandler<unknown>>();

  constructor(private readonly logger?: Logger) {}

  register<T>(handler: VerbHandler<T>): this {
    if (this.handlers.has(handler.verb)) throw new Error(`verb "${handler.verb}" is registered twice`);
    this.handlers.set(handler.verb, handler as VerbHandler<unknown>);
    return this;
  }

  verbs(): string[] {
    return [...this.handlers.keys()];
  }

  async route(turn: Turn, verb: string, data: unknown): Promise<ActionResult> {
    const handler = this.handlers.get(verb);
    if (!handler) return badRequest(`Unknown action "${verb.slice(0, 64)}".`);
    const parsed = handler.schema.safeParse(data ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
      return badRequest(`That card's data was not valid (${where}${first?.message ?? "invalid"}).`);
    }
    try {
      return await handler.handle(turn, parsed.data);
    } catch (err) {
      if (!knownErrorResult(err)) this.logger?.error({ err: describe(err), verb: handler.verb }, "card action failed");
      return errorResult(err);
    }
  }
}

function describe(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: "Error", message: String(err) };
}
