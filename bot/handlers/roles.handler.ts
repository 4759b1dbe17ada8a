import { z } from "zod";
import type { Banner } from "../../cards/card-types.ts";
import { PEOPLE_IN_CONTEXT, PEOPLE_IN_ORGANISATION, rolesCard, type RolePerson } from "../../cards/roles.card.ts";
import type { AdaptiveCard } from "../../cards/render.ts";
import { Verbs } from "../../cards/verbs.ts";
import { BoardDirectory, type OfficerGrant } from "../../services/boards/board-directory.ts";
import type { AddOutcome } from "../../services/boards/roles.service.ts";
import type { BoardRole, RoleAssignment } from "../../services/domain/board.ts";
import type { TeamMember } from "../../services/messaging/messenger.ts";
import { ValidationError } from "../../services/rounds/errors.ts";
import { formatForPeople } from "../../services/rounds/time.ts";
import { personalName } from "../../services/summary/redact.ts";
import type { VerbHandler } from "../router.ts";
import { actorOf, type ActionResult, type Turn } from "../turn.ts";
import type { BoardCommand, Reply } from "./board-scope.ts";
import type { HandlerServices } from "./deps.ts";
import { boardIdSchema } from "./ids.ts";

type RolesDeps = Pick<HandlerServices, "boards" | "roles" | "timeZone">;

/** The fallback list is for clients without the people picker's search; a long roster is cut (the card must stay under Teams' size limit). */
const MAX_ROSTER_CHOICES = 100;
const WHAT = "manage the board's roles";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function person(a: RoleAssignment, canRemove: boolean, zone: string): RolePerson {
  const when = formatForPeople(a.addedAt, zone);
  const how = a.addedBy === a.aadObjectId ? `Installed the app, ${when}` : `Given by ${a.addedByName}, ${when}`;
  return { aadObjectId: a.aadObjectId, name: a.name, addedText: how, canRemove };
}

export async function rolesCardFor(deps: RolesDeps, grant: OfficerGrant, inChannel: boolean, banner?: Banner): Promise<AdaptiveCard> {
  const view = await deps.roles.list(grant);
  return rolesCard({
    banner,
    boardId: grant.board.id,
    boardName: grant.board.name,
    officers: view.officers.map((a) => person(a, view.officers.length > 1, deps.timeZone)),
    chairs: view.chairs.map((a) => person(a, true, deps.timeZone)),
    rosterChoices: view.roster.filter((m) => !m.id.startsWith("28:")).slice(0, MAX_ROSTER_CHOICES).map((m) => ({ value: m.aadObjectId, title: m.name })),
    rosterLeftOut: Math.max(0, view.roster.length - MAX_ROSTER_CHOICES),
    peopleDataset: inChannel ? PEOPLE_IN_CONTEXT : PEOPLE_IN_ORGANISATION,
  });
}

