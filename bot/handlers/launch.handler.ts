import { DateTime } from "luxon";
import { z } from "zod";
import type { Banner, Choice, LaunchCardData, LaunchTheme } from "../../cards/card-types.ts";
import { openerCard } from "../../cards/opener.card.ts";
import { launchCard } from "../../cards/launch.card.ts";
import { launchedCard } from "../../cards/launched.card.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ValidationError } from "../../services/rounds/errors.ts";
import type { Board } from "../../services/boards/board-directory.ts";
import { ForbiddenError } from "../../services/boards/errors.ts";
import { DEFAULT_VOTES_PER_MEMBER, FEEDBACK_1TO1_TEMPLATE, PRIORITY_OUTCOMES, SUGGESTED_INTERVENTIONS } from "../../services/rounds/templates.ts";
import type { RoundKind } from "../../services/domain/round.ts";
import { DeadlineError, deadlineFromInputs } from "../../services/rounds/time.ts";
import type { CommandHandler, VerbHandler } from "../router.ts";
import { actorOf, badRequest, type ActionResult, type Turn } from "../turn.ts";
import { emptyThemes, launchCardData, launchedCardData, launchThemesFromTemplate } from "../views/round.views.ts";
import type { HandlerServices } from "./deps.ts";
import { boardIdSchema } from "./ids.ts";

const MAX_SLOTS = 20;
const KINDS: readonly RoundKind[] = ["feedback", "vote", "commitment"];
const text = (max: number) => z.string().max(max).optional().default("");

/** The launch form as Teams sends it back: every input's value as a string, merged into the action data. */
const launchFormSchema = z
  .object({
    themeCount: z.coerce.number().int().min(0).max(MAX_SLOTS),
    boardId: boardIdSchema.optional(),
    // Multi-select: "feedback,vote,commitment" (any subset).
    kinds: z
      .string()
      .max(100)
      .optional()
      .default("")
      .transform((raw, ctx) => {
        const kinds = raw.split(",").map((k) => k.trim()).filter((k) => k !== "");
        if (kinds.some((k) => !KINDS.includes(k as RoundKind))) {
          ctx.addIssue({ code: "custom", message: "must be feedback, vote or commitment" });
          return z.NEVER;
        }
        return kinds as RoundKind[];
      }),
    voteOptions: text(20_000),
    votesPerMember: z.coerce.number().optional().default(DEFAULT_VOTES_PER_MEMBER),
    allowMultipleVotes: z.enum(["true", "false"]).optional().default("true"),
    interventions: text(20_000),
    title: text(2000),
    deadlineDate: text(40),
    deadlineTime: text(40),
    anonymity: z.enum(["named", "anonymous"]).optional().default("anonymous"),
    minRespondents: z.coerce.number().optional().default(3),
    digestChannelId: z.string().max(300).optional(),
  })
  .catchall(z.unknown());

type LaunchForm = z.infer<typeof launchFormSchema>;

const slotSchema = z.object({
  include: z.enum(["true", "false"]).optional().default("false"),
  name: text(2000),
  view: text(5000),
  recommend: text(5000),
});

function themesOf(form: LaunchForm): LaunchTheme[] {
  const themes: LaunchTheme[] = [];
  for (let index = 0; index < form.themeCount; index += 1) {
    const slot = slotSchema.safeParse({
      include: form[`theme_${index}_include`],
      name: form[`theme_${index}_name`],
      view: form[`theme_${index}_view`],
      recommend: form[`theme_${index}_recommend`],
    });
    if (!slot.success) throw new ValidationError([`Theme ${index + 1} on the form was not valid. Please reopen the launch form.`]);
    themes.push({ index, include: slot.data.include === "true", name: slot.data.name, viewText: slot.data.view, recommendText: slot.data.recommend });
  }
  return themes;
}

interface Boards {
  board?: Board;
  choices?: Choice[];
  problem?: string;
}

type LaunchDeps = Pick<HandlerServices, "boards" | "rounds" | "messenger" | "clock" | "timeZone" | "logger">;

/**
 * Which board a launch is for: the team it happens in, or (1:1) the one picked on the form — only
 * ever a board the caller is an officer of. Officers of one board only never see a choice.
 */
