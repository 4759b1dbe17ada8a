import type { LiveActivityDto, MeetingLiveDto } from "../../../services/live/live.types.ts";
import { h } from "../dom.ts";
import { activityView, roundLink, type ActivityView } from "./activity-view.ts";
import { explain, messageCard, openLivePage, queryParam, setState, show, type LivePage } from "./page.ts";
import { startForm } from "./start-form.ts";

/**
 * The meeting side panel and the meeting chat tab (/tab/live). Which meeting: the chat in the Teams
 * context (in a plain browser, ?chat=). What it shows:
 *   - the meeting's open activity, to take part in (and, for officers of its board, share and end);
 *   - otherwise, for someone who may start one, the start form;
 *   - otherwise a line saying there is nothing yet — and it looks again every few seconds, so the
 *     activity appears when an officer starts it.
 */

const WAIT_MS = 3000;

class Panel {
  private view: ActivityView | undefined;
  private waitTimer: ReturnType<typeof setTimeout> | undefined;
  private meeting: MeetingLiveDto | undefined;
  /**
   * Looking again now and then: "any" while showing "nothing yet" (an open activity, or being able to
   * start one, changes the view); "next" after an activity ended (only a newly opened one does).
   */
  private waitFor: "any" | "next" | undefined;

  constructor(private readonly page: LivePage, private readonly chatId: string) {
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden && this.waitTimer === undefined && this.waitFor) this.scheduleWait(0);
    });
  }

  async load(): Promise<void> {
    setState(this.page.root, "loading");
    try {
      this.meeting = await this.page.client.meeting(this.chatId);
    } catch (err) {
      show(this.page.root, explain(err));
      setState(this.page.root, "error");
      return;
    }
    this.showMeeting(this.meeting);
  }

  private showMeeting(dto: MeetingLiveDto): void {
    const open = dto.activities.find((a) => a.status === "open");
    if (open) return this.showActivity(open);
    if (dto.canStart.length > 0) return this.showStart();
    this.showWaiting(dto);
  }

  private reset(): void {
    this.view?.dispose();
    this.view = undefined;
    this.waitFor = undefined;
    if (this.waitTimer !== undefined) clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
  }

  /** Keep the meeting's list current with what this page did (started or ended one), for "Earlier in this meeting". */
  private remember(activity: LiveActivityDto): void {
    if (!this.meeting) return;
    const others = this.meeting.activities.filter((a) => a.id !== activity.id);
    this.meeting = { ...this.meeting, activities: [activity, ...others] };
  }

  private showActivity(activity: LiveActivityDto, focus = false): void {
    this.reset();
    this.remember(activity);
    this.view = activityView(activity, {
      host: this.page.host,
      client: this.page.client,
      onEnded: (ended) => this.showEnded(ended),
    });
    show(this.page.root, this.view.el, this.earlier(activity.id));
    setState(this.page.root, "ready");
    if (focus) this.page.root.focus({ preventScroll: true });
  }

  /**
   * After the end: the final results (and its round), and — for an officer — a way to start the next.
   * Everyone stays here until the next activity starts, which then replaces this view.
   */
  private showEnded(activity: LiveActivityDto): void {
    this.showActivity(activity, true);
    if (this.meeting && this.meeting.canStart.length > 0) {
      this.page.root.appendChild(
        h("p", { class: "buttons" }, h("button", { type: "button", class: "button", "data-field": "start-another", onclick: () => this.showStart(() => this.showEnded(activity)) }, "Start another activity")),
      );
    }
    this.waitFor = "next";
    this.scheduleWait(WAIT_MS);
  }

  private showStart(cancel?: () => void): void {
    this.reset();
    const boards = this.meeting?.canStart ?? [];
    const form = startForm(
      boards,
      (input) => this.page.client.start(this.chatId, input),
      (started) => this.showActivity(started, true),
      cancel,
    );
    show(this.page.root, h("h1", { class: "visually-hidden" }, "Sounding Board workshop"), form, this.earlier());
    setState(this.page.root, "ready");
  }

  private showWaiting(dto: MeetingLiveDto): void {
    this.reset();
    show(
      this.page.root,
      h(
        "div",
        { class: "card", "data-testid": "waiting" },
        h("h1", null, "Sounding Board workshop"),
        h("p", null, "Nothing to take part in yet. When an officer of the board starts a sticker vote, a question or a wall of ideas, it appears here."),
        h("p", { class: "subtle small" }, "What you place or write is shown to the room only as counts and groups — never with your name."),
      ),
      this.earlier(undefined, dto),
    );
    setState(this.page.root, "ready");
    this.waitFor = "any";
    this.scheduleWait(WAIT_MS);
  }

  /** While there is nothing open: look again every few seconds (not while the panel is hidden). */
  private scheduleWait(ms: number): void {
    if (this.waitTimer !== undefined) clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    if (document.hidden) return;
    this.waitTimer = setTimeout(() => {
      this.waitTimer = undefined;
      const mode = this.waitFor;
      this.page.client.meeting(this.chatId).then(
        (dto) => {
          if (this.waitFor !== mode || !mode) return; // the view changed meanwhile
          this.meeting = dto;
          const open = dto.activities.some((a) => a.status === "open");
          if (open || (mode === "any" && dto.canStart.length > 0)) this.showMeeting(dto);
          else this.scheduleWait(WAIT_MS);
        },
        () => {
          if (this.waitFor === mode && mode) this.scheduleWait(WAIT_MS * 3);
        },
      );
    }, ms);
  }

  /** The meeting's ended activities, newest first: what has happened so far. */
  private earlier(except?: string, dto: MeetingLiveDto | undefined = this.meeting): HTMLElement | null {
    const ended = (dto?.activities ?? []).filter((a) => a.status === "ended" && a.id !== except);
    if (ended.length === 0) return null;
    return h(
      "section",
      { class: "card earlier", "data-testid": "earlier", "aria-labelledby": "earlier-heading" },
      h("h2", { id: "earlier-heading" }, "Earlier in this meeting"),
      h(
        "ul",
        { class: "earlier-list" },
        ended.map((a) =>
          h(
            "li",
            { "data-activity-id": a.id },
            h("strong", null, a.title),
            ` — ${a.kindText}${a.endedText ? `, ${a.endedText}` : ""}. A round of ${a.boardName}.`,
            a.you.canManage && a.roundId ? [" ", h("a", { href: roundLink(a) }, "Open the round")] : null,
          ),
        ),
      ),
    );
  }
}

export async function startPanel(): Promise<void> {
  const page = await openLivePage({
    title: "Open this in a Microsoft Teams meeting",
    text: "Sounding Board workshops run in a Teams meeting: open the meeting, then Sounding Board in its side panel.",
  });
  if (!page) return;
  const chatId = page.host.chatId ?? (page.host.inTeams ? undefined : queryParam("chat"));
  if (!chatId) {
    show(
      page.root,
      messageCard(
        "Open this in a Teams meeting",
        page.host.inTeams ? "Sounding Board workshops belong to a meeting: add the app to a meeting and open it from the meeting's side panel." : "Add ?chat=<the meeting chat's id> to the address to open a meeting's workshop in local mode.",
      ),
    );
    setState(page.root, "error");
    return;
  }
  await new Panel(page, chatId).load();
}
