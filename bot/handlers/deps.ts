import type { ActionsService } from "../../services/accountability/actions.service.ts";
import type { CheckInService } from "../../services/accountability/checkin.service.ts";
import type { CheckInCadence } from "../../services/accountability/cadence.ts";
import type { BoardDirectory } from "../../services/boards/board-directory.ts";
import type { RolesService } from "../../services/boards/roles.service.ts";
import type { Clock } from "../../services/clock.ts";
import type { ConversationService } from "../../services/conversations/conversation.service.ts";
import type { Logger } from "../../services/logging/logger.ts";
import type { MemberDataService } from "../../services/members/member-data.service.ts";
import type { Messenger } from "../../services/messaging/messenger.ts";
import type { ResponseService } from "../../services/rounds/response.service.ts";
import type { RoundService } from "../../services/rounds/round.service.ts";
import type { LiveService } from "../../services/live/live.service.ts";
import type { LinkSigner } from "../../services/summary/links.ts";
import type { SummaryService } from "../../services/summary/summary.service.ts";

/**
 * Everything a handler could use, built once in the composition root. Each handler factory takes
 * only the part it uses (`Pick<HandlerServices, …>`), so its dependencies are read off its signature.
 */
export interface HandlerServices {
  boards: BoardDirectory;
  roles: RolesService;
  rounds: RoundService;
  responses: ResponseService;
  summaries: SummaryService;
  members: MemberDataService;
  actions: ActionsService;
  checkIns: CheckInService;
  cadence: CheckInCadence;
  live: LiveService;
  conversations: ConversationService;
  messenger: Messenger;
  links: LinkSigner;
  clock: Clock;
  timeZone: string;
  logger: Logger;
}
