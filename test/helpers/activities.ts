import { randomUUID } from "node:crypto";

/**
 * Teams-shaped activities, as the Bot Connector posts them to /api/messages. Field names and
 * nesting follow what Teams sends (channelData.tenant/team, conversation.conversationType,
 * from.aadObjectId), so the bot is tested against the shapes it meets in production.
 */
export const TENANT_ID = "9b3c1f6e-2d4a-4c8e-9f10-5a6b7c8d9e01";
export const BOT = { id: "28:sounding-board-bot", name: "Sounding Board" };
export const TEAM = { id: "19:board-general@thread.tacv2", name: "North Lancashire Health & Wellbeing Board", aadGroupId: "0c9f4d2b-1e3a-4b5c-8d7e-6f5a4b3c2d1e" };

export interface TestUser {
  id: string;
  aadObjectId: string;
  name: string;
}

export const USERS = {
  chair: { id: "29:chair-margaret", aadObjectId: "a1b2c3d4-0000-4000-8000-000000000001", name: "Margaret Hollins" },
  officer: { id: "29:officer-habib", aadObjectId: "a1b2c3d4-0000-4000-8000-000000000002", name: "Habib Patel" },
  member: { id: "29:member-priya", aadObjectId: "a1b2c3d4-0000-4000-8000-000000000004", name: "Priya Raman" },
  police: { id: "29:member-tom", aadObjectId: "a1b2c3d4-0000-4000-8000-000000000005", name: "Tom Ashworth" },
  fire: { id: "29:member-sana", aadObjectId: "a1b2c3d4-0000-4000-8000-000000000006", name: "Sana Mirza" },
  voluntary: { id: "29:member-janet", aadObjectId: "a1b2c3d4-0000-4000-8000-000000000007", name: "Janet Okafor" },
} satisfies Record<string, TestUser>;

export interface TestTeam {
  id: string;
  name: string;
  aadGroupId?: string;
}

interface Base {
  serviceUrl: string;
  user?: TestUser;
  /** The board's team (default: TEAM). */
  team?: TestTeam;
}

function personalConversation(user: TestUser, id?: string) {
  return { id: id ?? `a:personal-${user.aadObjectId}`, conversationType: "personal", tenantId: TENANT_ID };
}

function common(serviceUrl: string, user: TestUser) {
  return {
    id: randomUUID(),
    channelId: "msteams",
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: BOT,
    locale: "en-GB",
  };
}

export function personalMessage(o: Base & { text?: string; value?: unknown; replyToId?: string; conversationId?: string }) {
  const user = o.user ?? USERS.member;
  return {
    ...common(o.serviceUrl, user),
    type: "message",
    text: o.text,
    value: o.value,
    replyToId: o.replyToId,
    conversation: personalConversation(user, o.conversationId),
    channelData: { tenant: { id: TENANT_ID } },
  };
}

export function channelMessage(o: Base & { text: string; mentions?: TestUser[] }) {
  const user = o.user ?? USERS.officer;
  const team = o.team ?? TEAM;
  return {
    ...common(o.serviceUrl, user),
    type: "message",
    text: `<at>${BOT.name}</at> ${o.text}`,
    entities: [
      { type: "mention", text: `<at>${BOT.name}</at>`, mentioned: BOT },
      ...(o.mentions ?? []).map((m) => ({ type: "mention", text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } })),
    ],
    conversation: { id: `${team.id};messageid=1700000000000`, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID }, team: { id: team.id, name: team.name, aadGroupId: team.aadGroupId }, channel: { id: team.id } },
  };
}

/** What Teams sends when a user adds the app personally. */
export function personalInstall(o: Base) {
  const user = o.user ?? USERS.member;
  return {
    ...common(o.serviceUrl, user),
    type: "conversationUpdate",
    membersAdded: [{ id: BOT.id }, { id: user.id, aadObjectId: user.aadObjectId }],
    conversation: personalConversation(user),
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/** What Teams sends when the app is added to a team (the conversation is the General channel); `from` names the installer by id only, as Teams does. */
export function teamInstall(o: Base) {
  const user = o.user ?? USERS.officer;
  const team = o.team ?? TEAM;
  return {
    ...common(o.serviceUrl, user),
    from: { id: user.id, aadObjectId: user.aadObjectId },
    type: "conversationUpdate",
    membersAdded: [{ id: BOT.id }],
    conversation: { id: team.id, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID }, team: { id: team.id, name: team.name, aadGroupId: team.aadGroupId }, eventType: "teamMemberAdded", settings: { selectedChannel: { id: team.id } } },
  };
}

export function teamInstallationUpdate(o: Base) {
  const user = o.user ?? USERS.officer;
  const team = o.team ?? TEAM;
  return {
    ...common(o.serviceUrl, user),
    type: "installationUpdate",
    action: "add",
    conversation: { id: team.id, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID }, team: { id: team.id, name: team.name }, source: { name: "message" } },
  };
}

