/** Problems a person can fix, with messages written for them. Nothing was stored when these are thrown. */
export class ValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(" "));
    this.name = "ValidationError";
  }
}

/** The round no longer takes this action (closed, cancelled, past its deadline). */
export class RoundClosedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RoundClosedError";
  }
}

export class RoundNotFoundError extends Error {
  constructor() {
    super("That round doesn't exist (or isn't yours to see).");
    this.name = "RoundNotFoundError";
  }
}
