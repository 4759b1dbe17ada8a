import { z } from "zod";
import type { Banner } from "../../cards/card-types.ts";
import { Verbs } from "../../cards/verbs.ts";
import { RoundClosedError } from "../../services/rounds/errors.ts";
import { SubmissionError, type MemberRoundState, type Submission } from "../../services/rounds/response.service.ts";
import { formatForPeople, ZONE_LABEL } from "../../services/rounds/time.ts";
import { ConcurrencyError, StorageUnavailableError } from "../../services/storage/errors.ts";
import type { VerbHandler } from "../router.ts";
import type { ActionResult, Turn } from "../turn.ts";
import { memberCard } from "../views/checkin.views.ts";
import { ForbiddenError } from "../../services/boards/errors.ts";
import { DeliveryFailure } from "../../services/messaging/messenger.ts";
import { RoundNotFoundError } from "../../services/rounds/errors.ts";
import type { HandlerServices } from "./deps.ts";
import { roundRefShape } from "./ids.ts";

type ResponseDeps = Pick<HandlerServices, "boards" | "responses" | "conversations" | "clock" | "timeZone">;

/**
 * A member's card works while they are on the board's team (in this tenant): leaving the team ends
 * access to its rounds. Their invitation is checked by the response service.
 */
async function requireOnTeam(deps: ResponseDeps, turn: Turn, boardId: string): Promise<void> {
  const board = await deps.boards.board(turn.tenantId, boardId);
  if (!board) throw new RoundNotFoundError();
  if (!(await deps.boards.isOnRoster(board, turn.user.aadObjectId))) {
    throw new ForbiddenError("You're not on this board's team (any more), so you can't answer its rounds.");
  }
}

const ids = roundRefShape;

/**
 * Save data: the round's ids and the card's revision, plus whatever inputs the member filled in —
 * `answer_<q>`, `vote_<o>` and `why_<o>`, `commit_<i>_level|rep|resources|timescale|impact`,
 * `organisation`; on a check-in, `progress_<actionId>_status|update|link`. Teams leaves empty inputs
 * out, so an absent key means blank.
 */
const COMMIT_FIELDS = { level: "level", rep: "representative", resources: "resources", timescale: "timescale", impact: "impact" } as const;

const saveSchema = z
  .object({ ...ids, revision: z.coerce.number().int().min(0).optional(), organisation: z.string().max(2000).optional() })
  .catchall(z.unknown())
  .transform((data, ctx) => {
    const submission: Submission = { answers: {}, votes: {}, voteReasons: {}, commitments: {}, progress: {}, organisation: data.organisation };
    for (const [key, value] of Object.entries(data)) {
      const match = /^(answer|vote|why|commit|progress)_(.+)$/.exec(key);
      if (!match) continue;
      // Generous bounds on what we even look at; the real limits are checked (with clear messages) by the service.
      if (typeof value !== "string" || value.length > 20_000) {
        ctx.addIssue({ code: "custom", path: [key], message: "must be text" });
        return z.NEVER;
      }
      const [, kind, rest] = match as unknown as [string, string, string];
      if (kind === "answer") submission.answers[rest] = value;
      else if (kind === "why") submission.voteReasons![rest] = value;
      else if (kind === "progress") {
        const field = /^(.+)_(status|update|link)$/.exec(rest);
        if (!field) continue;
        const [, actionId, name] = field as unknown as [string, string, "status" | "update" | "link"];
        (submission.progress![actionId] ??= {})[name] = value;
      }
      else if (kind === "vote") {
        if (value.trim() === "") continue;
        const n = Number(value);
        if (!Number.isFinite(n)) {
          ctx.addIssue({ code: "custom", path: [key], message: "must be a number" });
          return z.NEVER;
        }
        submission.votes![rest] = n;
      } else {
        const field = /^(.+)_(level|rep|resources|timescale|impact)$/.exec(rest);
        if (!field) continue;
        const [, itemId, name] = field as unknown as [string, string, keyof typeof COMMIT_FIELDS];
        const item = (submission.commitments![itemId] ??= {});
        item[COMMIT_FIELDS[name]] = value;
      }
    }
    return { roundId: data.roundId, boardId: data.boardId, submission };
  });