/** What Teams sends when people leave (or are removed from) a team the bot is in. `user` is who removed them. */
export function teamMembersRemoved(o: Base & { removed: TestUser[] }) {
  const user = o.user ?? USERS.officer;
  const team = o.team ?? TEAM;
  return {
    ...common(o.serviceUrl, user),
    type: "conversationUpdate",
    membersRemoved: o.removed.map((m) => ({ id: m.id, aadObjectId: m.aadObjectId })),
    conversation: { id: team.id, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID }, team: { id: team.id, name: team.name, aadGroupId: team.aadGroupId }, eventType: "teamMemberRemoved" },
  };
}

/** An Action.Execute click on a card in a 1:1 chat (or, with `inChannel`, in the board's channel). */
export function actionInvoke(o: Base & { verb: string; data?: unknown; value?: unknown; conversationId?: string; inChannel?: boolean }) {
  const user = o.user ?? USERS.member;
  if (o.inChannel) {
    const team = o.team ?? TEAM;
    return {
      ...common(o.serviceUrl, user),
      type: "invoke",
      name: "adaptiveCard/action",
      value: o.value ?? { action: { type: "Action.Execute", verb: o.verb, data: o.data ?? {} }, trigger: "manual" },
      conversation: { id: `${team.id};messageid=1700000000001`, conversationType: "channel", isGroup: true, tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID }, team: { id: team.id, name: team.name, aadGroupId: team.aadGroupId }, channel: { id: team.id } },
    };
  }
  return {
    ...common(o.serviceUrl, user),
    type: "invoke",
    name: "adaptiveCard/action",
    value: o.value ?? { action: { type: "Action.Execute", verb: o.verb, data: o.data ?? {} }, trigger: "manual" },
    conversation: personalConversation(user, o.conversationId),
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/** A Teams dialog's invoke in a 1:1 chat: `task/fetch` (a button opened it) or `task/submit` (its form was submitted); `data` as the button or form sent it. */
export function dialogInvoke(o: Base & { name: "task/fetch" | "task/submit"; data: unknown; conversationId?: string }) {
  const user = o.user ?? USERS.member;
  return {
    ...common(o.serviceUrl, user),
    type: "invoke",
    name: o.name,
    value: { data: o.data, context: { theme: "default" } },
    conversation: personalConversation(user, o.conversationId),
    channelData: { tenant: { id: TENANT_ID } },
  };
}

/** A Teams meeting's chat (a group chat with `channelData.meeting`). */
export interface TestMeeting {
  chatId: string;
  meetingId: string;
}

export const MEETING: TestMeeting = {
  chatId: "19:meeting_NTg0NmQ3NTctZDVkZC00YzRhLThmNmEtOGQ3M2E3MWZlOWI4@thread.v2",
  meetingId: "MCMxOTptZWV0aW5nX05UZzBObVEzTlRjdFpEVmtaQzAwWXpSaExUaG1ObUV0T0dRM00yRTNNV1psT1dJNEB0aHJlYWQudjIjMA==",
};

function meetingConversation(meeting: TestMeeting) {
  return { id: meeting.chatId, conversationType: "groupChat", isGroup: true, tenantId: TENANT_ID };
}

/** The app added to a meeting (its chat): Teams' conversationUpdate with the bot among membersAdded. */
export function meetingInstall(o: Base & { meeting?: TestMeeting }) {
  const user = o.user ?? USERS.officer;
  const meeting = o.meeting ?? MEETING;
  return {
    ...common(o.serviceUrl, user),
    type: "conversationUpdate",
    membersAdded: [{ id: BOT.id }],
    conversation: meetingConversation(meeting),
    channelData: { tenant: { id: TENANT_ID }, meeting: { id: meeting.meetingId } },
  };
}

/** An Action.Execute click on a card in a meeting's chat. */
export function meetingInvoke(o: Base & { verb: string; data?: unknown; meeting?: TestMeeting }) {
  const user = o.user ?? USERS.member;
  const meeting = o.meeting ?? MEETING;
  return {
    ...common(o.serviceUrl, user),
    type: "invoke",
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", verb: o.verb, data: o.data ?? {} }, trigger: "manual" },
    conversation: meetingConversation(meeting),
    channelData: { tenant: { id: TENANT_ID }, meeting: { id: meeting.meetingId } },
  };
}
