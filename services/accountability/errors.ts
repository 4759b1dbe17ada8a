/** No such action on this board (or not yours to see): the same words either way, so nothing leaks across boards. */
export class ActionNotFoundError extends Error {
  constructor() {
    super("That action doesn't exist on this board (or isn't yours to see).");
    this.name = "ActionNotFoundError";
  }
}
