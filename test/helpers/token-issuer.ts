import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";

/**
 * A local stand-in for the Bot Framework's token issuer: an OpenID metadata document and a JWKS on
 * loopback, and a key to sign channel tokens with. Tests point the adapter's real validation at it.
 */
export class LocalTokenIssuer {
  static readonly ISSUER = "https://api.botframework.com";

  private constructor(
    private readonly server: Server,
    readonly metadataUrl: string,
    private readonly privateKey: CryptoKey,
    private readonly kid: string,
  ) {}

  static async start(options: { endorsements?: string[] } = {}): Promise<LocalTokenIssuer> {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = "local-test-key";
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256" };
    // Teams' keys carry endorsements: botbuilder refuses a key not endorsed for the activity's channel.
    const keys = { keys: [{ ...jwk, endorsements: options.endorsements ?? ["msteams"] }] };
    let base = "";
    const server = createServer((req, res) => {
      const body =
        req.url === "/.well-known/openidconfiguration"
          ? { issuer: LocalTokenIssuer.ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ["RS256"] }
          : req.url === "/keys"
            ? keys
            : undefined;
      res.writeHead(body ? 200 : 404, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body ?? { error: "not found" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new LocalTokenIssuer(server, `${base}/.well-known/openidconfiguration`, privateKey, kid);
  }

  /** A channel token as the Bot Connector would send it; override claims to make it wrong. */
  async token(claims: { aud: string; serviceUrl: string; iss?: string; expiresInSeconds?: number; notBeforeSeconds?: number; key?: CryptoKey }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ serviceurl: claims.serviceUrl })
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWT" })
      .setIssuer(claims.iss ?? LocalTokenIssuer.ISSUER)
      .setAudience(claims.aud)
      .setIssuedAt(now - 60)
      .setNotBefore(now - (claims.notBeforeSeconds ?? 60))
      .setExpirationTime(now + (claims.expiresInSeconds ?? 3600))
      .sign(claims.key ?? this.privateKey);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A key the issuer never published: tokens signed with it must be refused. */
export async function strangerKey(): Promise<CryptoKey> {
  return (await generateKeyPair("RS256")).privateKey;
}
