/**
 * Action.Execute verbs. Templates never spell a verb: they bind `${verbs.<name>}` and the renderer
 * injects this table, so a template and its handler cannot drift apart.
 */
export const Verbs = {
  showHelp: "help.show",
  /** Officer: open the launch form (e.g. from the status card). */
  openLaunch: "launch.open",
  /** Officer: re-render the launch form with two more empty theme slots, keeping what was typed. */
  addThemes: "launch.addThemes",
  /** Officer: launch the round described by the form's inputs. */
  launchRound: "round.launch",
  /** Member: save answers (partial saves allowed) until the deadline. */
  saveResponse: "response.save",
  /** Member's card refresh (Universal Actions `refresh`): the latest state of their card. */
  refreshResponse: "response.refresh",
  /** Officer: close a round now. */
  closeRound: "round.close",
  /** Officer: move the deadline later. */
  extendRound: "round.extend",
  /** Officer: cancel a round (no summary). */
  cancelRound: "round.cancel",
  /** Anyone: show status again (refresh the status card). */
  showStatus: "status.show",
  /** Officer: save edits to the draft summary (statements, keep/drop, merges, added recommendations). */
  saveSummary: "summary.save",
  /** Officer: save edits and publish the digest to the round's channel. */
  publishSummary: "summary.publish",
  /** Officer: open the review card for a closed round. */
  openReview: "summary.review",
  /** Anyone: run a command (summary, export, roles…) for the board picked on a board picker card. */
  pickBoard: "board.pick",
  /** Officer: give people (from the people picker, or the roster list) a role on the board. */
  addRole: "roles.add",
  /** Officer: take a role from a person. */
  removeRole: "roles.remove",
  /** Anyone on the board: the actions card. */
  showActions: "actions.show",
  /** Officer: the form for a new action (optionally from a published round) or to edit one. */
  openActionForm: "action.form",
  /** Officer: save the action form (create, or edit with actionId). */
  saveAction: "action.save",
  /** Officer: close an action (done with, or no longer the board's business). */
  closeAction: "action.close",
  /** Officer: reopen a closed action. */
  reopenAction: "action.reopen",
  /** Officer: the form to start a progress check-in. */
  openCheckIn: "checkin.open",
  /** Officer: send a progress check-in to the people who answer for the open actions. */
  launchCheckIn: "checkin.launch",
  /** Officer: stop a check-in cadence (cancel the scheduled next check-in). */
  stopCheckIns: "checkin.stop",
  /** Participant, in a meeting's chat: place stickers, answer, or add a card to a live activity's wall. */
  saveLive: "live.save",
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];

export const ALL_VERBS: readonly string[] = Object.values(Verbs);
