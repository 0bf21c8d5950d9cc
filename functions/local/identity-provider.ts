import {
  createHash,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
  timingSafeEqual,
} from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small local stand-in for the staff Cognito user pool (`npm start` and tests): an RS256 key pair
 * made at start, the pool's JWKS at `/.well-known/jwks.json`, and a password sign-in that answers
 * with real signed ID and access tokens shaped like Cognito's (`cognito:groups`, `token_use`, …).
 * The case log verifies them with the same code as Cognito's; only the issuer URL differs.
 * Never deployed.
 */

export interface LocalStaffUser {
  email: string;
  password: string;
  groups: string[];
  /** A clerk's parish (ONS code), carried as the `custom:parish` claim. */
  parish?: string;
}

export interface LocalTokens {
  idToken: string;
  accessToken: string;
  expiresIn: number;
}

export interface LocalIdentityProvider {
  /** The `iss` of every token, and the base of the JWKS URL. */
  issuer: string;
  jwksUri: string;
  clientId: string;
  /** Checks a password; undefined when the user or password is wrong. */
  signIn(email: string, password: string): LocalTokens | undefined;
  /** Signs any claims with the pool's key (tests: expired or tampered tokens). */
  signJwt(payload: Record<string, unknown>, options?: { kid?: string }): string;
  /** The JWKS as served. */
  jwks(): { keys: Array<Record<string, unknown>> };
  close(): Promise<void>;
}

export const DEMO_STAFF_USERS: LocalStaffUser[] = [
  { email: "staff@exampleshire-vale.example.org", password: "signpost-demo-staff", groups: ["staff"] },
];

export async function startLocalIdentityProvider(
  options: {
    users?: LocalStaffUser[];
    port?: number;
    clientId?: string;
    /** Token lifetime in seconds (Cognito's pool client is set to one hour). */
    tokenSeconds?: number;
    now?: () => Date;
  } = {},
): Promise<LocalIdentityProvider> {
  const users = options.users ?? DEMO_STAFF_USERS;
  const clientId = options.clientId ?? "signpost-local-case-log";
  const tokenSeconds = options.tokenSeconds ?? 3600;
  const now = options.now ?? (() => new Date());
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = createHash("sha256")
    .update(publicKey.export({ format: "der", type: "spki" }))
    .digest("base64url")
    .slice(0, 16);
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => json(res, 500, { __type: "InternalErrorException" }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/local_staff_pool`;

  const signJwt = (payload: Record<string, unknown>, signOptions: { kid?: string } = {}) =>
    signRs256(payload, privateKey, signOptions.kid ?? kid);

  const signIn = (email: string, password: string): LocalTokens | undefined => {
    const user = users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
    // Compare digests so the time taken says nothing about the password.
    const given = createHash("sha256").update(password).digest();
    const expected = createHash("sha256")
      .update(user?.password ?? randomUUID())
      .digest();
    if (!user || !timingSafeEqual(given, expected)) return undefined;
    const iat = Math.floor(now().getTime() / 1000);
    const sub = uuidFrom(user.email);
    const originJti = randomUUID();
    const common = {
      sub,
      iss: issuer,
      "cognito:groups": user.groups,
      auth_time: iat,
      iat,
      exp: iat + tokenSeconds,
    };
    return {
      idToken: signJwt({
        ...common,
        aud: clientId,
        token_use: "id",
        email: user.email,
        email_verified: true,
        "cognito:username": sub,
        ...(user.parish ? { "custom:parish": user.parish } : {}),
        jti: randomUUID(),
        origin_jti: originJti,
      }),
      accessToken: signJwt({
        ...common,
        client_id: clientId,
        token_use: "access",
        scope: "aws.cognito.signin.user.admin",
        username: sub,
        jti: randomUUID(),
        origin_jti: originJti,
      }),
      expiresIn: tokenSeconds,
    };
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", issuer).pathname;
    if (req.method === "GET" && path === "/local_staff_pool/.well-known/jwks.json") {
      return json(res, 200, { keys: [jwk] });
    }
    if (req.method === "POST" && path === "/local_staff_pool/sign-in") {
      const body = await readJson(req);
      const tokens =
        body && typeof body.email === "string" && typeof body.password === "string"
          ? signIn(body.email, body.password)
          : undefined;
      if (!tokens) return json(res, 400, { __type: "NotAuthorizedException" });
      return json(res, 200, tokens);
    }
    json(res, 404, { __type: "ResourceNotFoundException" });
  }

  return {
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    clientId,
    signIn,
    signJwt,
    jwks: () => ({ keys: [jwk] }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The case log's sign-in against the local issuer, over HTTP as against Cognito. */
export function localStaffSignIn(issuer: string) {
  return async (email: string, password: string) => {
    const response = await fetch(`${issuer}/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
      signal: AbortSignal.timeout(3000),
    });
    if (response.status !== 200) return undefined;
    const tokens = (await response.json()) as LocalTokens;
    return { idToken: tokens.idToken, expiresIn: tokens.expiresIn };
  };
}

/** A compact RS256 JWS. */
export function signRs256(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const header = Buffer.from(JSON.stringify({ kid, alg: "RS256", typ: "JWT" })).toString("base64url");
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const signature = sign("sha256", Buffer.from(`${header}.${body}`), key).toString("base64url");
  return `${header}.${body}.${signature}`;
}

/** A stable user id per email, like a pool's `sub`. */
function uuidFrom(email: string): string {
  const h = createHash("sha256").update(email.toLowerCase()).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4096) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