async function resolveBoards(turn: Turn, deps: LaunchDeps, pickedBoardId?: string): Promise<Boards> {
  const actor = actorOf(turn);
  if (turn.conversationType === "groupChat") return { problem: "Rounds are launched from the board's team, or from a 1:1 chat with me." };
  if (turn.conversationType === "channel") {
    if (!turn.teamId) return { problem: "I don't know this team yet. Remove and re-add Sounding Board to the team, then try again." };
    const grant = await deps.boards.requireOfficer(actor, turn.teamId, "launch a round");
    return { board: grant.board };
  }
  const mine = (await deps.boards.membershipsOf(actor)).filter((m) => m.isOfficer);
  if (mine.length === 0) {
    throw new ForbiddenError("Only a board's officers can launch a round, and you're not an officer of any board I'm in. An officer can give you the role with **roles**.");
  }
  const choices = mine.map((m) => ({ value: m.board.id, title: m.board.name }));
  const chosenId = pickedBoardId ?? (mine.length === 1 ? mine[0]!.board.id : undefined);
  const chosen = chosenId ? mine.find((m) => m.board.id === chosenId) : undefined;
  if (chosenId && !chosen) throw new ForbiddenError("You're not an officer of that board, so you can't launch a round for it.");
  return { board: chosen?.board, choices: mine.length > 1 ? choices : undefined };
}

async function channelsOf(board: Board | undefined, deps: LaunchDeps): Promise<Choice[]> {
  if (!board) return [];
  try {
    const channels = await deps.messenger.listTeamChannels(board.reference, board.id);
    return channels.map((c) => ({ value: c.id, title: c.name }));
  } catch (err) {
    deps.logger.warn({ err: String(err) }, "could not list the team's channels");
    return [];
  }
}

async function freshForm(turn: Turn, deps: LaunchDeps): Promise<LaunchCardData | string> {
  const boards = await resolveBoards(turn, deps);
  if (boards.problem) return boards.problem;
  const channels = await channelsOf(boards.board, deps);
  const deadline = defaultDeadline(deps.clock.now(), deps.timeZone);
  return launchCardData({
    boards: boards.choices,
    boardId: boards.board?.id,
    boardName: boards.board?.name,
    selectedKinds: "feedback",
    templateName: FEEDBACK_1TO1_TEMPLATE.name,
    title: FEEDBACK_1TO1_TEMPLATE.title,
    voteOptionsText: PRIORITY_OUTCOMES.join("\n"),
    votesPerMember: DEFAULT_VOTES_PER_MEMBER,
    allowMultipleVotes: true,
    interventionsText: SUGGESTED_INTERVENTIONS.join("\n"),
    deadlineDate: deadline.toFormat("yyyy-MM-dd"),
    deadlineTime: deadline.toFormat("HH:mm"),
    minDate: deps.clock.now().setZone(deps.timeZone).toFormat("yyyy-MM-dd"),
    anonymity: "anonymous",
    minRespondents: 3,
    channels,
    digestChannelId: boards.board?.id ?? "",
    themes: launchThemesFromTemplate(FEEDBACK_1TO1_TEMPLATE),
  });
}

/** The form again, exactly as the officer left it, with a banner: nothing they typed is lost. */
async function formAgain(turn: Turn, deps: LaunchDeps, form: LaunchForm, themes: LaunchTheme[], banner?: Banner): Promise<LaunchCardData> {
  const boards = await resolveBoards(turn, deps, form.boardId);
  return launchCardData({
    banner,
    boards: boards.choices,
    boardId: boards.board?.id ?? form.boardId,
    boardName: boards.board?.name,
    selectedKinds: form.kinds.join(","),
    templateName: FEEDBACK_1TO1_TEMPLATE.name,
    title: form.title,
    voteOptionsText: form.voteOptions,
    votesPerMember: Number.isFinite(form.votesPerMember) ? form.votesPerMember : DEFAULT_VOTES_PER_MEMBER,
    allowMultipleVotes: form.allowMultipleVotes === "true",
    interventionsText: form.interventions,
    deadlineDate: form.deadlineDate,
    deadlineTime: form.deadlineTime,
    minDate: deps.clock.now().setZone(deps.timeZone).toFormat("yyyy-MM-dd"),
    anonymity: form.anonymity,
    minRespondents: Number.isFinite(form.minRespondents) ? form.minRespondents : 3,
    channels: await channelsOf(boards.board, deps),
    digestChannelId: form.digestChannelId ?? boards.board?.id ?? "",
    themes,
  });
}

