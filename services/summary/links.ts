import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "../clock.ts";

/**
 * report: the printable HTML report; pdf: the PDF board report (summary + the board's action
 * tracker, served as report.pdf); member.json: an officer's export of a member ("board" = tenant,
 * id = member.officer); my.json: a member's own data ("board" = tenant, id = the member).
 */
export const LINK_KINDS = ["report", "pdf", "summary.csv", "answers.csv", "member.json", "my.json"] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** The last path segment each kind is served at (the kind itself, unless named here). */
const LINK_PATHS: Partial<Record<LinkKind, string>> = { pdf: "report.pdf" };

/**
 * Report and export links are capability URLs: an HMAC over (kind, board, round, expiry) with a
 * server secret. Teams can't carry the user's identity to a plain browser link, so the link itself
 * is the permission — short-lived for raw answers (officers only get those), longer for the
 * published report the whole board reads.
 */
export class LinkSigner {
  private readonly secret: Buffer;

  constructor(
    secret: string | undefined,
    private readonly baseUrl: string,
    private readonly clock: Clock,
  ) {
    this.secret = secret ? Buffer.from(secret, "utf8") : randomBytes(32);
  }

  url(kind: LinkKind, boardId: string, roundId: string, ttlSeconds: number): string {
    const exp = Math.floor(this.clock.now().toSeconds()) + ttlSeconds;
    const sig = this.sign(kind, boardId, roundId, exp);
    const path = LINK_PATHS[kind] ?? kind;
    return `${this.baseUrl}/reports/${encodeURIComponent(roundId)}/${path}?b=${encodeURIComponent(boardId)}&exp=${exp}&sig=${sig}`;
  }

  /** True only for an unexpired link this server signed for exactly this kind, board and round. */
  verify(kind: LinkKind, boardId: string, roundId: string, exp: string | undefined, sig: string | undefined): boolean {
    if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return false;
    const expiry = Number(exp);
    if (expiry < this.clock.now().toSeconds()) return false;
    const expected = Buffer.from(this.sign(kind, boardId, roundId, expiry));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(kind: LinkKind, boardId: string, roundId: string, exp: number): string {
    return createHmac("sha256", this.secret).update(`${kind}\n${boardId}\n${roundId}\n${exp}`).digest("base64url");
  }
}
