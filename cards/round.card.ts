import type { RoundCardData, RoundQuestionView } from "./card-types.ts";
import { renderTemplate, type AdaptiveCard } from "./render.ts";

interface QuestionGroup {
  theme: string;
  questions: Array<RoundQuestionView & { hasValue: boolean; placeholder: string }>;
}

/** Questions grouped under their theme, themes in order of first appearance, questions in their given order. */
function groupByTheme(questions: RoundQuestionView[]): QuestionGroup[] {
  const groups = new Map<string, QuestionGroup>();
  for (const question of questions) {
    let group = groups.get(question.theme);
    if (!group) {
      group = { theme: question.theme, questions: [] };
      groups.set(question.theme, group);
    }
    group.questions.push({
      ...question,
      hasValue: question.value.trim() !== "",
      placeholder: question.kind === "recommendation" ? "Optional: your recommendation" : "Your view",
    });
  }
  return [...groups.values()];
}

/**
 * A member's 1:1 card for a round (`round.json`).
 *
 * While open, `saveResponse` carries `{ roundId, boardId, revision }` plus one `answer_<id>` string per
 * question the member has typed in. Teams leaves EMPTY text inputs out of the data, so a missing
 * `answer_<id>` means "blank now" (the member may have cleared it), not "unchanged".
 * The card always carries a Universal Actions `refresh` (`refreshResponse`, `{ roundId, boardId }`)
 * limited to `refreshUserIds`.
 */
export function roundCard(data: RoundCardData): AdaptiveCard {
  const isOpen = data.state === "open";
  const noun = data.totalCount === 1 ? "question" : "questions";
  return renderTemplate("round", {
    roundId: data.roundId,
    boardId: data.boardId,
    boardName: data.boardName,
    title: data.title,
    isOpen,
    noticeStyle: data.state === "cancelled" ? "attention" : "warning",
    noticeText:
      data.state === "cancelled"
        ? "This round was cancelled — answers are no longer accepted."
        : "This round is closed — answers are no longer accepted.",
    deadlineText: data.deadlineText,
    timeLeftText: data.timeLeftText,
    privacyHeading: data.anonymous ? "Anonymous round" : "Named round",
    privacyText: data.privacyText,
    hasBanner: data.banner !== undefined && data.banner.text !== "",
    banner: data.banner ?? { style: "accent", text: "" },
    progressText: `Answered ${data.answeredCount} of ${data.totalCount} ${noun}`,
    hasSavedText: data.savedText !== "",
    savedText: data.savedText,
    groups: groupByTheme(data.questions),
    revision: data.revision,
    refreshUserIds: data.refreshUserIds,
  });
}
