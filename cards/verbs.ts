/**
 * Action.Execute verbs. Templates never spell a verb: they bind `${verbs.<name>}` and the renderer
 * injects this table, so a template and its handler cannot drift apart.
 */
export const Verbs = {
  showHelp: "help.show",
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];

export const ALL_VERBS: readonly string[] = Object.values(Verbs);