function names(people: TeamMember[]): string {
  const list = people.map((p) => p.name);
  return list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

function addedBanner(outcome: AddOutcome, role: BoardRole): Banner {
  const parts: string[] = [];
  if (outcome.added.length > 0) parts.push(`${names(outcome.added)} ${outcome.added.length === 1 ? "is" : "are"} now ${role === "officer" ? "an officer" : "the chair"}; I've told them 1:1.`);
  if (outcome.already.length > 0) parts.push(`${names(outcome.already)} already had that role.`);
  if (outcome.notOnTeam.length > 0) parts.push(`${outcome.notOnTeam.length === 1 ? "One person isn't" : `${outcome.notOnTeam.length} people aren't`} on the team, so nothing was given to them: add them to the team in Teams first.`);
  return { style: outcome.added.length > 0 && outcome.notOnTeam.length === 0 ? "good" : "warning", text: parts.join(" ") };
}

/** Who a typed `roles add <who> officer` means: @mentions (Teams ids), else a name or email on the roster. */
function peopleNamed(turn: Turn, who: string, roster: Map<string, TeamMember>): TeamMember[] | string {
  const members = [...roster.values()];
  if (turn.mentions.length > 0) {
    const found = turn.mentions.map((m) => members.find((r) => r.id === m.id));
    if (found.some((f) => f === undefined)) return "Someone you mentioned isn't on this board's team: add them to the team in Teams first.";
    return found as TeamMember[];
  }
  const wanted = who.replace(/<\/?at>/g, "").replace(/^@/, "").trim().toLowerCase();
  if (GUID.test(wanted)) {
    const m = roster.get(wanted);
    return m ? [m] : "That person isn't on this board's team: add them to the team in Teams first.";
  }
  // Their whole Teams name or email; else their own name out of it ("Margaret Hollins" for
  // "Cllr Margaret Hollins, Chair — Lancashire County Council"); else the one name that starts so.
  const plain = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();
  const ways = [
    (m: TeamMember) => plain(m.name) === wanted || m.email?.toLowerCase() === wanted,
    (m: TeamMember) => plain(personalName(m.name)) === plain(personalName(who)) || plain(personalName(m.name)).endsWith(` ${wanted}`) || plain(personalName(m.name)) === wanted,
    (m: TeamMember) => plain(m.name).startsWith(wanted),
  ];
  for (const way of ways) {
    const found = members.filter(way);
    if (found.length === 1) return found;
    if (found.length > 1) return `More than one person on the team matches “${who}”: use the card (type **roles**) to pick the right one.`;
  }
  return `I couldn't find “${who.slice(0, 80)}” on this board's team. Use their name as Teams shows it, or pick them on the card (type **roles**).`;
}

const ROLE_WORD = /^(officers?|chairs?)$/i;

/** `roles` (officers): the roles card; `roles add <who> officer|chair` and `roles remove <who> officer|chair` by text. */
export function rolesCommand(deps: RolesDeps): BoardCommand {
  return {
    name: "roles",
    aliases: ["role", "officers"],
    need: "officer",
    what: WHAT,
    async run(turn, membership, args): Promise<Reply> {
      const grant = BoardDirectory.officerGrant(membership, WHAT);
      const inChannel = turn.conversationType === "channel";
      const m = /^(add|give|remove|take)\s+(.+?)\s+(\S+)$/i.exec(args.trim());
      if (args.trim() === "") return { card: await rolesCardFor(deps, grant, inChannel) };
      if (!m || !ROLE_WORD.test(m[3]!)) return { text: "Type **roles** for the card, or **roles add** *name* **officer**|**chair**, or **roles remove** *name* **officer**|**chair**." };
      const role: BoardRole = m[3]!.toLowerCase().startsWith("chair") ? "chair" : "officer";
      const roster = await deps.boards.roster(grant.board, { fresh: true });
      const people = peopleNamed(turn, m[2]!, roster);
      if (typeof people === "string") return { text: people };
      if (/^(add|give)$/i.test(m[1]!)) {
        return { card: await rolesCardFor(deps, grant, inChannel, addedBanner(await deps.roles.add(grant, people.map((p) => p.aadObjectId), role), role)) };
      }
      return { card: await rolesCardFor(deps, grant, inChannel, await removal(deps, grant, people.map((p) => p.aadObjectId), role)) };
    },
  };
}

/** Take the role from each person; the banner says who lost it, or why nothing changed. */
async function removal(deps: RolesDeps, grant: OfficerGrant, aadObjectIds: string[], role: BoardRole): Promise<Banner> {
  const removed: string[] = [];
  try {
    for (const id of aadObjectIds) {
      const outcome = await deps.roles.remove(grant, id, role);
      if (outcome.removed) removed.push(outcome.name ?? "They");
    }
  } catch (err) {
    if (err instanceof ValidationError) return { style: "attention", text: `Not changed: ${err.message}` };
    throw err;
  }
  return removed.length > 0
    ? { style: "good", text: `${removed.join(", ")} ${removed.length === 1 ? "is" : "are"} no longer ${role === "officer" ? "an officer" : "the chair"}.` }
    : { style: "warning", text: "Nothing changed: they didn't have that role." };
}

/** A roles card button: the officer's grant for the board on the card, the change, the card again with how it went. */
function rolesVerb<T extends { boardId: string }>(deps: RolesDeps, verb: string, schema: z.ZodType<T>, change: (grant: OfficerGrant, data: T) => Promise<Banner>): VerbHandler<T> {
  return {
    verb,
    schema,
    async handle(turn, data): Promise<ActionResult> {
      const grant = await deps.boards.requireOfficer(actorOf(turn), data.boardId, WHAT);
      return { kind: "card", card: await rolesCardFor(deps, grant, turn.conversationType === "channel", await change(grant, data)) };
    },
  };
}

const roleSchema = z.enum(["officer", "chair"]);
/**
 * `people` is what the people picker (or the fallback list) sends, comma-separated: AAD object IDs
 * in Teams; other hosts (the Agents Playground) send the person's Teams user id instead, so either
 * is looked up on the team's roster.
 */
const PERSON_ID = /^[A-Za-z0-9:._@-]{1,200}$/;
const addSchema = z
  .object({
    boardId: boardIdSchema,
    people: z.string().max(5000).optional().default(""),
    role: roleSchema.optional().default("officer"),
  })
  .catchall(z.unknown())
  .transform((d, ctx) => {
    const ids = d.people.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (ids.length > 50 || ids.some((id) => !PERSON_ID.test(id))) {
      ctx.addIssue({ code: "custom", path: ["people"], message: "must be people chosen on the card" });
      return z.NEVER;
    }
    return { boardId: d.boardId, people: ids, role: d.role };
  });

export function addRoleVerb(deps: RolesDeps): VerbHandler<z.infer<typeof addSchema>> {
  return rolesVerb(deps, Verbs.addRole, addSchema, async (grant, data) => {
    if (data.people.length === 0) return { style: "attention", text: "Choose at least one person first." };
    const roster = [...(await deps.boards.roster(grant.board, { fresh: true })).values()];
    // An AAD object ID as it is; a Teams user id becomes the AAD object ID of that person on the team.
    const ids = data.people.map((id) => (GUID.test(id) ? id.toLowerCase() : (roster.find((m) => m.id === id)?.aadObjectId ?? id)));
    return addedBanner(await deps.roles.add(grant, ids, data.role), data.role);
  });
}

const removeSchema = z.object({ boardId: boardIdSchema, aadObjectId: z.string().regex(GUID, "is not a person"), role: roleSchema }).catchall(z.unknown());

export function removeRoleVerb(deps: RolesDeps): VerbHandler<z.infer<typeof removeSchema>> {
  return rolesVerb(deps, Verbs.removeRole, removeSchema, (grant, data) => removal(deps, grant, [data.aadObjectId], data.role));
}
