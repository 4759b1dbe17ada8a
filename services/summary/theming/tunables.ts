/** The engine's tunables, documented where used (the tests exercise them). */
export const DEFAULT_THRESHOLD = 0.3;
/** A point keeps every sentence behind it as evidence, up to this many (a summary must fit its storage). */
export const MAX_EVIDENCE = 200;
/** Off-theme move: absolute cosine with the other theme's profile… */
export const MOVE_MIN = 0.2;
/** …that beats the sentence's own theme's profile by this much… */
export const MOVE_MARGIN = 0.12;
/** …and by this factor. */
export const MOVE_RATIO = 2;
/** Off-theme move: a sentence needs this many distinct features to be considered at all. */
export const MOVE_MIN_FEATURES = 3;
/** Weight of a theme's question text in its profile, relative to one answer sentence. */
export const QUESTION_WEIGHT = 2;
/** Weight, relative to BM25's, of a word no other sentence in the group uses (see groupVectors). */
export const RARE_WEIGHT = 0.4;
/** Heaviest terms of a sentence used to look up candidate clusters. */
export const QUERY_TERMS = 6;
/** Heaviest terms of a sentence under which its cluster is indexed. */
export const INDEX_TERMS = 4;
/** Candidate clusters scored per sentence, at most. */
export const MAX_CANDIDATES = 24;
/** Batch re-assignment rounds after the first pass. */
export const REASSIGN_ROUNDS = 1;
/** Terms kept in a cluster's prototype, the bag compared when merging clusters. */
export const PROTOTYPE_TERMS = 30;
/** Prototype terms that name a cluster's topic when looking for disagreement. */
export const KEY_TERMS = 8;


/** The semantic stage (semantic.ts, agglomerate.ts). One object so that the evaluation can try others. */
export const SEMANTIC_TUNING = {
  /** Mean combined similarity two groups need to merge into one point. */
  threshold: 0.3,
  /** Weight of the words' BM25 cosine next to the clauses' meaning. */
  lexicalWeight: 0.1,
  /** Taken off when one sentence asks and the other states. */
  questionPenalty: 0.1,
};
