import { z } from "zod";
import type { Banner, StatusCardData } from "../../cards/card-types.ts";
import { statusCard } from "../../cards/status.card.ts";
import { Verbs } from "../../cards/verbs.ts";
import type { Membership, OfficerGrant } from "../../services/boards/board-directory.ts";
import type { Round } from "../../services/domain/round.ts";
import { ValidationError } from "../../services/rounds/errors.ts";
import { DeadlineError, deadlineFromInputs, formatForPeople, ZONE_LABEL } from "../../services/rounds/time.ts";
import type { CommandHandler, VerbHandler } from "../router.ts";
import { actorOf, type ActionResult, type Turn } from "../turn.ts";
import { memberStatus, officerStatus } from "../views/round.views.ts";
import type { HandlerServices } from "./deps.ts";
import { roundRefShape } from "./ids.ts";

type StatusDeps = Pick<HandlerServices, "boards" | "rounds" | "summaries" | "clock" | "timeZone">;

/** Each manageable round adds ~2.5 KB to the status card: show the soonest deadlines, stay under Teams' size limit. */
const MAX_OFFICER_ROUNDS = 12;
/** Closed rounds whose summary is waiting for review, newest first. */
const MAX_TO_REVIEW = 5;

/** The boards this status covers: in a team, that board only; in a 1:1, every board the person is on. */
async function membershipsFor(turn: Turn, deps: StatusDeps): Promise<Membership[]> {
  const actor = actorOf(turn);
  if (turn.conversationType === "channel" && turn.teamId) {
    const m = await deps.boards.membership(actor, turn.teamId);
    return m ? [m] : [];
  }
  return deps.boards.membershipsOf(actor);
}

async function statusData(turn: Turn, deps: StatusDeps, banner?: Banner): Promise<StatusCardData> {
  const now = deps.clock.now();
  const memberships = await membershipsFor(turn, deps);
  const officerOf = memberships.filter((m) => m.isOfficer).map((m) => m.board.id);
  const isOfficer = officerOf.length > 0;
  const officerRounds = [];
  const toReview: StatusCardData["toReview"] = [];
  if (isOfficer) {
    const open = await deps.rounds.listOpen(officerOf);
    for (const round of open.slice(0, MAX_OFFICER_ROUNDS)) officerRounds.push(officerStatus(await deps.rounds.progress(round), now, deps.timeZone));
    if (open.length > MAX_OFFICER_ROUNDS && !banner) {
      banner = { style: "accent", text: `Showing the ${MAX_OFFICER_ROUNDS} open rounds with the soonest deadlines, of ${open.length}. Type status in a board's team to see only that board.` };
    }
    for (const round of (await deps.rounds.listClosed(officerOf)).slice(0, MAX_TO_REVIEW)) {
      if ((await deps.summaries.stage(round.id)) !== "draft") continue;
      toReview.push({ roundId: round.id, boardId: round.boardId, title: round.title, detail: `${round.boardName} · closed ${formatForPeople(round.closedAt ?? round.deadline, deps.timeZone)}` });
    }
  }
  // A member's own rounds, on boards they are still on (leaving the team ends access to its rounds).
  const onBoards = new Set(memberships.filter((m) => m.onRoster).map((m) => m.board.id));
  const mine = turn.user.aadObjectId ? await deps.rounds.memberRounds(turn.user.aadObjectId) : [];
  const memberRounds = mine
    .filter((m) => m.round.status === "open" && onBoards.has(m.round.boardId) && m.round.tenantId === turn.tenantId)
    .map((m) => memberStatus(m.round, m.answered, now, deps.timeZone));
  return {
    banner,
    officerRounds,
    memberRounds,
    toReview,
    isOfficer,
    emptyText: isOfficer ? "There are no open rounds. Choose **Launch a round** to start one." : "You have no open rounds right now.",
    timeZoneLabel: ZONE_LABEL,
  };
}

async function statusResult(turn: Turn, deps: StatusDeps, banner?: Banner): Promise<ActionResult> {
  return { kind: "card", card: statusCard(await statusData(turn, deps, banner)) };
}

export function statusCommand(deps: StatusDeps): CommandHandler {
  return {
    name: "status",
    aliases: ["progress", "rounds"],
    async handle(turn) {
      await turn.sendCard(statusCard(await statusData(turn, deps)));
    },
  };
}

export function showStatusVerb(deps: StatusDeps): VerbHandler<Record<string, unknown>> {
  return {
    verb: Verbs.showStatus,
    schema: z.object({}).catchall(z.unknown()),
    handle: (turn) => statusResult(turn, deps),
  };
}

const roundRef = z.object(roundRefShape).catchall(z.unknown());
type RoundRef = z.infer<typeof roundRef>;
type ManageDeps = StatusDeps;

function manageVerb(
  deps: ManageDeps,
  verb: string,
  what: string,
  act: (grant: OfficerGrant, data: RoundRef) => Promise<Round>,
  done: (round: Round) => string,
): VerbHandler<RoundRef> {
  return {
    verb,
    schema: roundRef,
    async handle(turn, data): Promise<ActionResult> {
      const grant = await deps.boards.requireOfficer(actorOf(turn), data.boardId, what);
      try {
        const round = await act(grant, data);
        return statusResult(turn, deps, { style: "good", text: done(round) });
      } catch (err) {
        if (err instanceof ValidationError || err instanceof DeadlineError) {
          const message = err instanceof ValidationError ? err.problems.join(" ") : err.message;
          return statusResult(turn, deps, { style: "attention", text: `Not changed: ${message}` });
        }
        throw err;
      }
    },
  };
}

export function closeRoundVerb(deps: ManageDeps): VerbHandler<RoundRef> {
  return manageVerb(deps, Verbs.closeRound, "close a round", (grant, d) => deps.rounds.close(grant, d.roundId), (r) => `“${r.title}” is closed. Members' cards now show it has closed.`);
}

export function cancelRoundVerb(deps: ManageDeps): VerbHandler<RoundRef> {
  return manageVerb(deps, Verbs.cancelRound, "cancel a round", (grant, d) => deps.rounds.cancel(grant, d.roundId), (r) => `“${r.title}” was cancelled. Members' cards now say so.`);
}

export function extendRoundVerb(deps: ManageDeps): VerbHandler<RoundRef> {
  return manageVerb(
    deps,
    Verbs.extendRound,
    "extend a round",
    (grant, d) => {
      const date = d[`extendDate_${d.roundId}`];
      const time = d[`extendTime_${d.roundId}`];
      const deadline = deadlineFromInputs(typeof date === "string" ? date : "", typeof time === "string" ? time : "", deps.timeZone);
      return deps.rounds.extend(grant, d.roundId, deadline);
    },
    (r) => `“${r.title}” now closes ${formatForPeople(r.deadline, deps.timeZone)} (${ZONE_LABEL}).`,
  );
}