type SaveData = z.infer<typeof saveSchema>;

async function card(deps: ResponseDeps, turn: Turn, state: MemberRoundState, overrides: { banner?: Banner; submitted?: Submission } = {}): Promise<ActionResult> {
  const now = deps.clock.now();
  // The member's organisation, if they gave it in an earlier round, pre-fills this one (not needed
  // when this round's response already names it).
  const profile = state.round.definition.kinds.includes("commitment") && turn.user.aadObjectId && !state.response?.organisation
    ? await deps.conversations.find(turn.tenantId, "personal", turn.user.aadObjectId.toLowerCase())
    : undefined;
  const view = { ...state, purpose: "view" as const, organisation: profile?.organisation };
  return { kind: "card", card: memberCard(view, now, deps.timeZone, overrides) };
}

export function saveResponseVerb(deps: ResponseDeps): VerbHandler<SaveData> {
  return {
    verb: Verbs.saveResponse,
    schema: saveSchema,
    async handle(turn: Turn, data): Promise<ActionResult> {
      try {
        await requireOnTeam(deps, turn, data.boardId);
        const saved = await deps.responses.save(data.boardId, data.roundId, turn.user.aadObjectId, data.submission);
        const organisation = saved.response.organisation;
        // Remembered for the member's next round; unchanged since their last save means already remembered.
        if (organisation && organisation !== saved.previousOrganisation && turn.user.aadObjectId) {
          await deps.conversations.setOrganisation(turn.tenantId, turn.user.aadObjectId, organisation);
        }
        const deadline = `${formatForPeople(saved.round.deadline, deps.timeZone)} (${ZONE_LABEL})`;
        return await card(deps, turn, saved, { banner: { style: "good", text: `Saved. You can come back and change your answers until ${deadline}.` } });
      } catch (err) {
        // Every refusal re-shows what the member typed: nothing they wrote is lost from the card.
        if (err instanceof SubmissionError) {
          const state = await deps.responses.load(data.boardId, data.roundId, turn.user.aadObjectId);
          return await card(deps, turn, state, { banner: { style: "attention", text: `Not saved: ${err.message}` }, submitted: data.submission });
        }
        if (err instanceof RoundClosedError) {
          const state = await deps.responses.load(data.boardId, data.roundId, turn.user.aadObjectId);
          return await card(deps, turn, state, { banner: { style: "attention", text: err.message } });
        }
        if (err instanceof ConcurrencyError) {
          // Saved from two devices at the same instant and this one lost every retry: show the winner.
          const state = await deps.responses.load(data.boardId, data.roundId, turn.user.aadObjectId);
          return await card(deps, turn, state, { banner: { style: "warning", text: "Your answers were being saved from another device at the same moment. Here is what is saved now: check it, and save again if anything is missing." } });
        }
        if (err instanceof StorageUnavailableError || err instanceof DeliveryFailure) {
          // Storage (or Teams, for the roster) is down: give the member their card back with what they typed, from the last known round.
          const round = deps.responses.recentRound(data.boardId, data.roundId, turn.user.aadObjectId);
          if (round) {
            const delivery = { roundId: round.id, boardId: round.boardId, memberAadObjectId: turn.user.aadObjectId ?? "", memberId: turn.user.id, memberName: turn.user.name ?? "", status: "sent" as const, attempts: 0, remindersSent: [], updatedAt: "" };
            const view = { round, delivery, purpose: "view" as const };
            const banner = { style: "attention" as const, text: "I couldn't save just now, so nothing was changed. Your text is still here: please try again in a moment." };
            return { kind: "card", card: memberCard(view, deps.clock.now(), deps.timeZone, { banner, submitted: data.submission }) };
          }
        }
        throw err;
      }
    },
  };
}

export function refreshResponseVerb(deps: ResponseDeps): VerbHandler<{ roundId: string; boardId: string }> {
  return {
    verb: Verbs.refreshResponse,
    schema: z.object(ids).catchall(z.unknown()),
    async handle(turn, data): Promise<ActionResult> {
      await requireOnTeam(deps, turn, data.boardId);
      return card(deps, turn, await deps.responses.load(data.boardId, data.roundId, turn.user.aadObjectId));
    },
  };
}
