/** A polite refusal: the action needs a board or a role the person doesn't have. Nothing was changed. */
export class ForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ForbiddenError";
  }
}
