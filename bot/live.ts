import type { BoardDirectory } from "../services/boards/board-directory.ts";
import type { Clock } from "../services/clock.ts";
import type { ConversationService } from "../services/conversations/conversation.service.ts";
import type { Round } from "../services/domain/round.ts";
import { liveResults } from "../services/live/live.results.ts";
import { LiveService } from "../services/live/live.service.ts";
import { MeetingAccess } from "../services/live/meeting-access.ts";
import type { Messenger } from "../services/messaging/messenger.ts";
import type { OutboundQueue } from "../services/rounds/outbound-queue.ts";
import type { DeliveriesRepository } from "../services/storage/deliveries.repository.ts";
import type { LiveRepository } from "../services/storage/live.repository.ts";
import type { ResponsesRepository } from "../services/storage/responses.repository.ts";
import type { RoundsRepository } from "../services/storage/rounds.repository.ts";
import { liveChatCard } from "./views/live.views.ts";

/**
 * Live meeting workshops, wired (kept out of app.ts like the accountability loop): the service,
 * the card it posts in the meeting's chat when an activity starts (updated with the totals when it
 * ends), and the round it becomes, drafted for the board's officers like any closed round.
 */
export function createLive(deps: {
  repos: { live: LiveRepository; rounds: RoundsRepository; deliveries: DeliveriesRepository; responses: ResponsesRepository };
  conversations: Pick<ConversationService, "find" | "findChatAnyTenant">;
  messenger: Messenger;
  boards: BoardDirectory;
  queue: Pick<OutboundQueue, "run">;
  clock: Clock;
  timeZone: string;
  background: (what: string, work: Promise<unknown>) => void;
  /** The round an activity became: its summary is drafted as when any round closes. */
  roundClosed: (round: Round) => void;
}): LiveService {
  const { repos, messenger, queue, clock, timeZone } = deps;
  const access = new MeetingAccess({ conversations: deps.conversations, messenger, directory: deps.boards, clock });
  const live: LiveService = new LiveService({
    ...repos,
    access,
    clock,
    timeZone,
    events: {
      started: (activity, chat) =>
        deps.background("posting the live activity in the meeting chat", (async () => {
          const sent = await queue.run(chat.key, () => messenger.sendCard(chat.reference, liveChatCard(activity)));
          await live.rememberChatCard(activity.id, sent.activityId);
        })()),
      ended: (activity, round) => {
        deps.roundClosed(round);
        deps.background("showing the live activity's totals in the meeting chat", (async () => {
          const current = await live.get(activity.id);
          const chat = await deps.conversations.find(activity.tenantId, "groupChat", activity.meetingChatId);
          if (!current.chatCardActivityId || !chat) return;
          const results = liveResults(current, await repos.live.listEntries(activity.id), clock.now(), timeZone);
          const card = liveChatCard(current, { results, footer: `${results.participants} took part${results.guests > 0 ? ` (${results.guests} as guests)` : ""}. The results are now a round of ${current.boardName}: its officers review the summary before it is posted.` });
          await queue.run(chat.key, () => messenger.updateCard(chat.reference, current.chatCardActivityId!, card));
        })());
      },
    },
  });
  return live;
}
