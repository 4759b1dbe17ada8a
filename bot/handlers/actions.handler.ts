import { z } from "zod";
import { actionFormCard, actionsCard, checkInFormCard } from "../../cards/actions.card.ts";
import type { Banner } from "../../cards/card-types.ts";
import type { AdaptiveCard } from "../../cards/render.ts";
import { Verbs } from "../../cards/verbs.ts";
import { ACTION_LIMITS, type ActionInput } from "../../services/accountability/actions.service.ts";
import { sourceChoices, type SourceChoice } from "../../services/accountability/sources.ts";
import { REPEAT_WEEKS, type CheckInLaunch } from "../../services/accountability/checkin.service.ts";
import type { Membership, OfficerGrant } from "../../services/boards/board-directory.ts";
import type { ActionSource } from "../../services/domain/action.ts";
import { ValidationError } from "../../services/rounds/errors.ts";
import { DeadlineError, deadlineFromInputs, formatForPeople, ZONE_LABEL } from "../../services/rounds/time.ts";
import type { Round } from "../../services/domain/round.ts";
import type { VerbHandler } from "../router.ts";
import { actorOf, type ActionResult } from "../turn.ts";
import { actionsCardData } from "../views/actions.views.ts";
import type { BoardCommand, Reply } from "./board-scope.ts";
import type { HandlerServices } from "./deps.ts";
import { boardIdSchema, roundIdSchema } from "./ids.ts";

type ActionsDeps = Pick<HandlerServices, "boards" | "actions" | "checkIns" | "cadence" | "summaries" | "clock" | "timeZone">;

const MANAGE = "manage the board's actions";
const CHECK_IN = "start a check-in";
const MAX_LEAD_CHOICES = 100;
/** The repeat choice for a one-off check-in (every ChoiceSet choice needs a value). */
const ONCE = "once";

async function listCard(deps: ActionsDeps, m: Membership, banner?: Banner): Promise<AdaptiveCard> {
  const [actions, next] = await Promise.all([deps.actions.list(m.board.id), deps.cadence.scheduled(m.board.id)]);
  const data = actionsCardData(m.board, actions, m.isOfficer, deps.clock.now(), deps.timeZone, banner);
  return actionsCard(next ? { ...data, scheduled: { roundId: next.id, text: scheduledText(next, deps.timeZone) } } : data);
}

/** "Next check-in goes out Monday 1 February 2027, 5:00pm and closes …, repeating every 4 weeks." */
function scheduledText(next: Round, zone: string): string {
  const opens = next.definition.checkIn?.opensAt;
  const weeks = next.definition.checkIn?.repeatEveryWeeks ?? 0;
  return `Next check-in goes out ${opens ? formatForPeople(opens, zone) : "soon"} and closes ${formatForPeople(next.deadline, zone)} (${ZONE_LABEL}), repeating every ${weeks} weeks.`;
}

/** `actions` (anyone on the board): the actions card; officers can add, edit, close and start a check-in from it. */
export function actionsCommand(deps: ActionsDeps): BoardCommand {
  return { name: "actions", aliases: ["action", "tracker"], need: "member", what: "see the board's actions", run: async (_turn, m): Promise<Reply> => ({ card: await listCard(deps, m) }) };
}

/** `checkin` (officers): the form to send a progress check-in. */
export function checkInCommand(deps: ActionsDeps): BoardCommand {
  return {
    name: "checkin",
    aliases: ["check-in"],
    need: "officer",
    what: CHECK_IN,
    run: async (_turn, m): Promise<Reply> => ({ card: checkInForm(deps, m) }),
  };
}

function checkInForm(deps: ActionsDeps, m: Membership, banner?: Banner, typed?: { closeDate?: string; closeTime?: string; repeat?: string }): AdaptiveCard {
  const week = deps.clock.now().setZone(deps.timeZone).plus({ weeks: 2 });
  return checkInFormCard({
    ...(banner ? { banner } : {}),
    boardId: m.board.id,
    boardName: m.board.name,
    introText: "Each action's lead, and members whose organisation committed to lead or contribute, get a 1:1 card listing their actions: status, a short update, a link. Reminders go out before replies close; then the progress digest is posted to the board's channel and sent to the chair.",
    closeDate: typed?.closeDate ?? week.toFormat("yyyy-MM-dd"),
    closeTime: typed?.closeTime ?? "17:00",
    repeat: typed?.repeat ?? ONCE,
    repeatChoices: [{ value: ONCE, title: "Once" }, ...REPEAT_WEEKS.map((w) => ({ value: String(w), title: `Every ${w} weeks` }))],
  });
}

