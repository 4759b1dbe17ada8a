import { z } from "zod";
import type { Banner, StatusCardData } from "../../cards/card-types.ts";
import { statusCard } from "../../cards/status.card.ts";
import { Verbs } from "../../cards/verbs.ts";
import type { Round } from "../../services/domain/round.ts";
import { ValidationError } from "../../services/rounds/errors.ts";
import { DeadlineError, deadlineFromInputs, formatForPeople, ZONE_LABEL } from "../../services/rounds/time.ts";
import type { CommandHandler, VerbHandler } from "../router.ts";
import { actorOf, type ActionResult, type Turn } from "../turn.ts";
import { memberStatus, officerStatus } from "../views/round.views.ts";
import type { HandlerDeps } from "./deps.ts";
import { roundRefShape } from "./ids.ts";
import { errorResult } from "./outcomes.ts";

/** The boards an officer's status covers: this team, or (1:1) every board the bot is in. */
async function officerBoardIds(turn: Turn, deps: HandlerDeps): Promise<string[]> {
  if (turn.conversationType === "channel" && turn.teamId) return [turn.teamId];
  const teams = await deps.conversations.listTeams(turn.tenantId);
  return teams.map((t) => t.key);
}

/** Each manageable round adds ~2.5 KB to the status card: show the soonest deadlines, stay under Teams' size limit. */
const MAX_OFFICER_ROUNDS = 12;

async function statusData(turn: Turn, deps: HandlerDeps, banner?: Banner): Promise<StatusCardData> {
  const now = deps.clock.now();
  const isOfficer = deps.roles.isOfficer(turn.user);
  const officerRounds = [];
  if (isOfficer) {
    const open = await deps.rounds.listOpen(await officerBoardIds(turn, deps));
    for (const round of open.slice(0, MAX_OFFICER_ROUNDS)) officerRounds.push(officerStatus(await deps.rounds.progress(round), now, deps.timeZone));
    if (open.length > MAX_OFFICER_ROUNDS && !banner) {
      banner = { style: "accent", text: `Showing the ${MAX_OFFICER_ROUNDS} open rounds with the soonest deadlines, of ${open.length}. Type status in a board's team to see only that board.` };
    }
  }
  const mine = turn.user.aadObjectId ? await deps.rounds.memberRounds(turn.user.aadObjectId) : [];
  const memberRounds = mine
    .filter((m) => m.round.status === "open")
    .map((m) => memberStatus(m.round, m.answered, now, deps.timeZone));
  return {
    banner,
    officerRounds,
    memberRounds,
    isOfficer,
    emptyText: isOfficer ? "There are no open rounds. Type **launch** to start one." : "You have no open rounds right now.",
    timeZoneLabel: ZONE_LABEL,
  };
}

async function statusResult(turn: Turn, deps: HandlerDeps, banner?: Banner): Promise<ActionResult> {
  return { kind: "card", card: statusCard(await statusData(turn, deps, banner)) };
}

export function statusCommand(deps: HandlerDeps): CommandHandler {
  return {
    name: "status",
    aliases: ["progress", "rounds"],
    async handle(turn) {
      await turn.sendCard(statusCard(await statusData(turn, deps)));
    },
  };
}

export function showStatusVerb(deps: HandlerDeps): VerbHandler<Record<string, unknown>> {
  return {
    verb: Verbs.showStatus,
    schema: z.object({}).catchall(z.unknown()),
    handle: (turn) => statusResult(turn, deps),
  };
}

const roundRef = z.object(roundRefShape).catchall(z.unknown());
type RoundRef = z.infer<typeof roundRef>;

function manageVerb(
  deps: HandlerDeps,
  verb: string,
  act: (turn: Turn, data: RoundRef) => Promise<Round>,
  done: (round: Round) => string,
): VerbHandler<RoundRef> {
  return {
    verb,
    schema: roundRef,
    async handle(turn, data): Promise<ActionResult> {
      try {
        const round = await act(turn, data);
        return statusResult(turn, deps, { style: "good", text: done(round) });
      } catch (err) {
        if (err instanceof ValidationError || err instanceof DeadlineError) {
          const message = err instanceof ValidationError ? err.problems.join(" ") : err.message;
          return statusResult(turn, deps, { style: "attention", text: `Not changed: ${message}` });
        }
        return errorResult(err);
      }
    },
  };
}

export function closeRoundVerb(deps: HandlerDeps): VerbHandler<RoundRef> {
  return manageVerb(deps, Verbs.closeRound, (turn, d) => deps.rounds.close(actorOf(turn), d.boardId, d.roundId), (r) => `“${r.title}” is closed. Members' cards now show it has closed.`);
}

export function cancelRoundVerb(deps: HandlerDeps): VerbHandler<RoundRef> {
  return manageVerb(deps, Verbs.cancelRound, (turn, d) => deps.rounds.cancel(actorOf(turn), d.boardId, d.roundId), (r) => `“${r.title}” was cancelled. Members' cards now say so.`);
}

export function extendRoundVerb(deps: HandlerDeps): VerbHandler<RoundRef> {
  return manageVerb(
    deps,
    Verbs.extendRound,
    (turn, d) => {
      const date = d[`extendDate_${d.roundId}`];
      const time = d[`extendTime_${d.roundId}`];
      const deadline = deadlineFromInputs(typeof date === "string" ? date : "", typeof time === "string" ? time : "", deps.timeZone);
      return deps.rounds.extend(actorOf(turn), d.boardId, d.roundId, deadline);
    },
    (r) => `“${r.title}” now closes ${formatForPeople(r.deadline, deps.timeZone)} (${ZONE_LABEL}).`,
  );
}
