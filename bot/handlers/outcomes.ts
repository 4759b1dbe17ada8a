import { ForbiddenError } from "../../services/boards/errors.ts";
import { ValidationError, RoundClosedError, RoundNotFoundError } from "../../services/rounds/errors.ts";
import { ConcurrencyError, StorageUnavailableError } from "../../services/storage/errors.ts";
import { DeliveryFailure } from "../../services/messaging/messenger.ts";
import { ActionNotFoundError } from "../../services/accountability/errors.ts";
import { LiveBusyError, LiveNotFoundError } from "../../services/live/errors.ts";
import type { ActionResult } from "../turn.ts";

/** Failures a person can be told about in plain words; nothing was changed when these are thrown. */
export function knownErrorResult(err: unknown): ActionResult | undefined {
  if (err instanceof ForbiddenError) return { kind: "error", status: 403, code: "Forbidden", message: err.message };
  if (err instanceof RoundNotFoundError || err instanceof ActionNotFoundError || err instanceof LiveNotFoundError) return { kind: "error", status: 404, code: "NotFound", message: err.message };
  if (err instanceof RoundClosedError) return { kind: "error", status: 409, code: "Closed", message: err.message };
  if (err instanceof LiveBusyError) return { kind: "error", status: 409, code: "Busy", message: err.message };
  if (err instanceof ValidationError) return { kind: "error", status: 400, code: "BadRequest", message: err.message };
  if (err instanceof ConcurrencyError) {
    return { kind: "error", status: 412, code: "Conflict", message: "Someone else changed this at the same moment, so nothing was changed. Please try again." };
  }
  if (err instanceof StorageUnavailableError) {
    return { kind: "error", status: 503, code: "StorageUnavailable", message: "My storage isn't answering just now, so nothing was changed. Please try again in a moment." };
  }
  if (err instanceof DeliveryFailure) {
    return { kind: "error", status: 503, code: "TeamsUnavailable", message: "I couldn't reach Teams just now, so nothing was changed. Please try again in a moment." };
  }
  return undefined;
}

export const UNEXPECTED: ActionResult = {
  kind: "error",
  status: 500,
  code: "InternalError",
  message: "Sorry, something went wrong on my side. Please try again in a moment.",
};

/** Domain errors → what a person sees; anything unexpected → a plain apology (the router logs it). */
export function errorResult(err: unknown): ActionResult {
  return knownErrorResult(err) ?? UNEXPECTED;
}

/** The same, as a line of chat text (for typed commands). */
export function errorText(err: unknown): string {
  const result = errorResult(err);
  return result.kind === "error" ? result.message : "Something went wrong.";
}