const boardOnly = z.object({ boardId: boardIdSchema }).catchall(z.unknown());
const ACTION_ID = z.string().regex(/^a\d{8}-[0-9a-f]{8}$/, "is not an action id");
const optionalText = (max: number) => z.string().max(max).optional();

export function showActionsVerb(deps: ActionsDeps): VerbHandler<z.infer<typeof boardOnly>> {
  return {
    verb: Verbs.showActions,
    schema: boardOnly,
    async handle(turn, data): Promise<ActionResult> {
      const m = await deps.boards.requireMember(actorOf(turn), data.boardId, "see the board's actions");
      return { kind: "card", card: await listCard(deps, m) };
    },
  };
}

const formSchema = z
  .object({ boardId: boardIdSchema, actionId: z.union([ACTION_ID, z.literal("")]).optional(), roundId: z.union([roundIdSchema, z.literal("")]).optional() })
  .catchall(z.unknown());

const saveSchema = formSchema.extend({
  source: z.union([z.string().regex(/^(recommendation|commitment|point):[A-Za-z0-9_-]{1,40}$/, "is not an item of the round"), z.literal("")]).optional(),
  title: optionalText(2000),
  owner: optionalText(2000),
  lead: z.union([z.string().regex(/^[0-9a-f-]{36}$/i, "is not a person"), z.literal("")]).optional(),
  due: optionalText(40),
  intervention: optionalText(2000),
});
type SaveData = z.infer<typeof saveSchema>;

/** The round's items an action can come from, from its published summary (this board's only). */
async function choicesFor(deps: ActionsDeps, boardId: string, roundId: string | undefined): Promise<{ choices: SourceChoice[]; roundTitle?: string }> {
  if (!roundId) return { choices: [] };
  const published = await deps.summaries.published(boardId, roundId);
  if (!published) throw new ValidationError(["That round has no published summary on this board."]);
  return { choices: sourceChoices(published.round, published.doc.summary), roundTitle: published.round.title };
}

async function formCard(deps: ActionsDeps, grant: OfficerGrant, data: Partial<SaveData>, banner?: Banner): Promise<AdaptiveCard> {
  const existing = data.actionId ? (await deps.actions.get(grant.board.id, data.actionId)).value : undefined;
  const roundId = existing ? "" : (data.roundId ?? "");
  const { choices, roundTitle } = await choicesFor(deps, grant.board.id, roundId || undefined);
  const roster = [...(await deps.boards.roster(grant.board)).values()].filter((p) => !p.id.startsWith("28:"));
  const value = (typed: string | undefined, stored: string | undefined) => typed ?? stored ?? "";
  return actionFormCard({
    ...(banner ? { banner } : {}),
    boardId: grant.board.id,
    boardName: grant.board.name,
    actionId: existing?.id ?? "",
    roundId,
    sourceText: existing?.source ? `From “${existing.source.roundTitle}”.` : roundTitle ? `From the published summary of “${roundTitle}”: pick a recommendation or commitment, or leave it blank.` : "",
    sourceChoices: choices.map((c) => ({ value: `${c.source.kind}:${c.source.ref}`, title: c.label })),
    source: data.source ?? "",
    title: value(data.title, existing?.title),
    owner: value(data.owner, existing?.ownerOrganisation),
    lead: value(data.lead, existing?.leadAadObjectId),
    leadChoices: roster.slice(0, MAX_LEAD_CHOICES).map((p) => ({ value: p.aadObjectId, title: p.name })),
    due: value(data.due, existing?.dueDate),
    intervention: value(data.intervention, existing?.intervention),
    limits: { title: ACTION_LIMITS.titleChars, organisation: ACTION_LIMITS.organisationChars, intervention: ACTION_LIMITS.interventionChars },
  });
}

/** A card button only officers of the board on the card may use: their grant, then the card to answer with. */
function officerVerb<T extends { boardId: string }>(
  deps: ActionsDeps,
  verb: string,
  schema: z.ZodType<T>,
  what: string,
  run: (grant: OfficerGrant, data: T) => Promise<AdaptiveCard>,
): VerbHandler<T> {
  return {
    verb,
    schema,
    async handle(turn, data): Promise<ActionResult> {
      const grant = await deps.boards.requireOfficer(actorOf(turn), data.boardId, what);
      return { kind: "card", card: await run(grant, data) };
    },
  };
}

export const openActionFormVerb = (deps: ActionsDeps) => officerVerb(deps, Verbs.openActionForm, formSchema, MANAGE, (grant, data) => formCard(deps, grant, data));

