import type { Messenger, TeamMember } from "../../services/messaging/messenger.ts";

/**
 * Teams, for tests below the HTTP layer (TestAdapter, the tab's API on its own): each team's roster,
 * and nothing else — any other call to Teams fails loudly. End-to-end tests use the fake connector.
 */
export function staticRoster(teams: Record<string, Array<{ id: string; aadObjectId: string; name: string }>>): Messenger {
  const fail = () => Promise.reject(new Error("this test never sends to Teams"));
  return {
    async listTeamMembers(_team, teamId): Promise<TeamMember[]> {
      const members = teams[teamId];
      if (!members) throw new Error(`no roster for ${teamId}`);
      return members.map((m) => ({ ...m, aadObjectId: m.aadObjectId.toLowerCase() }));
    },
    listChatMembers: fail,
    listTeamChannels: fail,
    sendCard: fail,
    sendText: fail,
    updateCard: fail,
    openPersonalConversation: fail,
  };
}
