/**
 * Ready-made rounds officers start from. The feedback template is seed 002's series of 1:1s with
 * board members: six themes, each with a "your view" and a "what would you recommend" question.
 */
export interface ThemeTemplate {
  name: string;
  view: string;
  recommend: string;
}

export interface RoundTemplate {
  id: string;
  name: string;
  kind: "feedback";
  title: string;
  themes: ThemeTemplate[];
}

export const FEEDBACK_1TO1_TEMPLATE: RoundTemplate = {
  id: "feedback-1to1",
  name: "Board 1:1s (themes from the Health and Wellbeing Board feedback)",
  kind: "feedback",
  title: "Board members' 1:1 feedback",
  themes: [
    {
      name: "Role of the Board",
      view: "How do you see your role on the Board, and the Board's role across the county? How should partners hold each other to account?",
      recommend: "What would you recommend to strengthen the Board's role?",
    },
    {
      name: "Strategy Narrative",
      view: "Does the strategy narrative set clear, measurable outcomes, and say how people's experience will improve and how the system will be sustainable?",
      recommend: "What would you change or add to the strategy narrative?",
    },
    {
      name: "Delivery of the Strategy",
      view: "How should the strategy be delivered, and how will your organisation's actions contribute to its outcomes, shifts and interventions?",
      recommend: "What would you recommend to make delivery work?",
    },
    {
      name: "Co-ordinating Commissioning Plans",
      view: "How should partners' commissioning plans be shared and co-ordinated with the strategy's priorities, and how do we ensure constructive challenge?",
      recommend: "What would you recommend for co-ordinating commissioning plans?",
    },
    {
      name: "Integration",
      view: "Where do you see opportunities to integrate the commissioning and delivery of services, and how would integration happen?",
      recommend: "What would you recommend to make integration happen?",
    },
    {
      name: "Interventions",
      view: "What is your organisation's commitment to the chosen interventions, and what could it contribute to their delivery?",
      recommend: "What would you recommend for delivering the interventions (for example task groups, quick wins, success measures)?",
    },
  ],
};

export const ROUND_TEMPLATES: readonly RoundTemplate[] = [FEEDBACK_1TO1_TEMPLATE];

/** Seed 001: the four priority health and wellbeing outcomes, to vote on. */
export const PRIORITY_OUTCOMES: readonly string[] = [
  "Maternal and child health",
  "Mental health and wellbeing",
  "Long term conditions",
  "Improve health and independence of older people",
];

/** Seed 001: the ten suggested interventions, to vote on or commit to. */
export const SUGGESTED_INTERVENTIONS: readonly string[] = [
  "Identify those who are at risk of admission into hospital and provide appropriate intervention",
  "Holistic support to vulnerable families (from first pregnancy)",
  "Early response to domestic violence",
  "Support for carers (of dementia patients)",
  "Address loneliness in older people",
  "Affordable warmth to those who need it most",
  "Alcohol liaison nurses",
  "Healthy weight: environmental measures",
  "Tackling smoking in pregnancy",
  "Self-care: encourage people to take control of their own health and wellbeing",
];

/** Seed 000: each member had two voting stickers. */
export const DEFAULT_VOTES_PER_MEMBER = 2;
