/**
 * A fake Microsoft Bot Connector (REST API v3, the Teams flavour) for tests and benchmarks.
 *
 * The real connector (https://smba.trafficmanager.net/...) cannot be reached offline, so e2e tests
 * point the bot at this loopback server by putting `fake.url` in the activity's `serviceUrl`.
 * botbuilder's `ConnectorClient` / `TeamsConnectorClient` then talk to it exactly as they would
 * to Teams. Only the subset of routes the bot uses is implemented; the URL shapes, verbs, query
 * parameters and bodies mirror the operation specs in
 * `botframework-connector/lib/connectorApi/operations/conversations.js` and
 * `botframework-connector/lib/teams/operations/teams.js` (4.23).
 *
 * Deliberately plain `node:http`: it is started per test file (sometimes per test), must start in
 * a millisecond and must not be the bottleneck when benchmarks push thousands of activities.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type FakeUserRole = 'user' | 'guest' | 'anonymous';

/** A roster entry. Serialised in the Teams `TeamsChannelAccount` shape. */
export interface FakeMember {
  /** Teams user id, `29:...`. */
  id: string;
  /** Entra (AAD) object id, GUID-shaped. */
  aadObjectId: string;
  name: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  userRole?: FakeUserRole;
  /** Defaults to the connector's `tenantId` option. */
  tenantId?: string;
}

export interface FakeChannel {
  id: string;
  /** Teams omits the name of the General channel (whose id equals the team id). */
  name?: string;
}

export interface FakeTeam {
  /** Team id, e.g. `19:abc@thread.tacv2` (it is also the General channel's conversation id). */
  id: string;
  name: string;
  aadGroupId?: string;
  /** Defaults to just the General channel `{ id: team.id }` (no name, like Teams). */
  channels?: FakeChannel[];
  members: FakeMember[];
}

/** A chat (personal / group) roster registered up front, e.g. for a conversation id a test invents. */
export interface FakeConversation {
  id: string;
  members: FakeMember[];
}

export interface PageSizeLimits {
  /** Used when the client sends no `pageSize` (TeamsInfo.getPagedMembers sends none by default). Teams: 200. */
  default?: number;
  /** Teams treats smaller page sizes as 50. Lower it if a test wants tiny pages. */
  min?: number;
  /** Teams caps page sizes at 500. */
  max?: number;
}

export interface FakeConnectorOptions {
  /** Token-bucket rate over all write requests (create/send/reply/update). Unlimited if unset. */
  perAppPerSecond?: number;
  /** Token-bucket rate per conversation over write requests. Unlimited if unset. */
  perConversationPerSecond?: number;
  /** Fixed `Retry-After` (whole seconds) for throttled answers; by default computed from the bucket, min 1. */
  retryAfterSeconds?: number;
  /** Probability (0..1) that a request fails with one of `randomFailureStatuses`. Default 0. */
  randomFailureRate?: number;
  /** Statuses used for random failures. Default `[429, 503]`. */
  randomFailureStatuses?: number[];
  /** Which requests random failures apply to. Default `'writes'` (create/send/reply/update). */
  randomFailureScope?: 'writes' | 'all';
  /** Seed of the deterministic PRNG behind random failures. Default 1. */
  seed?: number;
  /** Tenant id reported for members and used by `makeMembers`' callers. */
  tenantId?: string;
  /** `pagedmembers` page-size rules; defaults follow Teams (default 200, min 50, max 500). */
  pageSize?: PageSizeLimits;
  /** If set, write bodies larger than this many bytes get 413 `MessageSizeTooBig` (Teams documents ~100 KB). */
  maxActivityBytes?: number;
  /** Answer 401 to requests without an `Authorization: Bearer ...` header. Off by default (tests run with auth off). */
  requireAuth?: boolean;
  /**
   * Open 1:1 and group chats but ignore `createConversation`'s `activity` (no `activityId` in the
   * answer): the Bot Framework makes posting it a per-channel choice. Teams posts it (the default).
   */
  ignoreActivityOnCreate?: boolean;
  /**
   * Clock (ms) used only by the token buckets. Inject a frozen/stepped clock to make throttling
   * tests deterministic instead of depending on how fast requests happen to arrive.
   */
  now?: () => number;
}

export type FakeRoute =
  | 'createConversation'
  | 'sendToConversation'
  | 'replyToActivity'
  | 'updateActivity'
  | 'deleteActivity'
  | 'getConversationMembers'
  | 'getConversationMember'
  | 'getConversationPagedMembers'
  | 'getTeamDetails'
  | 'getTeamChannels'
  | 'unknown';

export interface RecordedRequest {
  /** Monotonic sequence number across all records of this connector. */
  seq: number;
  method: string;
  /** Raw (still URL-encoded) path, without the query string. */
  path: string;
  route: FakeRoute;
  /** Decoded conversation id from the path, if the route has one. */
  conversationId?: string;
  activityId?: string;
  memberId?: string;
  teamId?: string;
  query: Record<string, string>;
  /** Parsed JSON body; the raw text if it did not parse; undefined if empty. */
  body: unknown;
  headers: { authorization?: string };
  /** Status this fake answered with. */
  status: number;
  /** Date.now() when the answer was decided. */
  at: number;
}

export type RejectionReason = 'throttled-app' | 'throttled-conversation' | 'random-failure' | 'fail-next';

