import { z } from "zod";
import type { Banner } from "../../cards/card-types.ts";
import { roundCard } from "../../cards/round.card.ts";
import { Verbs } from "../../cards/verbs.ts";
import { RoundClosedError } from "../../services/rounds/errors.ts";
import { AnswerTooLongError, type MemberRoundState } from "../../services/rounds/response.service.ts";
import { formatForPeople, ZONE_LABEL } from "../../services/rounds/time.ts";
import { StorageUnavailableError } from "../../services/storage/errors.ts";
import type { VerbHandler } from "../router.ts";
import type { ActionResult, Turn } from "../turn.ts";
import { roundCardData } from "../views/round.views.ts";
import type { HandlerDeps } from "./deps.ts";
import { errorResult } from "./outcomes.ts";

const ids = {
  roundId: z.string().min(1).max(100),
  boardId: z.string().min(1).max(300),
};

/** Save data: the round's ids, the card's revision, and one `answer_<questionId>` per non-empty input. */
const saveSchema = z
  .object({ ...ids, revision: z.coerce.number().int().min(0).optional() })
  .catchall(z.unknown())
  .transform((data, ctx) => {
    const answers: Record<string, string> = {};
    for (const [key, value] of Object.entries(data)) {
      if (!key.startsWith("answer_")) continue;
      if (typeof value !== "string") {
        ctx.addIssue({ code: "custom", path: [key], message: "must be text" });
        return z.NEVER;
      }
      // Generous bound on what we even look at; the real limit is checked (with a clear message) by the service.
      if (value.length > 20_000) {
        ctx.addIssue({ code: "custom", path: [key], message: "is far too long" });
        return z.NEVER;
      }
      answers[key.slice("answer_".length)] = value;
    }
    return { roundId: data.roundId, boardId: data.boardId, answers };
  });

type SaveData = z.infer<typeof saveSchema>;

function card(deps: HandlerDeps, state: MemberRoundState, overrides: { banner?: Banner; values?: Record<string, string> } = {}): ActionResult {
  const now = deps.clock.now();
  return { kind: "card", card: roundCard(roundCardData({ ...state, purpose: "view" }, now, deps.timeZone, overrides)) };
}

export function saveResponseVerb(deps: HandlerDeps): VerbHandler<SaveData> {
  return {
    verb: Verbs.saveResponse,
    schema: saveSchema,
    async handle(turn: Turn, data): Promise<ActionResult> {
      try {
        const saved = await deps.responses.save(data.boardId, data.roundId, turn.user.aadObjectId, data.answers);
        const deadline = `${formatForPeople(saved.round.deadline, deps.timeZone)} (${ZONE_LABEL})`;
        return card(deps, saved, { banner: { style: "good", text: `Saved. You can come back and change your answers until ${deadline}.` } });
      } catch (err) {
        // Every refusal re-shows what the member typed: nothing they wrote is lost from the card.
        if (err instanceof AnswerTooLongError) {
          const state = await deps.responses.load(data.boardId, data.roundId, turn.user.aadObjectId);
          return card(deps, state, { banner: { style: "attention", text: `Not saved: ${err.message}` }, values: data.answers });
        }
        if (err instanceof RoundClosedError) {
          const state = await deps.responses.load(data.boardId, data.roundId, turn.user.aadObjectId);
          return card(deps, state, { banner: { style: "attention", text: err.message } });
        }
        if (err instanceof StorageUnavailableError) {
          try {
            const state = await deps.responses.load(data.boardId, data.roundId, turn.user.aadObjectId);
            return card(deps, state, { banner: { style: "attention", text: "I couldn't save just now, so nothing was changed. Your text is still here: please try again in a moment." }, values: data.answers });
          } catch {
            return errorResult(err);
          }
        }
        return errorResult(err);
      }
    },
  };
}

export function refreshResponseVerb(deps: HandlerDeps): VerbHandler<{ roundId: string; boardId: string }> {
  return {
    verb: Verbs.refreshResponse,
    schema: z.object(ids).catchall(z.unknown()),
    async handle(turn, data): Promise<ActionResult> {
      try {
        return card(deps, await deps.responses.load(data.boardId, data.roundId, turn.user.aadObjectId));
      } catch (err) {
        return errorResult(err);
      }
    },
  };
}
