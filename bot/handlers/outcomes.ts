import { ValidationError, RoundClosedError, RoundNotFoundError } from "../../services/rounds/errors.ts";
import { ForbiddenError } from "../../services/rounds/roles.ts";
import { StorageUnavailableError } from "../../services/storage/errors.ts";
import { DeliveryFailure } from "../../services/messaging/messenger.ts";
import type { ActionResult } from "../turn.ts";

/**
 * Domain errors → what a person sees. Anything unexpected is rethrown (the adapter logs it and
 * answers 500); known failures get a clear sentence and nothing was changed.
 */
export function errorResult(err: unknown): ActionResult {
  if (err instanceof ForbiddenError) return { kind: "error", status: 403, code: "Forbidden", message: err.message };
  if (err instanceof RoundNotFoundError) return { kind: "error", status: 404, code: "NotFound", message: err.message };
  if (err instanceof RoundClosedError) return { kind: "error", status: 409, code: "Closed", message: err.message };
  if (err instanceof ValidationError) return { kind: "error", status: 400, code: "BadRequest", message: err.message };
  if (err instanceof StorageUnavailableError) {
    return { kind: "error", status: 503, code: "StorageUnavailable", message: "I couldn't save that just now, so nothing was changed. Please try again in a moment." };
  }
  if (err instanceof DeliveryFailure) {
    return { kind: "error", status: 503, code: "TeamsUnavailable", message: "I couldn't reach Teams just now, so nothing was changed. Please try again in a moment." };
  }
  throw err;
}

/** The same, as a line of chat text (for typed commands). */
export function errorText(err: unknown): string {
  const result = errorResult(err);
  return result.kind === "error" ? result.message : "Something went wrong.";
}