/** A request the fake refused on purpose (throttling / fault injection). Never counted as delivered. */
export interface RejectedRequest extends RecordedRequest {
  reason: RejectionReason;
  retryAfterSeconds?: number;
}

export interface SentActivity {
  seq: number;
  /** How it arrived: sendToConversation, replyToActivity, or createConversation's `activity`. */
  kind: 'send' | 'reply' | 'create';
  conversationId: string;
  /** The id this fake assigned (returned to the client). */
  id: string;
  /** For replies: the activity id from the URL. */
  replyToId?: string;
  /** The body exactly as the client sent it. */
  activity: Partial<Activity>;
  at: number;
}

export interface UpdatedActivity {
  seq: number;
  conversationId: string;
  id: string;
  activity: Partial<Activity>;
  at: number;
}

export interface DeletedActivity {
  seq: number;
  conversationId: string;
  id: string;
  at: number;
}

/** Everything the fake records, in order. `waitFor` predicates receive these. */
export type FakeEvent =
  | { type: 'request'; request: RecordedRequest }
  | { type: 'sent'; sent: SentActivity }
  | { type: 'updated'; updated: UpdatedActivity }
  | { type: 'deleted'; deleted: DeletedActivity };

export interface ConversationStats {
  delivered: number;
  updated: number;
  throttled429: number;
  failed5xx: number;
}

export interface FakeConnectorStats extends ConversationStats {
  deleted: number;
  /** Keyed by the conversation id from the request path. */
  byConversation: Record<string, ConversationStats>;
}