export const saveActionVerb = (deps: ActionsDeps) =>
  officerVerb(deps, Verbs.saveAction, saveSchema, MANAGE, async (grant, data) => {
    try {
      const input = inputFrom(data);
      const saved = data.actionId ? await deps.actions.edit(grant, data.actionId, input) : await deps.actions.create(grant, input);
      return await listCard(deps, grant, { style: "good", text: `Saved: “${saved.title}”.` });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return formCard(deps, grant, data, { style: "attention", text: `Not saved: ${err.message}` });
    }
  });

/** The form's inputs as the service takes them (it fills blanks from the round's item and checks everything). */
function inputFrom(data: SaveData): ActionInput {
  const [kind, ref] = (data.source ?? "").split(":") as [ActionSource["kind"], string];
  return {
    title: data.title ?? "",
    ownerOrganisation: data.owner ?? "",
    ...(data.lead ? { leadAadObjectId: data.lead } : {}),
    dueDate: data.due ?? "",
    ...(data.intervention ? { intervention: data.intervention } : {}),
    ...(!data.actionId && data.roundId && data.source ? { source: { roundId: data.roundId, kind, ref } } : {}),
  };
}

const actionRef = z.object({ boardId: boardIdSchema, actionId: ACTION_ID }).catchall(z.unknown());

const toggleVerb = (deps: ActionsDeps, verb: string, how: "close" | "reopen") =>
  officerVerb(deps, verb, actionRef, MANAGE, async (grant, data) => {
    const action = how === "close" ? await deps.actions.close(grant, data.actionId) : await deps.actions.reopen(grant, data.actionId);
    return listCard(deps, grant, { style: "good", text: `${how === "close" ? "Closed" : "Reopened"}: “${action.title}”.` });
  });

export const closeActionVerb = (deps: ActionsDeps) => toggleVerb(deps, Verbs.closeAction, "close");
export const reopenActionVerb = (deps: ActionsDeps) => toggleVerb(deps, Verbs.reopenAction, "reopen");

export const openCheckInVerb = (deps: ActionsDeps) => officerVerb(deps, Verbs.openCheckIn, boardOnly, CHECK_IN, async (grant) => checkInForm(deps, grant));

const launchSchema = z
  .object({ boardId: boardIdSchema, closeDate: optionalText(40), closeTime: optionalText(40), repeat: z.union([z.literal(""), z.literal(ONCE), z.coerce.number().int().min(1).max(52)]).optional() })
  .catchall(z.unknown());

export const launchCheckInVerb = (deps: ActionsDeps) =>
  officerVerb(deps, Verbs.launchCheckIn, launchSchema, CHECK_IN, async (grant, data) => {
    try {
      const deadline = deadlineFromInputs(data.closeDate ?? "", data.closeTime ?? "", deps.timeZone);
      const repeat = typeof data.repeat === "number" ? { repeatEveryWeeks: data.repeat } : {};
      return await listCard(deps, grant, launchedBanner(await deps.checkIns.launch(grant, { deadline, ...repeat })));
    } catch (err) {
      if (!(err instanceof ValidationError) && !(err instanceof DeadlineError)) throw err;
      return checkInForm(deps, grant, { style: "attention", text: `Not sent: ${err.message}` }, { ...data, repeat: typeof data.repeat === "number" ? String(data.repeat) : ONCE });
    }
  });

const stopSchema = z.object({ boardId: boardIdSchema, roundId: roundIdSchema }).catchall(z.unknown());

export const stopCheckInsVerb = (deps: ActionsDeps) =>
  officerVerb(deps, Verbs.stopCheckIns, stopSchema, CHECK_IN, async (grant, data) => {
    const stopped = await deps.cadence.stop(grant, data.roundId);
    return listCard(deps, grant, { style: "good", text: `Check-ins no longer repeat: the one that would have closed ${formatForPeople(stopped.deadline, deps.timeZone)} won't be sent.` });
  });

/** Who was asked, and which actions have nobody to ask (so the officer can give them a lead). */
function launchedBanner(launched: CheckInLaunch): Banner {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const orgs = new Set(launched.asked.map((a) => a.organisation.toLowerCase())).size;
  const items = launched.round.definition.checkIn?.items.length ?? 0;
  const nobody = launched.nobodyToAsk;
  const unasked = nobody.length === 0
    ? ""
    : ` ${count(nobody.length, "action has", "actions have")} nobody to ask (no lead on the team, no committed organisation): ${nobody.slice(0, 5).map((a) => `“${a.title}”`).join(", ")}${nobody.length > 5 ? "…" : ""}.`;
  return {
    style: nobody.length > 0 ? "warning" : "good",
    text: `Check-in sent: ${count(launched.asked.length, "person", "people")} from ${count(orgs, "organisation", "organisations")} asked about ${count(items, "action", "actions")}.${unasked}`,
  };
}
