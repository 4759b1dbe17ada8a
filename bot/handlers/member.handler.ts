import { BoardDirectory, type OfficerGrant } from "../../services/boards/board-directory.ts";
import { ForbiddenError } from "../../services/boards/errors.ts";
import { StorageUnavailableError } from "../../services/storage/errors.ts";
import type { CommandHandler } from "../router.ts";
import { actorOf, type Turn } from "../turn.ts";
import type { HandlerServices } from "./deps.ts";

type MemberDeps = Pick<HandlerServices, "boards" | "members" | "links">;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MEMBER_EXPORT_SECONDS = 15 * 60;
const WHAT = "export or erase a member's data";

/** The export link names the member and the officer who asked (so the download is audited as theirs, and scoped to their boards). */
export function memberExportId(memberAadObjectId: string, officerAadObjectId: string): string {
  return `${memberAadObjectId.toLowerCase()}.${officerAadObjectId.toLowerCase()}`;
}

/** The boards the caller is an officer of, as grants; none → a refusal. */
async function officerGrants(turn: Turn, deps: MemberDeps): Promise<OfficerGrant[]> {
  const grants = (await deps.boards.membershipsOf(actorOf(turn))).filter((m) => m.isOfficer).map((m) => BoardDirectory.officerGrant(m, WHAT));
  if (grants.length === 0) throw new ForbiddenError("Only a board's officers can export or erase a member's data. You can get your own with **my data**.");
  return grants;
}

async function resolveMember(grants: OfficerGrant[], deps: MemberDeps, who: string): Promise<{ aadObjectId: string; name: string } | string> {
  if (GUID.test(who)) return { aadObjectId: who.toLowerCase(), name: who };
  const matches = await deps.members.findByName(grants, who);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) return `I couldn't find anyone called “${who.slice(0, 80)}” on your boards. Use their name exactly as Teams shows it, or their Azure AD object ID.`;
  return `More than one person on your boards is called “${who}”. Use the Azure AD object ID instead: ${matches.map((m) => m.aadObjectId).join(", ")}.`;
}

/**
 * `member export <name or id>` and `member erase <name or id> [confirm]` — officers, in a 1:1 chat
 * only, for people of their own boards. Export answers with a short-lived link to a JSON file (the
 * answers of anonymous rounds withheld); erasure asks to be confirmed first.
 */
export function memberCommand(deps: MemberDeps): CommandHandler {
  return {
    name: "member",
    aliases: ["members"],
    async handle(turn, args) {
      const usage = "Use **member export** *name* (everything we hold about a member) or **member erase** *name* (remove their answers everywhere).";
      if (turn.conversationType !== "personal") {
        await turn.sendText("For privacy, member data requests only work in a 1:1 chat with me.");
        return;
      }
      const grants = await officerGrants(turn, deps);
      const m = /^(export|erase)\s+(.+?)(\s+confirm)?$/i.exec(args.trim());
      if (!m) {
        await turn.sendText(usage);
        return;
      }
      const [, action, who, confirm] = m as unknown as [string, string, string, string | undefined];
      const member = await resolveMember(grants, deps, who.trim());
      if (typeof member === "string") {
        await turn.sendText(member);
        return;
      }
      if (!(await deps.members.isPersonOf(grants, member.aadObjectId))) {
        await turn.sendText("That person isn't on any of your boards, so you can't see or erase their data.");
        return;
      }
      if (action.toLowerCase() === "export") {
        const url = deps.links.url("member.json", turn.tenantId, memberExportId(member.aadObjectId, turn.user.aadObjectId ?? ""), MEMBER_EXPORT_SECONDS);
        await turn.sendText(
          `What Sounding Board holds about **${member.name}** on your boards, as JSON: [download](${url}). Answers to anonymous rounds are withheld (only the member can get those, with **my data**). The link works for 15 minutes and the download is recorded in the audit log.`,
        );
        return;
      }
      if (!confirm) {
        await turn.sendText(
          `This permanently removes **${member.name}**'s answers, votes and commitments from every round of your boards (open and closed), anonymises their invitations and rebuilds affected summaries. It can't be undone. To go ahead, type: **member erase ${who.trim()} confirm**`,
        );
        return;
      }
      let report;
      try {
        report = await deps.members.erase(grants, member.aadObjectId);
      } catch (err) {
        // Erasure touches many rows and can stop part-way: say so (it is safe to run again), not "nothing was changed".
        if (!(err instanceof StorageUnavailableError)) throw err;
        await turn.sendText(`I couldn't finish erasing **${member.name}**: storage isn't answering just now. Some of their answers may already be gone. Type the same command again to finish — it is safe to repeat.`);
        return;
      }
      const elsewhere = report.otherBoardsRounds > 0 ? ` ${report.otherBoardsRounds} rounds of other boards were left alone: their officers can erase those.` : "";
      await turn.sendText(
        `Erased **${member.name}**: ${report.responsesRemoved} responses removed across ${report.rounds} rounds; ${report.summariesRecomputed} summaries rebuilt${report.workshopContributionsRemoved > 0 ? `; ${report.workshopContributionsRemoved} live workshop contributions removed` : ""}. This is recorded in the audit log.${elsewhere}`,
      );
    },
  };
}

export const MY_DATA_SECONDS = 15 * 60;

/** `my data`: everything held about the caller (anonymous answers included), as a short-lived link sent only to them, 1:1. */
export function myDataCommand(deps: Pick<HandlerServices, "links">): CommandHandler {
  return {
    name: "my",
    aliases: ["mydata"],
    async handle(turn, args) {
      if (args.trim().toLowerCase() !== "data" && args.trim() !== "") {
        await turn.sendText("Type **my data** to get everything Sounding Board holds about you.");
        return;
      }
      if (turn.conversationType !== "personal") {
        await turn.sendText("For privacy, I only send your data in our 1:1 chat: message me directly and type **my data**.");
        return;
      }
      if (!turn.user.aadObjectId) {
        await turn.sendText("I can't tell who you are from this message, so I can't send your data.");
        return;
      }
      const url = deps.links.url("my.json", turn.tenantId, turn.user.aadObjectId.toLowerCase(), MY_DATA_SECONDS);
      await turn.sendText(
        `Everything Sounding Board holds about you — your rounds, your answers (anonymous ones too), votes, commitments and who has looked at your data — as JSON: [download](${url}). The link is only for you and works for 15 minutes.`,
      );
    },
  };
}