export function launchCommand(deps: LaunchDeps): CommandHandler {
  return {
    name: "launch",
    aliases: ["new", "start"],
    async handle(turn) {
      const form = await freshForm(turn, deps);
      if (typeof form === "string") await turn.sendText(form);
      // The form is long: it opens in a dialog, or in the chat on clients without dialogs.
      else await turn.sendCard(openerCard({
        title: "Launch a round",
        ...(form.boardName ? { subtitle: form.boardName } : {}),
        text: "Feedback on themes, a priority vote and/or commitments to interventions, with a deadline in UK time: the form opens in a dialog.",
        openTitle: "Open the launch form",
        verb: Verbs.openLaunch,
        data: {},
      }));
    },
  };
}

/** The status card's "Launch a round" button. */
export function openLaunchVerb(deps: LaunchDeps): VerbHandler<Record<string, unknown>> {
  return {
    verb: Verbs.openLaunch,
    schema: z.object({}).catchall(z.unknown()),
    async handle(turn): Promise<ActionResult> {
      const form = await freshForm(turn, deps);
      // Nowhere to launch from (a group chat, a team the bot hasn't seen installed): a refusal, not an answer.
      return typeof form === "string" ? badRequest(form) : { kind: "card", card: launchCard(form) };
    },
  };
}

export function addThemesVerb(deps: LaunchDeps): VerbHandler<LaunchForm> {
  return {
    verb: Verbs.addThemes,
    schema: launchFormSchema,
    async handle(turn, form): Promise<ActionResult> {
      const themes = themesOf(form);
      const more = Math.min(2, MAX_SLOTS - themes.length);
      const banner: Banner | undefined = more === 0 ? { style: "warning", text: `The form holds at most ${MAX_SLOTS} themes.` } : undefined;
      return { kind: "card", card: launchCard(await formAgain(turn, deps, form, [...themes, ...emptyThemes(themes.length, more)], banner)) };
    },
  };
}

export function launchRoundVerb(deps: LaunchDeps): VerbHandler<LaunchForm> {
  return {
    verb: Verbs.launchRound,
    schema: launchFormSchema,
    async handle(turn, form): Promise<ActionResult> {
      let themes: LaunchTheme[] = [];
      try {
        themes = themesOf(form);
        const boards = await resolveBoards(turn, deps, form.boardId);
        if (boards.problem) throw new ValidationError([boards.problem]);
        if (!boards.board) throw new ValidationError(["Pick the board this round is for."]);
        const grant = await deps.boards.requireOfficer(actorOf(turn), boards.board.id, "launch a round");
        const deadline = deadlineFromInputs(form.deadlineDate, form.deadlineTime, deps.timeZone);
        const included = themes.filter((t) => t.include);
        // The digest channel comes back from the card: only one of this board's own channels is accepted.
        const channels = await channelsOf(grant.board, deps);
        const digestChannel = channels.find((c) => c.value === form.digestChannelId)?.value ?? grant.board.id;
        const { round, audience } = await deps.rounds.launch(grant, {
          kinds: form.kinds,
          title: form.title,
          deadline,
          anonymous: form.anonymity === "anonymous",
          minRespondents: form.minRespondents,
          digestConversationId: digestChannel,
          themes: included.map((t) => ({ name: t.name, view: t.viewText, recommend: t.recommendText })),
          voteOptions: form.voteOptions.split("\n"),
          votesPerMember: form.votesPerMember,
          allowMultipleVotes: form.allowMultipleVotes === "true",
          interventions: form.interventions.split("\n"),
        });
        const channelName = channels.find((c) => c.value === round.digestConversationId)?.title ?? "General";
        return { kind: "card", card: launchedCard(launchedCardData(round, audience.length, channelName, deps.timeZone)) };
      } catch (err) {
        if (err instanceof ValidationError || err instanceof DeadlineError) {
          const problems = err instanceof ValidationError ? err.problems : [err.message];
          const banner: Banner = { style: "attention", text: `Not launched yet: ${problems.join(" ")}` };
          return { kind: "card", card: launchCard(await formAgain(turn, deps, form, themes, banner)) };
        }
        throw err;
      }
    },
  };
}

/** Two weeks today at 5pm, UK time: a sensible start for a round of 1:1s. */
export function defaultDeadline(now: DateTime, zone: string): DateTime {
  return now.setZone(zone).plus({ days: 14 }).set({ hour: 17, minute: 0, second: 0, millisecond: 0 });
}
