import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";

/**
 * A stand-in for Microsoft Entra ID's signing keys: an RS256 key pair generated here, its public half
 * served as a JSON Web Key Set from a local HTTP server, and a signer for Teams-SSO-shaped tokens.
 */
export class LocalIssuer {
  private constructor(
    private readonly server: Server,
    readonly jwksUrl: string,
    private readonly privateKey: CryptoKey,
    readonly kid: string,
    private served: () => number,
  ) {}

  static async start(kid = "test-key-1"): Promise<LocalIssuer> {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
    let count = 0;
    const server = createServer((req, res) => {
      count += 1;
      if (req.url !== "/discovery/v2.0/keys") {
        res.writeHead(404);
        res.end();
        return;
      }
      const body = JSON.stringify({ keys: [jwk] });
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return new LocalIssuer(server, `http://127.0.0.1:${port}/discovery/v2.0/keys`, privateKey, kid, () => count);
  }

  /** How many times the JWKS was fetched (jose caches it). */
  get fetches(): number {
    return this.served();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A signed token; claims override the defaults (exp/iat are Unix seconds). */
  sign(claims: JWTPayload, options: { key?: CryptoKey; kid?: string } = {}): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid: options.kid ?? this.kid }).sign(options.key ?? this.privateKey);
  }
}

/** Another key pair, unknown to the JWKS: tokens it signs must be refused. */
export async function strangerKey(): Promise<CryptoKey> {
  return (await generateKeyPair("RS256")).privateKey;
}

/** The claims of a Teams SSO (v2.0) access token for this user at this moment. */
export function teamsClaims(user: { aadObjectId: string; name?: string }, opts: { tenantId: string; audience: string; nowSeconds: number; lifetimeSeconds?: number }): JWTPayload {
  return {
    aud: opts.audience,
    iss: `https://login.microsoftonline.com/${opts.tenantId}/v2.0`,
    iat: opts.nowSeconds - 60,
    nbf: opts.nowSeconds - 60,
    exp: opts.nowSeconds + (opts.lifetimeSeconds ?? 3600),
    oid: user.aadObjectId,
    tid: opts.tenantId,
    name: user.name ?? "Test User",
    scp: "access_as_user",
    ver: "2.0",
  };
}
