import type { CommitmentSectionView, RoundCardData, RoundQuestionView, VoteSectionView } from "./card-types.ts";
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

const votesText = (n: number): string => (n <= 0 ? "No votes" : n === 1 ? "1 vote" : `${n} votes`);

function voteView(vote: VoteSectionView | undefined, isOpen: boolean) {
  if (!vote) return { hasVote: false, vote: { summaryText: "", votesPerMember: 1, allowMultiple: false, whyMaxLength: 0, options: [] } };
  const placed = vote.options.reduce((sum, option) => sum + Math.max(0, option.votes), 0);
  return {
    hasVote: true,
    vote: {
      summaryText: isOpen ? vote.summaryText : `You placed ${placed} of ${vote.votesPerMember} ${vote.votesPerMember === 1 ? "vote" : "votes"}.`,
      votesPerMember: vote.votesPerMember,
      allowMultiple: vote.allowMultiplePerOption,
      whyMaxLength: vote.whyMaxLength,
      options: vote.options.map((option) => ({
        id: option.id,
        label: option.label,
        votes: option.votes,
        // Input.Toggle: "1" on, "0" off. Input.Number takes `votes` as it is.
        toggleValue: option.votes > 0 ? "1" : "0",
        votesText: votesText(option.votes),
        votesColor: option.votes > 0 ? "Good" : "Default",
        why: option.why,
        hasWhy: option.why.trim() !== "",
      })),
    },
  };
}

function commitmentView(commitments: CommitmentSectionView | undefined) {
  if (!commitments) return { hasCommitments: false, commit: { levels: [], detailMaxLength: 0, items: [] } };
  const titles = new Map(commitments.levels.map((l) => [l.value, l.title]));
  return {
    hasCommitments: true,
    commit: {
      levels: commitments.levels,
      detailMaxLength: commitments.detailMaxLength,
      items: commitments.items.map((item, n) => {
        const facts = [
          { title: "Representative", value: item.representative },
          { title: "Resources", value: item.resources },
          { title: "Timescale", value: item.timescale },
          { title: "Intended impact", value: item.impact },
        ].filter((f) => f.value.trim() !== "");
        const hasDetails = facts.length > 0;
        const levelText = item.level === "" ? "Not chosen" : titles.get(item.level) ?? item.level;
        return {
          ...item,
          // Numbered on the open card, so each detail input's label can say which intervention it is for.
          number: n + 1,
          hasDetails,
          // Closed card: the level and whatever details were given, as one FactSet.
          summaryFacts: [{ title: "Commitment", value: levelText }, ...facts],
          // Open card: details start shown when there are some (the button then hides them).
          toggleTitle: hasDetails ? "Details" : "Add details",
        };
      }),
    },
  };
}

/**
 * A member's 1:1 card for a round (`round.json`): any mix of a priority vote, commitments to
 * interventions and feedback questions (in that order; each with a collapsible heading when the round
 * has more than one).
 *
 * While open, `saveResponse` carries `{ roundId, boardId, revision }` plus, as strings, whatever inputs
 * are set: `answer_<questionId>`; `vote_<optionId>` (Input.Number → "2", or Input.Toggle → "1"/"0")
 * and `why_<optionId>`; `commit_<interventionId>_level` (a `levels` value) and `commit_<id>_rep`,
 * `_resources`, `_timescale`, `_impact`; `organisation`. Teams leaves EMPTY inputs out of the data (a
 * blank text, a blank number, a ChoiceSet left on "Choose…"), so a missing key means "blank now" (the
 * member may have cleared it), not "unchanged". Toggles are always sent.
 * The card always carries a Universal Actions `refresh` (`refreshResponse`, `{ roundId, boardId }`)
 * limited to `refreshUserIds`.
 */
export function roundCard(data: RoundCardData): AdaptiveCard {
  const isOpen = data.state === "open";
  const noun = data.totalCount === 1 ? "question" : "questions";
  const hasFeedback = data.hasFeedback && data.questions.length > 0;
  const vote = voteView(data.vote, isOpen);
  const commitments = commitmentView(data.commitments);
  const sectionCount = [hasFeedback, vote.hasVote, commitments.hasCommitments].filter(Boolean).length;
  const multiSection = sectionCount > 1;
  const askOrganisation = data.askOrganisation;
  const hasOrganisation = data.organisation.trim() !== "";
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
    // With other sections above, the question count goes at the top of the questions.
    progressAtTop: hasFeedback && !multiSection,
    progressInSection: hasFeedback && multiSection,
    progressText: `Answered ${data.totalCount === 0 ? 0 : data.answeredCount} of ${data.totalCount} ${noun}`,
    hasSavedText: data.savedText !== "",
    savedText: data.savedText,
    multiSection,
    singleSection: !multiSection,
    // The organisation goes with the commitments when there are some, otherwise above everything.
    orgInCommitments: askOrganisation && commitments.hasCommitments,
    orgAtTop: askOrganisation && !commitments.hasCommitments,
    organisation: data.organisation,
    organisationText: hasOrganisation ? data.organisation : "Not given",
    ...vote,
    ...commitments,
    hasFeedback,
    groups: hasFeedback ? groupByTheme(data.questions) : [],
    footerText:
      sectionCount === 1 && hasFeedback
        ? "Answer as many questions as you like: save part-way and come back to edit until the deadline."
        : "Fill in as much as you like: save part-way and come back to change anything until the deadline.",
    revision: data.revision,
    refreshUserIds: data.refreshUserIds,
  });
}
