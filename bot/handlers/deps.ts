import type { Clock } from "../../services/clock.ts";
import type { ConversationService } from "../../services/conversations/conversation.service.ts";
import type { Logger } from "../../services/logging/logger.ts";
import type { Messenger } from "../../services/messaging/messenger.ts";
import type { ResponseService } from "../../services/rounds/response.service.ts";
import type { RoleDirectory } from "../../services/rounds/roles.ts";
import type { RoundService } from "../../services/rounds/round.service.ts";

/** What round handlers need; built once in the composition root. */
export interface HandlerDeps {
  rounds: RoundService;
  responses: ResponseService;
  conversations: ConversationService;
  messenger: Messenger;
  roles: RoleDirectory;
  clock: Clock;
  timeZone: string;
  logger: Logger;
}
