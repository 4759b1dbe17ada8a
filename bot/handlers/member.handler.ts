import type { MemberDataService } from "../../services/members/member-data.service.ts";
import type { LinkSigner } from "../../services/summary/links.ts";
import type { CommandHandler } from "../router.ts";
import type { Turn } from "../turn.ts";
import type { HandlerDeps } from "./deps.ts";
import { errorText } from "./outcomes.ts";

export interface MemberHandlerDeps extends HandlerDeps {
  members: MemberDataService;
  links: LinkSigner;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MEMBER_EXPORT_SECONDS = 15 * 60;

/** The export link names the member and the officer who asked (so the download is audited as theirs). */
export function memberExportId(memberAadObjectId: string, officerAadObjectId: string): string {
  return `${memberAadObjectId.toLowerCase()}.${officerAadObjectId.toLowerCase()}`;
}

async function resolveMember(turn: Turn, deps: MemberHandlerDeps, who: string): Promise<{ aadObjectId: string; name: string } | string> {
  if (GUID.test(who)) return { aadObjectId: who.toLowerCase(), name: who };
  const boards = (await deps.conversations.listTeams(turn.tenantId)).map((t) => t.key);
  const matches = await deps.members.findByName(boards, who);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) return `I couldn't find a member called “${who.slice(0, 80)}” in any round. Use their name exactly as Teams shows it, or their Azure AD object ID.`;
  return `More than one member is called “${who}”. Use the Azure AD object ID instead: ${matches.map((m) => m.aadObjectId).join(", ")}.`;
}

/**
 * `member export <name or id>` and `member erase <name or id> [confirm]` — officers, in a 1:1 chat
 * only. Export answers with a short-lived link to a JSON file; erasure asks to be confirmed first.
 */
export function memberCommand(deps: MemberHandlerDeps): CommandHandler {
  return {
    name: "member",
    aliases: ["members"],
    async handle(turn, args) {
      const usage = "Use **member export** *name* (everything we hold about a member) or **member erase** *name* (remove their answers everywhere).";
      if (!deps.roles.isOfficer(turn.user)) {
        await turn.sendText("Only the board's officers can export or erase a member's data. Members can ask an officer.");
        return;
      }
      if (turn.conversationType !== "personal") {
        await turn.sendText("For privacy, member data requests only work in a 1:1 chat with me.");
        return;
      }
      const m = /^(export|erase)\s+(.+?)(\s+confirm)?$/i.exec(args.trim());
      if (!m) {
        await turn.sendText(usage);
        return;
      }
      const [, action, who, confirm] = m as unknown as [string, string, string, string | undefined];
      const member = await resolveMember(turn, deps, who.trim());
      if (typeof member === "string") {
        await turn.sendText(member);
        return;
      }
      try {
        if (action.toLowerCase() === "export") {
          const url = deps.links.url("member.json", turn.tenantId, memberExportId(member.aadObjectId, turn.user.aadObjectId ?? ""), MEMBER_EXPORT_SECONDS);
          await turn.sendText(`Everything Sounding Board holds about **${member.name}**, as JSON: [download](${url}). The link works for 15 minutes and the download is recorded in the audit log.`);
          return;
        }
        if (!confirm) {
          await turn.sendText(
            `This permanently removes **${member.name}**'s answers, votes and commitments from every round (open and closed), anonymises their invitations and rebuilds affected summaries. It can't be undone. To go ahead, type: **member erase ${who.trim()} confirm**`,
          );
          return;
        }
        const report = await deps.members.erase(turn.user, turn.tenantId, member.aadObjectId);
        await turn.sendText(`Erased **${member.name}**: ${report.responsesRemoved} responses removed across ${report.rounds} rounds; ${report.summariesRecomputed} summaries rebuilt. This is recorded in the audit log.`);
      } catch (err) {
        await turn.sendText(errorText(err));
      }
    },
  };
}