export interface WaitOptions {
  /** Default 5000. */
  timeoutMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Deterministic helpers
// ---------------------------------------------------------------------------------------------

/** mulberry32: tiny, fast, good enough for fault injection, and reproducible from a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stable, GUID-shaped (v4 layout) id derived from `key`. Not random: same key → same GUID. */
export function stableGuid(key: string): string {
  const rnd = mulberry32(fnv1a(key));
  const hex = Array.from({ length: 4 }, () => Math.floor(rnd() * 2 ** 32).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const FIRST_NAMES = [
  'Amara', 'Ben', 'Chloe', 'Dev', 'Ellie', 'Farid', 'Grace', 'Hamza', 'Isla', 'Jonah',
  'Kiran', 'Leah', 'Malik', 'Nina', 'Owen', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tara',
];
const SURNAMES = [
  'Adeyemi', 'Brennan', 'Chowdhury', 'Davies', 'Evans', 'Fraser', 'Gill', 'Hughes', 'Iqbal', 'Jones',
  'Kaur', 'Lewis', 'Murphy', 'Nowak', "O'Brien", 'Patel', 'Quinn', 'Roberts', 'Singh', 'Thomas',
];

export interface MakeMembersOptions {
  /** Id/aadObjectId namespace: ids are `29:<prefix>-<i>`. Default `'member'`. */
  prefix?: string;
  /** First index. Default 0. */
  start?: number;
  tenantId?: string;
  /** Mail domain. Default `sounding-board.example` (reserved TLD, never a real tenant). */
  domain?: string;
  /** Every k-th member (i % k === k - 1) is a guest. Off by default. */
  guestEvery?: number;
}

/** n realistic, deterministic members: ids `29:member-<i>`, stable GUID aadObjectIds, varied names. */
export function makeMembers(n: number, opts: MakeMembersOptions = {}): FakeMember[] {
  const prefix = opts.prefix ?? 'member';
  const start = opts.start ?? 0;
  const domain = opts.domain ?? 'sounding-board.example';
  const combos = FIRST_NAMES.length * SURNAMES.length;
  const members: FakeMember[] = [];
  for (let i = start; i < start + n; i++) {
    const givenName = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Alex';
    const surname = SURNAMES[Math.floor(i / FIRST_NAMES.length) % SURNAMES.length] ?? 'Smith';
    // Names repeat after 400 members; a numeric suffix keeps them (and emails) unique.
    const round = Math.floor(i / combos);
    const suffix = round > 0 ? ` ${round + 1}` : '';
    const local = `${givenName}.${surname}${round > 0 ? round + 1 : ''}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    const guest = opts.guestEvery !== undefined && opts.guestEvery > 0 && i % opts.guestEvery === opts.guestEvery - 1;
    // Guests keep their home address; their UPN in the host tenant is the mangled `#EXT#` form.
    const email = guest ? `${local}@partner.example` : `${local}@${domain}`;
    members.push({
      id: `29:${prefix}-${i}`,
      aadObjectId: stableGuid(`${prefix}-${i}`),
      name: `${givenName} ${surname}${suffix}`,
      givenName,
      surname,
      email,
      userPrincipalName: guest ? `${local}_partner.example#EXT#@${domain}` : email,
      userRole: guest ? 'guest' : 'user',
      ...(opts.tenantId !== undefined ? { tenantId: opts.tenantId } : {}),
    });
  }
  return members;
}

/**
 * Token bucket holding at most one second's worth of tokens (min 1), refilled continuously.
 * Teams actually enforces several windows per bot per conversation (7/1 s, 8/2 s, 60/30 s, 1800/h)
 * and ~50 rps per bot overall; one bucket per scope is the useful approximation for tests.
 */
class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(private readonly ratePerSecond: number, now: number) {
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = this.capacity;
    this.last = now;
  }

  hasToken(now: number): boolean {
    const elapsedSeconds = Math.max(0, now - this.last) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.ratePerSecond);
    this.last = now;
    return this.tokens >= 1;
  }

  take(): void {
    this.tokens -= 1;
  }

  secondsUntilToken(): number {
    return Math.max(0, 1 - this.tokens) / this.ratePerSecond;
  }
}

/** `19:x@thread.tacv2;messageid=123` (a channel thread) → `19:x@thread.tacv2` (the channel). */
function baseConversationId(conversationId: string): string {
  const i = conversationId.indexOf(';messageid=');
  return i === -1 ? conversationId : conversationId.slice(0, i);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

interface StoredActivity {
  conversationId: string;
  current: Partial<Activity>;
  deleted: boolean;
}

interface FailNextEntry {
  remaining: number;
  status: number;
  retryAfterSeconds?: number;
}

interface Rejection {
  status: number;
  reason: RejectionReason;
  retryAfterSeconds?: number;
}

const WRITE_ROUTES: ReadonlySet<FakeRoute> = new Set<FakeRoute>([
  'createConversation', 'sendToConversation', 'replyToActivity', 'updateActivity',
]);

const ERROR_CODES: Record<number, string> = {
  429: 'Throttled',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

export class FakeConnector {
  private readonly server: Server;
  private readonly emitter = new EventEmitter();
  private readonly now: () => number;
  private readonly tenantId: string;
  private baseUrl = '';

  // Setup (survives reset()).
  private readonly teams = new Map<string, FakeTeam>();
  private readonly channelToTeam = new Map<string, FakeTeam>();
  private readonly chats = new Map<string, FakeMember[]>();
  private readonly directory = new Map<string, FakeMember>();

  // Recordings and runtime state (cleared by reset()).
  private seq = 0;
  private nextActivityId = 1_700_000_000_000; // Teams message ids are epoch-millisecond strings.
  private readonly events: FakeEvent[] = [];
  private readonly requestLog: RecordedRequest[] = [];
  private readonly rejectedLog: RejectedRequest[] = [];
  private readonly sentLog: SentActivity[] = [];
  private readonly updatedLog: UpdatedActivity[] = [];
  private readonly deletedLog: DeletedActivity[] = [];
  private readonly store = new Map<string, StoredActivity>();
  private readonly failQueue: FailNextEntry[] = [];
  private gate: { arrived: () => void; released: Promise<void> } | undefined;
  private readonly blocked = new Set<string>();
  private readonly convBuckets = new Map<string, TokenBucket>();
  private appBucket: TokenBucket | undefined;
  private random: () => number;
  private counters = { delivered: 0, updated: 0, deleted: 0, throttled429: 0, failed5xx: 0 };
  private byConversation: Record<string, ConversationStats> = {};

  private constructor(private readonly options: FakeConnectorOptions) {
    this.now = options.now ?? (() => performance.now());
    this.tenantId = options.tenantId ?? stableGuid('fake-tenant');
    this.random = mulberry32(options.seed ?? 1);
    this.emitter.setMaxListeners(0); // many concurrent waitFor() calls are normal in e2e tests
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // A bug in the fake, not a simulated failure: make it loud in the test output.
        console.error('[fake-connector] internal error', err);
        if (!res.headersSent) this.writeJson(res, 500, { error: { code: 'FakeConnectorBug', message: String(err) } });
      });
    });
  }

  /** Starts listening on 127.0.0.1 on an ephemeral port. */
  static async start(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
    const fake = new FakeConnector(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => {
        fake.server.off('error', reject);
        resolve();
      });
    });
    const { port } = fake.server.address() as AddressInfo;
    // Real serviceUrls end with '/', and botbuilder joins 'v3/...' onto them.
    fake.baseUrl = `http://127.0.0.1:${port}/`;
    return fake;
  }

  /** The serviceUrl to put on activities, e.g. `http://127.0.0.1:54321/`. */
  get url(): string {
    return this.baseUrl;
  }

  /** Stops the server (dropping keep-alive sockets so it is immediate) and rejects pending waiters. */
  async close(): Promise<void> {
    this.emitter.emit('close');
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ----- roster setup -------------------------------------------------------------------------

  /** Registers a team: its id, its channels' ids (and their threads) resolve to its roster. */
  addTeam(team: FakeTeam): void {
    const stored: FakeTeam = { ...team, channels: team.channels ?? [{ id: team.id }], members: [...team.members] };
    this.teams.set(team.id, stored);
    this.channelToTeam.set(team.id, stored);
    for (const channel of stored.channels ?? []) this.channelToTeam.set(channel.id, stored);
    for (const member of team.members) this.directory.set(member.id, member);
  }

  /** Registers a chat roster for a conversation id (personal or group chat). */
  addConversation(conversation: FakeConversation): void {
    this.chats.set(conversation.id, [...conversation.members]);
    for (const member of conversation.members) this.directory.set(member.id, member);
  }

  /** The conversation id `createConversation` returns for a 1:1 with this member (deterministic, like Teams). */
  personalConversationId(memberId: string): string {
    return `a:fake-personal-${memberId}`;
  }

  // ----- fault injection ----------------------------------------------------------------------

  /** The next `count` API requests (any route) are answered with `status`. Queued after earlier calls. */
  failNext(count: number, status: number, retryAfterSeconds?: number): void {
    if (count > 0) this.failQueue.push({ remaining: count, status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
  }

  /**
   * Make 1:1 chats with this member impossible, as when a user has blocked the bot or the app is
   * not allowed for them: createConversation for a 1:1 with them answers 403.
   */
  blockMember(memberId: string): void {
    this.blocked.add(memberId);
  }

  /**
   * Hold the next request (any route) until `release()`: lets a test keep a bot request in flight
   * deterministically (e.g. to prove shutdown waits for it). `arrived` resolves once it is held.
   */
  holdNext(): { arrived: Promise<void>; release(): void } {
    let release!: () => void;
    let arrived!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    const arrivedPromise = new Promise<void>((resolve) => { arrived = resolve; });
    this.gate = { arrived, released };
    return { arrived: arrivedPromise, release };
  }

  // ----- recordings ---------------------------------------------------------------------------

  /** Every API request, including rejected and erroring ones, in completion order. */
  get requests(): readonly RecordedRequest[] {
    return this.requestLog;
  }

  /** Requests refused by throttling or fault injection (also present in `requests`). */
  get rejected(): readonly RejectedRequest[] {
    return this.rejectedLog;
  }

  /** Activities accepted via send, reply, or createConversation-with-activity. */
  get sentActivities(): readonly SentActivity[] {
    return this.sentLog;
  }

  get updatedActivities(): readonly UpdatedActivity[] {
    return this.updatedLog;
  }

  get deletedActivities(): readonly DeletedActivity[] {
    return this.deletedLog;
  }

  /**
   * Activities sent to `conversationId`. Given a channel id (no `;messageid=`), activities sent to
   * threads in that channel are included too.
   */
  activitiesFor(conversationId: string): SentActivity[] {
    const wholeChannel = !conversationId.includes(';messageid=');
    return this.sentLog.filter(
      (s) => s.conversationId === conversationId || (wholeChannel && baseConversationId(s.conversationId) === conversationId),
    );
  }

  /** The latest version of an activity (after updates); undefined if unknown or deleted. */
  currentActivity(activityId: string): Partial<Activity> | undefined {
    const stored = this.store.get(activityId);
    return stored && !stored.deleted ? stored.current : undefined;
  }

  stats(): FakeConnectorStats {
    const byConversation: Record<string, ConversationStats> = {};
    for (const [id, s] of Object.entries(this.byConversation)) byConversation[id] = { ...s };
    return { ...this.counters, byConversation };
  }

  /** How many times each key was delivered (keys from `keyOf`; undefined keys are skipped). */
  deliveryCounts(keyOf: (activity: Partial<Activity>, sent: SentActivity) => string | undefined): Map<string, number> {
    const counts = new Map<string, number>();
    for (const sent of this.sentLog) {
      const key = keyOf(sent.activity, sent);
      if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  /** Keys delivered more than once, e.g. `a => a.conversation?.id + '|' + a.text` to catch double notifications. */
  duplicateDeliveries(keyOf: (activity: Partial<Activity>, sent: SentActivity) => string | undefined): string[] {
    return [...this.deliveryCounts(keyOf)].filter(([, n]) => n > 1).map(([key]) => key);
  }

  /**
   * Clears recordings, counters, buckets, pending failNext and the PRNG (back to its seed).
   * Rosters stay, and activity ids keep increasing so an id never means two different activities.
   */
  reset(): void {
    this.events.length = 0;
    this.requestLog.length = 0;
    this.rejectedLog.length = 0;
    this.sentLog.length = 0;
    this.updatedLog.length = 0;
    this.deletedLog.length = 0;
    this.store.clear();
    this.failQueue.length = 0;
    this.convBuckets.clear();
    this.appBucket = undefined;
    this.random = mulberry32(this.options.seed ?? 1);
    this.counters = { delivered: 0, updated: 0, deleted: 0, throttled429: 0, failed5xx: 0 };
    this.byConversation = {};
  }

  // ----- waiting ------------------------------------------------------------------------------

  /**
   * Resolves with the first recorded event (past or future) matching `predicate`. Event-driven:
   * every record notifies waiters, so there is no polling interval to tune. On timeout it rejects
   * with a summary of what *was* received, which is usually the fastest way to see why.
   */
  waitFor(predicate: (event: FakeEvent) => boolean, options: WaitOptions = {}): Promise<FakeEvent> {
    return this.waitUntil(
      () => this.events.find(predicate),
      (event) => (predicate(event) ? event : undefined),
      options,
    );
  }

  /** Convenience: waits for a delivered activity (send/reply/create) matching `predicate`. */
  async waitForActivity(predicate: (sent: SentActivity) => boolean = () => true, options: WaitOptions = {}): Promise<SentActivity> {
    return this.waitUntil(
      () => this.sentLog.find(predicate),
      (event) => (event.type === 'sent' && predicate(event.sent) ? event.sent : undefined),
      options,
    );
  }

  /** Waits until at least `count` delivered activities match; resolves with the first `count` of them. */
  async waitForActivities(count: number, predicate: (sent: SentActivity) => boolean = () => true, options: WaitOptions = {}): Promise<SentActivity[]> {
    // Count incrementally (only new events) so waiting for thousands of deliveries stays O(n).
    let seen = 0;
    const firstN = (): SentActivity[] => this.sentLog.filter(predicate).slice(0, count);
    return this.waitUntil(
      () => {
        seen = this.sentLog.filter(predicate).length;
        return seen >= count ? firstN() : undefined;
      },
      (event) => (event.type === 'sent' && predicate(event.sent) && ++seen >= count ? firstN() : undefined),
      options,
    );
  }

  /**
   * Checks the past once (`initial`), then every new event (`onEvent`) until one yields a value.
   * Event-driven, no polling: each record notifies waiters synchronously.
   */
  private waitUntil<T>(initial: () => T | undefined, onEvent: (event: FakeEvent) => T | undefined, options: WaitOptions): Promise<T> {
    const timeoutMs = options.timeoutMs ?? 5000;
    let done: T | undefined;
    try {
      done = initial();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    if (done !== undefined) return Promise.resolve(done);
    return new Promise<T>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        this.emitter.off('event', listener);
        this.emitter.off('close', onClose);
      };
      const listener = (event: FakeEvent): void => {
        let value: T | undefined;
        try {
          value = onEvent(event);
        } catch (err) {
          cleanup();
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (value !== undefined) {
          cleanup();
          resolve(value);
        }
      };
      const onClose = (): void => {
        cleanup();
        reject(new Error(`FakeConnector closed while waiting.\n${this.describeEvents()}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`FakeConnector: wait timed out after ${timeoutMs} ms.\n${this.describeEvents()}`));
      }, timeoutMs);
      this.emitter.on('event', listener);
      this.emitter.on('close', onClose);
    });
  }

  private describeEvents(): string {
    if (this.events.length === 0) return 'Nothing was received.';
    const lines = this.events
      .slice(-30)
      .map((e) => {
        switch (e.type) {
          case 'request':
            return `  #${e.request.seq} ${e.request.status} ${e.request.method} ${e.request.path}`;
          case 'sent': {
            const a = e.sent.activity;
            const text = typeof a.text === 'string' ? ` "${a.text.slice(0, 80)}"` : '';
            const attachments = Array.isArray(a.attachments) && a.attachments.length > 0
              ? ` [${a.attachments.map((x) => x.contentType).join(', ')}]`
              : '';
            return `  #${e.sent.seq} ${e.sent.kind} ${e.sent.id} → ${e.sent.conversationId}: ${a.type ?? '?'}${text}${attachments}`;
          }
          case 'updated':
            return `  #${e.updated.seq} updated ${e.updated.id} in ${e.updated.conversationId}`;
          case 'deleted':
            return `  #${e.deleted.seq} deleted ${e.deleted.id} in ${e.deleted.conversationId}`;
        }
      });
    return `Received ${this.events.length} event(s)${this.events.length > 30 ? ' (last 30 shown)' : ''}:\n${lines.join('\n')}`;
  }

  private emit(event: FakeEvent): void {
    this.events.push(event);
    this.emitter.emit('event', event);
  }

  // ----- HTTP ---------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client went away mid-request (e.g. its timeout fired): nothing to answer or record
    }
    const rawBody = Buffer.concat(chunks);
    const gate = this.gate;
    if (gate) {
      this.gate = undefined;
      gate.arrived();
      await gate.released;
    }

    const parsedUrl = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const query = Object.fromEntries(parsedUrl.searchParams);
    const authorization = req.headers.authorization;
    const record: Omit<RecordedRequest, 'seq' | 'status' | 'at'> = {
      method,
      path: parsedUrl.pathname,
      route: 'unknown',
      query,
      body: undefined,
      headers: authorization !== undefined ? { authorization } : {},
    };

    let status = 500;
    let responseBody: unknown;
    let headers: Record<string, string> = {};
    let rejection: Rejection | undefined;
    const effects: Array<() => void> = [];
    try {
      const route = this.match(method, parsedUrl.pathname);
      Object.assign(record, route);

      if (rawBody.length > 0) {
        const text = rawBody.toString('utf8');
        try {
          record.body = JSON.parse(text) as unknown;
        } catch {
          record.body = text;
          throw new HttpError(400, 'BadArgument', 'Request body is not valid JSON.');
        }
      }
      if (route.route === 'unknown') throw new HttpError(404, 'NotFound', `No route for ${method} ${parsedUrl.pathname}`);
      if (this.options.requireAuth && !/^Bearer\s+\S+/i.test(authorization ?? '')) {
        throw new HttpError(401, 'Unauthorized', 'Authorization has been denied for this request.');
      }

      rejection = this.injectFault(route.route, this.throttleKey(route.route, route.conversationId, record.body));
      if (rejection) {
        status = rejection.status;
        responseBody = { error: { code: ERROR_CODES[status] ?? 'ServiceError', message: `Simulated ${status} (${rejection.reason}).` } };
        // Whole seconds: HTTP's Retry-After is delta-seconds (an integer) and Teams sends integers.
        // A fractional value would also be read differently by different clients.
        if (rejection.retryAfterSeconds !== undefined) headers = { 'Retry-After': String(rejection.retryAfterSeconds) };
      } else {
        if (this.options.maxActivityBytes !== undefined && WRITE_ROUTES.has(route.route) && rawBody.length > this.options.maxActivityBytes) {
          throw new HttpError(413, 'MessageSizeTooBig', `Message size ${rawBody.length} bytes exceeds ${this.options.maxActivityBytes}.`);
        }
        ({ status, body: responseBody } = this.dispatch(route, record.body, query, effects));
      }
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      status = err.status;
      responseBody = { error: { code: err.code, message: err.message } };
    }

    // Record before answering so that, once the client's await resolves, the test sees the record.
    const recorded: RecordedRequest = { ...record, seq: ++this.seq, status, at: Date.now() };
    this.requestLog.push(recorded);
    if (rejection) {
      this.rejectedLog.push({ ...recorded, reason: rejection.reason, ...(rejection.retryAfterSeconds !== undefined ? { retryAfterSeconds: rejection.retryAfterSeconds } : {}) });
      this.count(recorded.conversationId, status === 429 ? 'throttled429' : status >= 500 ? 'failed5xx' : undefined);
    }
    this.emit({ type: 'request', request: recorded });
    for (const effect of effects) effect();
    this.writeJson(res, status, responseBody, headers);
  }

  private writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (body === undefined) {
      res.writeHead(status, { ...headers, 'Content-Length': '0' });
      res.end();
      return;
    }
    const payload = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(payload)) });
    res.end(payload);
  }

  /** Maps a path to a route. Segments are decoded individually: ids contain ':', '@', ';' (and could contain '/'). */
  private match(method: string, pathname: string): Pick<RecordedRequest, 'route' | 'conversationId' | 'activityId' | 'memberId' | 'teamId'> {
    let segments: string[];
    try {
      segments = pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
    } catch {
      throw new HttpError(400, 'BadArgument', `Malformed URL encoding in ${pathname}`);
    }
    // Regional serviceUrls carry a prefix (https://smba.trafficmanager.net/emea/); ignore anything before 'v3'.
    const v3 = segments.indexOf('v3');
    const [a, b, c, d, e, ...rest] = v3 === -1 ? [] : segments.slice(v3 + 1);
    if (rest.length > 0 || a === undefined) return { route: 'unknown' };

    if (a === 'conversations') {
      if (b === undefined) return method === 'POST' ? { route: 'createConversation' } : { route: 'unknown' };
      const conversationId = b;
      if (c === 'activities') {
        if (d === undefined) return method === 'POST' && e === undefined ? { route: 'sendToConversation', conversationId } : { route: 'unknown' };
        if (e !== undefined || d === 'history') return { route: 'unknown' };
        const byMethod: Record<string, FakeRoute> = { POST: 'replyToActivity', PUT: 'updateActivity', DELETE: 'deleteActivity' };
        const route = byMethod[method];
        return route ? { route, conversationId, activityId: d } : { route: 'unknown' };
      }
      if (method !== 'GET' || e !== undefined) return { route: 'unknown' };
      if (c === 'members') return d === undefined ? { route: 'getConversationMembers', conversationId } : { route: 'getConversationMember', conversationId, memberId: d };
      if (c === 'pagedmembers' && d === undefined) return { route: 'getConversationPagedMembers', conversationId };
      return { route: 'unknown' };
    }
    if (a === 'teams' && b !== undefined && method === 'GET' && d === undefined) {
      if (c === undefined) return { route: 'getTeamDetails', teamId: b };
      if (c === 'conversations') return { route: 'getTeamChannels', teamId: b };
    }
    return { route: 'unknown' };
  }

  /** The conversation a write request counts against; undefined for reads (not throttled). */
  private throttleKey(route: FakeRoute, conversationId: string | undefined, body: unknown): string | undefined {
    if (!WRITE_ROUTES.has(route)) return undefined;
    if (route === 'createConversation') return this.createTarget(body).throttleKey;
    // Threads of a channel share the channel's budget.
    return conversationId !== undefined ? baseConversationId(conversationId) : undefined;
  }

  /** failNext → random failure → token buckets. A request rejected earlier in the chain consumes no tokens. */
  private injectFault(route: FakeRoute, throttleKey: string | undefined): Rejection | undefined {
    const forced = this.failQueue[0];
    if (forced) {
      if (--forced.remaining <= 0) this.failQueue.shift();
      return {
        status: forced.status,
        reason: 'fail-next',
        ...(forced.retryAfterSeconds !== undefined
          ? { retryAfterSeconds: forced.retryAfterSeconds }
          : forced.status === 429 ? { retryAfterSeconds: this.options.retryAfterSeconds ?? 1 } : {}),
      };
    }

    const isWrite = WRITE_ROUTES.has(route);
    const rate = this.options.randomFailureRate ?? 0;
    if (rate > 0 && (isWrite || this.options.randomFailureScope === 'all') && this.random() < rate) {
      const statuses = this.options.randomFailureStatuses ?? [429, 503];
      const status = statuses[Math.floor(this.random() * statuses.length)] ?? 503;
      return { status, reason: 'random-failure', ...(status === 429 ? { retryAfterSeconds: this.options.retryAfterSeconds ?? 1 } : {}) };
    }

    if (!isWrite) return undefined;
    const now = this.now();
    const { perAppPerSecond, perConversationPerSecond } = this.options;
    if (perAppPerSecond !== undefined) this.appBucket ??= new TokenBucket(perAppPerSecond, now);
    let convBucket: TokenBucket | undefined;
    if (perConversationPerSecond !== undefined && throttleKey !== undefined) {
      convBucket = this.convBuckets.get(throttleKey);
      if (!convBucket) this.convBuckets.set(throttleKey, (convBucket = new TokenBucket(perConversationPerSecond, now)));
    }
    const appOk = this.appBucket ? this.appBucket.hasToken(now) : true;
    const convOk = convBucket ? convBucket.hasToken(now) : true;
    if (appOk && convOk) {
      // Take from both only when both allow it, so a conversation-level 429 doesn't burn app budget.
      this.appBucket?.take();
      convBucket?.take();
      return undefined;
    }
    const wait = Math.max(!appOk && this.appBucket ? this.appBucket.secondsUntilToken() : 0, !convOk && convBucket ? convBucket.secondsUntilToken() : 0);
    return {
      status: 429,
      reason: convOk ? 'throttled-app' : 'throttled-conversation',
      retryAfterSeconds: this.options.retryAfterSeconds ?? Math.max(1, Math.ceil(wait)),
    };
  }

  private count(conversationId: string | undefined, field: keyof ConversationStats | undefined): void {
    if (!field) return;
    this.counters[field]++;
    if (conversationId !== undefined) {
      const s = (this.byConversation[conversationId] ??= { delivered: 0, updated: 0, throttled429: 0, failed5xx: 0 });
      s[field]++;
    }
  }

  // ----- route handlers -----------------------------------------------------------------------
  // Handlers validate and compute the response synchronously, but *mutations* of recordings are
  // queued as effects and applied in handle(), right after the request itself is recorded, so
  // the request log and the activity logs stay in the same order.

  private dispatch(
    route: Pick<RecordedRequest, 'route' | 'conversationId' | 'activityId' | 'memberId' | 'teamId'>,
    body: unknown,
    query: Record<string, string>,
    effects: Array<() => void>,
  ): { status: number; body: unknown } {
    const conversationId = route.conversationId ?? '';
    switch (route.route) {
      case 'createConversation':
        return this.createConversation(body, effects);
      case 'sendToConversation':
      case 'replyToActivity': {
        const activity = this.requireActivity(body);
        const id = this.newActivityId();
        const kind = route.route === 'sendToConversation' ? 'send' : 'reply';
        effects.push(() => this.deliver(kind, conversationId, id, activity, route.activityId));
        return { status: 200, body: { id } };
      }
      case 'updateActivity': {
        const activity = this.requireActivity(body);
        const activityId = route.activityId ?? '';
        const stored = this.store.get(activityId);
        if (!stored || stored.deleted || baseConversationId(stored.conversationId) !== baseConversationId(conversationId)) {
          throw new HttpError(404, 'ActivityNotFoundInConversation', `Activity ${activityId} was not found in conversation ${conversationId}.`);
        }
        effects.push(() => {
          stored.current = activity;
          const updated: UpdatedActivity = { seq: ++this.seq, conversationId, id: activityId, activity, at: Date.now() };
          this.updatedLog.push(updated);
          this.count(conversationId, 'updated');
          this.emit({ type: 'updated', updated });
        });
        return { status: 200, body: { id: activityId } };
      }
      case 'deleteActivity': {
        // Idempotent: deleting an unknown or already deleted activity still answers 200.
        const activityId = route.activityId ?? '';
        effects.push(() => {
          const stored = this.store.get(activityId);
          if (stored) stored.deleted = true;
          const deleted: DeletedActivity = { seq: ++this.seq, conversationId, id: activityId, at: Date.now() };
          this.deletedLog.push(deleted);
          this.counters.deleted++;
          this.emit({ type: 'deleted', deleted });
        });
        return { status: 200, body: undefined };
      }
      case 'getConversationMembers':
        return { status: 200, body: this.rosterOf(conversationId).map((m) => this.toAccount(m)) };
      case 'getConversationMember': {
        const member = this.rosterOf(conversationId).find((m) => m.id === route.memberId);
        if (!member) throw new HttpError(404, 'MemberNotFoundInConversation', `Member ${route.memberId ?? ''} is not in conversation ${conversationId}.`);
        return { status: 200, body: this.toAccount(member) };
      }
      case 'getConversationPagedMembers':
        return { status: 200, body: this.pagedMembers(conversationId, query) };
      case 'getTeamDetails': {
        const team = this.requireTeam(route.teamId ?? '');
        return {
          status: 200,
          body: {
            id: team.id,
            name: team.name,
            aadGroupId: team.aadGroupId ?? stableGuid(`group:${team.id}`),
            type: 'standard',
            memberCount: team.members.length,
            channelCount: team.channels?.length ?? 1,
          },
        };
      }
      case 'getTeamChannels': {
        const team = this.requireTeam(route.teamId ?? '');
        return { status: 200, body: { conversations: (team.channels ?? []).map((c) => (c.name !== undefined ? { id: c.id, name: c.name } : { id: c.id })) } };
      }
      case 'unknown':
        throw new HttpError(404, 'NotFound', 'No such route.');
    }
  }

  private requireActivity(body: unknown): Partial<Activity> {
    if (!isRecord(body)) throw new HttpError(400, 'BadArgument', 'An activity (JSON object) is required.');
    return body as Partial<Activity>;
  }

  private requireTeam(teamId: string): FakeTeam {
    const team = this.teams.get(teamId);
    if (!team) throw new HttpError(404, 'TeamNotFound', `Team ${teamId} not found.`);
    return team;
  }

  private newActivityId(): string {
    return String(this.nextActivityId++);
  }

  private deliver(kind: SentActivity['kind'], conversationId: string, id: string, activity: Partial<Activity>, replyToId?: string): void {
    const sent: SentActivity = { seq: ++this.seq, kind, conversationId, id, activity, at: Date.now(), ...(replyToId !== undefined ? { replyToId } : {}) };
    this.sentLog.push(sent);
    this.store.set(id, { conversationId, current: activity, deleted: false });
    this.count(conversationId, 'delivered');
    this.emit({ type: 'sent', sent });
  }

  /** Where a createConversation lands, decided before throttling so it can be charged to that conversation. */
  private createTarget(body: unknown): { kind: 'channel' | 'personal' | 'group'; throttleKey: string; channelId?: string; members: FakeMember[] } {
    const params = isRecord(body) ? body : {};
    const channelData = isRecord(params.channelData) ? params.channelData : {};
    const channel = isRecord(channelData.channel) ? channelData.channel : {};
    const channelId = str(channel.id);
    const members = (Array.isArray(params.members) ? params.members : [])
      .filter(isRecord)
      .map((m): FakeMember | undefined => {
        const id = str(m.id);
        if (id === undefined) return undefined;
        return this.directory.get(id) ?? { id, name: str(m.name) ?? id, aadObjectId: str(m.aadObjectId) ?? stableGuid(id) };
      })
      .filter((m): m is FakeMember => m !== undefined);
    // TeamsInfo.sendMessageToTeamsChannel: isGroup + channelData.channel.id → a new thread in that channel.
    if (params.isGroup === true && channelId !== undefined) return { kind: 'channel', throttleKey: channelId, channelId, members };
    const first = members[0];
    if (params.isGroup !== true && members.length === 1 && first) {
      return { kind: 'personal', throttleKey: this.personalConversationId(first.id), members };
    }
    const key = members.map((m) => m.id).sort().join(',');
    return { kind: 'group', throttleKey: `19:fake-group-${stableGuid(key).replaceAll('-', '')}@thread.v2`, members };
  }

  private createConversation(body: unknown, effects: Array<() => void>): { status: number; body: unknown } {
    if (!isRecord(body)) throw new HttpError(400, 'BadArgument', 'ConversationParameters (JSON object) are required.');
    const target = this.createTarget(body);
    const ignored = this.options.ignoreActivityOnCreate && target.kind !== 'channel';
    const activity = isRecord(body.activity) && !ignored ? (body.activity as Partial<Activity>) : undefined;
    if (target.kind !== 'channel' && target.members.length === 0) {
      throw new HttpError(400, 'BadArgument', 'members must contain at least one member with an id.');
    }
    if (target.kind === 'personal' && target.members.some((m) => this.blocked.has(m.id))) {
      throw new HttpError(403, 'ConversationBlockedByUser', 'User blocked the conversation with the bot.');
    }
    const activityId = activity || target.kind === 'channel' ? this.newActivityId() : undefined;
    // A new channel post is its own thread: Teams answers `<channelId>;messageid=<activityId>`.
    const id = target.kind === 'channel' ? `${target.channelId ?? ''};messageid=${activityId ?? ''}` : target.throttleKey;
    effects.push(() => {
      if (target.kind !== 'channel' && !this.chats.has(id)) this.chats.set(id, target.members);
      if (activity && activityId !== undefined) this.deliver('create', id, activityId, activity);
    });
    return { status: 201, body: { id, ...(activityId !== undefined ? { activityId } : {}), serviceUrl: this.baseUrl } };
  }

  /** Roster for a chat, a team id, a team's channel, or a thread in that channel. */
  private rosterOf(conversationId: string): FakeMember[] {
    const roster = this.chats.get(conversationId)
      ?? this.chats.get(baseConversationId(conversationId))
      ?? this.channelToTeam.get(baseConversationId(conversationId))?.members;
    if (!roster) throw new HttpError(404, 'ConversationNotFound', `Conversation ${conversationId} not found (register it with addTeam/addConversation).`);
    return roster;
  }

  /** Query parameters exactly as botbuilder sends them: `pageSize` and `continuationToken`. */
  private pagedMembers(conversationId: string, query: Record<string, string>): { members: unknown[]; continuationToken?: string } {
    const roster = this.rosterOf(conversationId);
    const limits = this.options.pageSize ?? {};
    const min = limits.min ?? 50;
    const max = limits.max ?? 500;
    const requested = query.pageSize !== undefined ? Number(query.pageSize) : (limits.default ?? 200);
    if (!Number.isFinite(requested) || requested <= 0) throw new HttpError(400, 'BadArgument', `Invalid pageSize ${query.pageSize ?? ''}.`);
    const pageSize = Math.min(max, Math.max(min, Math.floor(requested)));

    let offset = 0;
    if (query.continuationToken !== undefined && query.continuationToken !== '') {
      const decoded = this.decodeToken(query.continuationToken);
      if (!decoded || decoded.c !== baseConversationId(conversationId)) throw new HttpError(400, 'BadArgument', 'Invalid continuationToken.');
      offset = decoded.o;
    }
    const page = roster.slice(offset, offset + pageSize).map((m) => this.toAccount(m));
    const next = offset + pageSize;
    // Like Teams, the last page simply has no continuationToken.
    return next < roster.length
      ? { members: page, continuationToken: Buffer.from(JSON.stringify({ c: baseConversationId(conversationId), o: next })).toString('base64url') }
      : { members: page };
  }

  private decodeToken(token: string): { c: string; o: number } | undefined {
    try {
      const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
      if (isRecord(value) && typeof value.c === 'string' && typeof value.o === 'number' && Number.isInteger(value.o) && value.o >= 0) {
        return { c: value.c, o: value.o };
      }
    } catch {
      // fall through
    }
    return undefined;
  }

  private toAccount(member: FakeMember): Record<string, unknown> {
    return {
      id: member.id,
      name: member.name,
      aadObjectId: member.aadObjectId,
      email: member.email,
      userPrincipalName: member.userPrincipalName ?? member.email,
      givenName: member.givenName,
      surname: member.surname,
      tenantId: member.tenantId ?? this.tenantId,
      userRole: member.userRole ?? 'user',
    };
  }
}
