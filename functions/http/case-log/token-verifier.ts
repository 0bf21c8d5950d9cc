import { JwtVerifier } from "aws-jwt-verify";
import {
  FetchError,
  JwkValidationError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwtBaseError,
} from "aws-jwt-verify/error";
import type { Fetcher } from "aws-jwt-verify/https";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";

/** Who is signed in to the case log, from a verified ID token. */
export interface StaffIdentity {
  /** The pool's user id. */
  sub: string;
  email?: string;
  role: "staff" | "clerk";
  /** A clerk's parish (ONS code); clerks without one see nothing. */
  parish?: string;
  /**
   * The council (its id, core/councils) whose case log this person works in: the `custom:council`
   * claim. Absent: the first council on a one-council deployment, nothing on a many-council one.
   */
  council?: string;
  /** Epoch seconds when the token (and so the session) ends. */
  expiresAt: number;
  /** One sign-in (`origin_jti`, else `jti`): what sign-out revokes. */
  sessionId: string;
}

export interface TokenVerifier {
  /** The identity in a valid ID token of this pool and client, or undefined for anything else. */
  verify(token: string): Promise<StaffIdentity | undefined>;
}

export interface TokenVerifierSettings {
  /**
   * The pool's issuer: `https://cognito-idp.<region>.amazonaws.com/<poolId>` in AWS, the local
   * identity provider's URL under `npm start`.
   */
  issuer: string;
  /** Defaults to `<issuer>/.well-known/jwks.json`, as Cognito publishes it. */
  jwksUri?: string;
  /** The case log's app client id (the ID token's `aud`). */
  clientId: string;
}

/**
 * Verifies staff ID tokens with aws-jwt-verify: RS256 signature against the pool's JWKS (fetched
 * once, refetched for an unknown `kid`), issuer, audience, expiry and `token_use: id`. The same
 * code serves Cognito in AWS and the local issuer; only the settings differ.
 */
export function createTokenVerifier(
  settings: TokenVerifierSettings,
  fetcher: Fetcher = fetchFetcher,
): TokenVerifier {
  const jwksUri = settings.jwksUri ?? `${settings.issuer}/.well-known/jwks.json`;
  const url = new URL(jwksUri);
  if (url.protocol !== "https:" && !["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
    throw new Error(`The staff JWKS must be fetched over https (got ${jwksUri})`);
  }
  const verifier = JwtVerifier.create(
    {
      issuer: settings.issuer,
      audience: settings.clientId,
      jwksUri,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== "id") throw new NotAnIdTokenError("Not an ID token");
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher }) },
  );
  return {
    async verify(token) {
      if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token) || token.length > 8192) return undefined;
      let payload: Record<string, unknown>;
      try {
        payload = await verifier.verify(token);
      } catch (error) {
        // A bad token is "not signed in"; keys that cannot be fetched are our fault, not theirs.
        if (isTokenFault(error)) return undefined;
        throw error;
      }
      const groups = Array.isArray(payload["cognito:groups"]) ? (payload["cognito:groups"] as unknown[]) : [];
      const role = groups.includes("staff") ? "staff" : groups.includes("clerk") ? "clerk" : undefined;
      const sessionId = payload.origin_jti ?? payload.jti;
      if (!role || typeof payload.sub !== "string" || typeof payload.exp !== "number") return undefined;
      if (typeof sessionId !== "string" || sessionId.length > 100) return undefined;
      const parish = payload["custom:parish"];
      const council = payload["custom:council"];
      return {
        sub: payload.sub,
        ...(typeof payload.email === "string" ? { email: payload.email } : {}),
        role,
        ...(role === "clerk" && typeof parish === "string" ? { parish } : {}),
        ...(typeof council === "string" ? { council } : {}),
        expiresAt: payload.exp,
        sessionId,
      };
    },
  };
}

class NotAnIdTokenError extends Error {}

function isTokenFault(error: unknown): boolean {
  if (error instanceof NotAnIdTokenError) return true;
  if (error instanceof FetchError || error instanceof JwksNotAvailableInCacheError) return false;
  if (error instanceof JwksValidationError || error instanceof JwkValidationError) return false;
  return error instanceof JwtBaseError;
}

/** Fetches the JWKS with the runtime's fetch (plain http allowed only on loopback, checked above). */
const fetchFetcher: Fetcher = {
  async fetch(uri) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000), redirect: "error" });
    if (response.status !== 200) throw new Error(`JWKS fetch failed: ${response.status}`);
    return response.arrayBuffer();
  },
};
