/** The activity doesn't exist, or belongs to a meeting or tenant the caller isn't in (they can't tell which). */
export class LiveNotFoundError extends Error {
  constructor() {
    super("That live activity doesn't exist (or isn't one you can see).");
    this.name = "LiveNotFoundError";
  }
}

/** The meeting already has an open activity: one at a time, so the stage and the chat show one thing. */
export class LiveBusyError extends Error {
  /** `title` of the open activity; undefined when another is still being started (a claim without its activity yet). */
  constructor(title: string | undefined) {
    super(title ? `“${title}” is still open in this meeting: end it before starting another.` : "Another activity is being started in this meeting. Reload in a moment to see it, or try again in a minute.");
    this.name = "LiveBusyError";
  }
}
