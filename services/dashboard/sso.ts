import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { Clock } from "../clock.ts";

/**
 * Checks the Teams SSO token the dashboard tab sends with every API call
 * (`authentication.getAuthToken()` in the tab): an RS256 JWT from Microsoft Entra ID, signed by a key
 * in the issuer's JSON Web Key Set, for our audience (the tab's Application ID URI), not expired.
 * jose does the cryptography and the standard claim checks; the JWKS is fetched from the configured
 * URL and cached (so tests can point it at a locally generated key).
 */

export interface SsoOptions {
  /** The tab's Application ID URI (api://<domain>/<app id>) — or the app's client ID for v2 tokens. */
  audience: string;
  /** Exact issuer. Undefined: Microsoft's issuer for the token's own tenant (v2.0, or the v1 sts.windows.net form). */
  issuer?: string;
  jwksUrl: string;
  /** When set (single-tenant app), the token's tenant must be this one. */
  tenantId?: string;
  clock: Clock;
  /** Leeway for clock skew between Entra ID and this server, in seconds (default 60). */
  clockToleranceSeconds?: number;
}

export interface SsoUser {
  /** The `oid` claim, lower-cased: the same AAD object ID the bot sees in activities. */
  aadObjectId: string;
  /** The `tid` claim. */
  tenantId: string;
  name?: string;
}

/** The token is missing, malformed, expired, for someone else, or not signed by the issuer: 401. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidTokenError";
  }
}

/** The issuer's keys couldn't be fetched: a problem on our side or the network's, not the caller's (503). */
export class SsoUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SsoUnavailableError";
  }
}

const MAX_TOKEN_CHARS = 16_000;
const GUIDISH = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TeamsSsoVerifier {
  private readonly jwks: JWTVerifyGetKey;

  constructor(private readonly options: SsoOptions) {
    this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  }

  /** The bearer token from an Authorization header, or undefined. */
  static bearer(header: string | undefined): string | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    return match?.[1];
  }

  async verify(token: string | undefined): Promise<SsoUser> {
    if (!token) throw new InvalidTokenError("no Teams sign-in token");
    if (token.length > MAX_TOKEN_CHARS) throw new InvalidTokenError("token too long");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        audience: this.options.audience,
        ...(this.options.issuer ? { issuer: this.options.issuer } : {}),
        algorithms: ["RS256"],
        requiredClaims: ["exp", "iss", "aud", "oid", "tid"],
        clockTolerance: this.options.clockToleranceSeconds ?? 60,
        currentDate: this.options.clock.now().toJSDate(),
      }));
    } catch (err) {
      throw classify(err);
    }
    const tid = payload.tid;
    const oid = payload.oid;
    if (typeof tid !== "string" || !GUIDISH.test(tid)) throw new InvalidTokenError("the token's tid is not a tenant ID");
    if (typeof oid !== "string" || !GUIDISH.test(oid)) throw new InvalidTokenError("the token's oid is not an object ID");
    if (!this.options.issuer) {
      const expected = [`https://login.microsoftonline.com/${tid}/v2.0`, `https://sts.windows.net/${tid}/`];
      if (!expected.includes(String(payload.iss))) throw new InvalidTokenError("unexpected issuer");
    }
    if (this.options.tenantId && tid.toLowerCase() !== this.options.tenantId.toLowerCase()) {
      throw new InvalidTokenError("the token is from another tenant");
    }
    const name = typeof payload.name === "string" ? payload.name : undefined;
    return { aadObjectId: oid.toLowerCase(), tenantId: tid.toLowerCase(), ...(name ? { name } : {}) };
  }
}

function classify(err: unknown): Error {
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
    return new SsoUnavailableError(`the issuer's keys are unavailable (${err.code})`);
  }
  if (err instanceof errors.JOSEError) {
    // ERR_JOSE_GENERIC is what a failed JWKS download (non-200) raises.
    if (err.code === "ERR_JOSE_GENERIC") return new SsoUnavailableError(`the issuer's keys are unavailable: ${err.message}`);
    return new InvalidTokenError(`${err.code}: ${err.message}`);
  }
  if (err instanceof TypeError && /fetch/i.test(err.message)) return new SsoUnavailableError(`the issuer's keys are unavailable: ${err.message}`);
  // Anything else (a token jose can't even parse raises JOSE errors, so this is rare): refuse it.
  return new InvalidTokenError(err instanceof Error ? err.message : String(err));
}
