/**
 * The tab's addresses: hash routes, so Teams' deep links and the browser's back button work without
 * the server knowing about them.
 */

/** What the tracker's address may say: its filters, and an action to open and scroll to. */
export interface TrackerQuery {
  org?: string;
  intervention?: string;
  status?: string;
  round?: string;
  action?: string;
}
const TRACKER_KEYS = ["org", "intervention", "status", "round", "action"] as const;

/** Hash routes: #/ (boards), #/b/<board> (its rounds), #/b/<board>/r/<round>, #/b/<board>/actions?org=…&action=… (the tracker). */
export const routes = {
  boards: () => "#/",
  board: (boardId: string) => `#/b/${encodeURIComponent(boardId)}`,
  round: (boardId: string, roundId: string) => `#/b/${encodeURIComponent(boardId)}/r/${encodeURIComponent(roundId)}`,
  tracker: (boardId: string, query: TrackerQuery = {}) => {
    const params = new URLSearchParams();
    for (const key of TRACKER_KEYS) if (query[key]) params.set(key, query[key]!);
    const q = params.toString();
    return `#/b/${encodeURIComponent(boardId)}/actions${q ? `?${q}` : ""}`;
  },
};

export type Route =
  | { view: "boards" }
  | { view: "board"; boardId: string }
  | { view: "round"; boardId: string; roundId: string }
  | { view: "tracker"; boardId: string; query: TrackerQuery };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, "");
  const mark = raw.indexOf("?");
  const path = mark < 0 ? raw : raw.slice(0, mark);
  const parts = path.split("/").filter((p) => p !== "");
  const decode = (p: string | undefined) => {
    try {
      return decodeURIComponent(p ?? "");
    } catch {
      return "";
    }
  };
  if (parts[0] === "b" && parts[1]) {
    const boardId = decode(parts[1]);
    if (parts[2] === "r" && parts[3]) return { view: "round", boardId, roundId: decode(parts[3]) };
    if (parts[2] === "actions") {
      const params = new URLSearchParams(mark < 0 ? "" : raw.slice(mark + 1));
      const query: TrackerQuery = {};
      for (const key of TRACKER_KEYS) {
        const value = params.get(key);
        if (value) query[key] = value;
      }
      return { view: "tracker", boardId, query };
    }
    return { view: "board", boardId };
  }
  return { view: "boards" };
}
