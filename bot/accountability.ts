import { progressCard } from "../cards/progress.card.ts";
import type { AdaptiveCard } from "../cards/render.ts";
import { ActionsService } from "../services/accountability/actions.service.ts";
import { CheckInCadence } from "../services/accountability/cadence.ts";
import { CheckInService } from "../services/accountability/checkin.service.ts";
import type { Logger } from "../services/logging/logger.ts";
import { ProgressService } from "../services/accountability/progress.service.ts";
import { resolveSource } from "../services/accountability/sources.ts";
import type { BoardDirectory } from "../services/boards/board-directory.ts";
import type { Clock } from "../services/clock.ts";
import type { Round } from "../services/domain/round.ts";
import { ValidationError } from "../services/rounds/errors.ts";
import type { RoundEvents } from "../services/rounds/round.service.ts";
import type { ActionsRepository } from "../services/storage/actions.repository.ts";
import type { DeliveriesRepository } from "../services/storage/deliveries.repository.ts";
import type { ResponsesRepository } from "../services/storage/responses.repository.ts";
import type { RoundsRepository } from "../services/storage/rounds.repository.ts";
import type { SummariesRepository } from "../services/storage/summaries.repository.ts";
import type { SummaryService } from "../services/summary/summary.service.ts";
import { progressCardData } from "./views/progress.views.ts";

/**
 * The accountability loop's services, wired (kept out of app.ts so the composition root stays
 * readable): actions, check-ins (rounds of kind "checkin", sent by the rounds' fan-out), and the
 * progress digest when a check-in closes. `post` puts a card in the board's channel and to its
 * chairs 1:1, as published summaries are.
 */
export function createAccountability(deps: {
  repos: { rounds: RoundsRepository; deliveries: DeliveriesRepository; responses: ResponsesRepository; actions: ActionsRepository; summaries: SummariesRepository };
  boards: BoardDirectory;
  summaries: Pick<SummaryService, "published">;
  clock: Clock;
  timeZone: string;
  events: Pick<RoundEvents, "launched">;
  post: (what: string, round: Round, card: AdaptiveCard) => void;
  logger: Logger;
}) {
  const { repos, clock, timeZone } = deps;
  const actions = new ActionsService({
    actions: repos.actions,
    directory: deps.boards,
    clock,
    timeZone,
    // An action made from a round: that round must be this board's, and published; the item is read from the summary.
    checkSource: async (boardId, claimed) => {
      const published = await deps.summaries.published(boardId, claimed.roundId);
      if (!published) throw new ValidationError(["That round has no published summary on this board."]);
      return resolveSource(published.round, published.doc.summary, claimed);
    },
  });
  const checkIns = new CheckInService({ ...repos, directory: deps.boards, clock, timeZone, events: deps.events });
  const cadence = new CheckInCadence({ rounds: repos.rounds, checkIns, directory: deps.boards, clock, timeZone, logger: deps.logger });
  const progress = new ProgressService({
    ...repos,
    clock,
    timeZone,
    scheduleNext: (closed) => cadence.scheduleNext(closed),
    events: { published: (round, digest) => deps.post("the progress digest", round, progressCard(progressCardData(digest, timeZone))) },
  });
  return { actions, checkIns, cadence, progress };
}
