import { renderTemplate, type AdaptiveCard } from "./render.ts";

export interface WelcomeCardData {
  scope: "personal" | "channel" | "groupChat";
  /** Who we greet: the member's first name in a 1:1, the team's name in a channel. */
  name?: string;
  /** In a team: the person who added the app, now the board's first officer ("" when their name isn't known). */
  firstOfficer?: string;
}

export function welcomeCard(data: WelcomeCardData): AdaptiveCard {
  const personal = data.scope === "personal";
  // A group chat is, in practice, a meeting's chat: what the app does there is live workshops.
  if (data.scope === "groupChat") {
    return renderTemplate("welcome", {
      tagline: "Feedback, priorities and commitments for your health and wellbeing board",
      greeting: "Thanks for adding me. In a Teams meeting (or this chat) I run live board workshops: sticker votes, quick questions and a wall of ideas.",
      points: [
        "An officer of the board starts an activity from Sounding Board in the meeting's side panel.",
        "Everyone takes part from the side panel, or from the card I post here.",
        "The officer can share live results to the meeting stage: totals only, never who voted or wrote what.",
        "When it ends, the results become a round of the board, summarised like any other.",
      ],
      privacy: "Only the board's members (and guests, if the officer lets them) can take part; guests are counted, never named.",
    });
  }
  const greeting = personal
    ? `Hello${data.name ? ` ${data.name}` : ""}! I help your health and wellbeing board hear from every member, one to one.`
    : `Thanks for adding me${data.name ? ` to **${data.name}**` : ""}. I help this board hear from every member, one to one.`;
  const points = personal
    ? [
        "When an officer launches a feedback round, I'll send you a short card here to answer in your own time.",
        "You can save part-way, come back and edit your answers until the deadline.",
        "Some rounds ask you to vote on priorities or say what your organisation can commit to.",
      ]
    : [
        "Officers launch feedback rounds, votes and commitment rounds from here.",
        "Each board member answers privately in a 1:1 chat with me; I remind those who haven't answered.",
        "When a round closes, officers review the themed summary and the chair's digest is posted here.",
        ...(data.firstOfficer === undefined
          ? []
          : [`${data.firstOfficer ? `${data.firstOfficer}, who added me,` : "Whoever added me"} is the board's first officer: type **roles** to add officers and the chair.`]),
      ];
  return renderTemplate("welcome", {
    tagline: "Feedback, priorities and commitments for your health and wellbeing board",
    greeting,
    points,
    privacy: personal
      ? "Your answers are seen only by the board's officers, or by nobody by name when a round is anonymous."
      : "Members' individual answers are never posted in this channel.",
  });
}
