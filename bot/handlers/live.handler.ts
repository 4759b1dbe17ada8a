import { z } from "zod";
import { Verbs } from "../../cards/verbs.ts";
import { LiveNotFoundError } from "../../services/live/errors.ts";
import type { Change } from "../../services/live/live.rules.ts";
import type { VerbHandler } from "../router.ts";
import { badRequest, type ActionResult } from "../turn.ts";
import { liveChatCard } from "../views/live.views.ts";
import type { HandlerServices } from "./deps.ts";
import { errorResult } from "./outcomes.ts";

const saveLiveSchema = z
  .object({ activityId: z.string().regex(/^l\d{8}-[0-9a-f]{8}$/, "is not a live activity id") })
  .catchall(z.union([z.string().max(5000), z.number()]));

/**
 * `live.save` from the card in a meeting's chat: the same service call as the side panel, so the
 * same limits and the same trust rules (in the meeting; on the board, or an allowed guest). The
 * card only works in the chat it was posted in: an activity ID echoed from elsewhere is not found.
 */
export function saveLiveVerb(deps: Pick<HandlerServices, "live">): VerbHandler<z.infer<typeof saveLiveSchema>> {
  return {
    verb: Verbs.saveLive,
    schema: saveLiveSchema,
    async handle(turn, data): Promise<ActionResult> {
      if (turn.conversationType !== "groupChat" || !turn.user.aadObjectId) return badRequest("This card works in its meeting's chat.");
      const activity = await deps.live.get(data.activityId);
      if (activity.meetingChatId !== turn.conversationId || activity.tenantId !== turn.tenantId) throw new LiveNotFoundError();
      const viewer = { aadObjectId: turn.user.aadObjectId, tenantId: turn.tenantId, ...(turn.user.name ? { name: turn.user.name } : {}) };
      let input: Change;
      if (activity.kind === "vote") {
        const stickers: Record<string, number> = {};
        for (const o of activity.options) {
          const raw = data[`stickers_${o.id}`];
          const n = raw === undefined || raw === "" ? 0 : Number(raw);
          if (!Number.isFinite(n)) return badRequest(`“${o.label}”: stickers come in whole numbers.`);
          stickers[o.id] = n;
        }
        input = { stickers };
      } else if (activity.kind === "question") {
        input = { answer: String(data.answer ?? "") };
      } else {
        // One card at a time from the chat: it joins the person's cards already on the wall.
        input = { addPost: String(data.post ?? "") };
      }
      try {
        const saved = await deps.live.saveMine(viewer, activity.id, input);
        const placed = Object.values(saved.mine.stickers).reduce((a, b) => a + b, 0);
        const text = activity.kind === "vote" ? `Saved: ${placed} of your ${activity.stickers} stickers placed.` : activity.kind === "wall" ? `Added: you have ${saved.mine.posts.length} of ${activity.postsPerPerson} cards on the wall.` : "Saved: your answer is in.";
        return { kind: "card", card: liveChatCard(activity, { mine: saved.mine, notice: { text, good: true } }) };
      } catch (err) {
        // A refusal the person can act on (too many stickers, too long) comes back on their copy of the card,
        // keeping what they typed (and, on a wall, counting the cards they already have there).
        const result = errorResult(err);
        if (result.kind !== "error" || result.status !== 400) throw err;
        const posts = "addPost" in input ? (await deps.live.view(viewer, activity.id)).mine.posts : [];
        return { kind: "card", card: liveChatCard(activity, { mine: { stickers: "stickers" in input ? input.stickers : {}, answer: "answer" in input ? input.answer : "", posts }, notice: { text: result.message, good: false } }) };
      }
    },
  };
}
