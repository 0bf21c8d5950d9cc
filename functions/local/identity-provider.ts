import {
  createHash,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  randomUUID,
  sign,
  timingSafeEqual,
} from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { newTotpSecret, verifyTotp } from "./totp.js";

/**
 * A small local stand-in for the staff Cognito user pool (`npm start` and tests). It answers the
 * part of Cognito's API the case log calls (AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH and
 * AdminRespondToAuthChallenge for NEW_PASSWORD_REQUIRED and SOFTWARE_TOKEN_MFA, in Cognito's JSON
 * protocol), so the case log's real SDK client works against it unchanged. Tokens are RS256 JWTs
 * shaped like Cognito's (`cognito:groups`, `token_use`, `custom:parish`,
 * `custom:council`, …) signed with a key pair
 * made at start and published at `/<poolId>/.well-known/jwks.json`. Never deployed.
 */

export interface LocalStaffUser {
  email: string;
  password: string;
  groups: string[];
  /** A clerk's parish (ONS code), carried as the `custom:parish` claim. */
  parish?: string;
  /** The council (its id) whose case log the person works in: the `custom:council` claim. */
  council?: string;
  /** An account an administrator made: the first sign-in must set a new password. */
  mustChangePassword?: boolean;
  /** A base32 TOTP secret: the account has software-token MFA. */
  totpSecret?: string;
  /** No authenticator app yet, and the pool requires one: sign-in sets it up first. */
  mustSetUpMfa?: boolean;
}

export interface LocalTokens {
  idToken: string;
  accessToken: string;
  expiresIn: number;
}

export interface LocalIdentityProvider {
  /** Cognito's API endpoint (the case log's COGNITO_ENDPOINT). */
  endpoint: string;
  userPoolId: string;
  /** The `iss` of every token, and the base of the JWKS URL. */
  issuer: string;
  jwksUri: string;
  clientId: string;
  /** Checks a password and skips any challenge (tests that only need tokens). */
  signIn(email: string, password: string): LocalTokens | undefined;
  /** Signs any claims with the pool's key (tests: expired or tampered tokens). */
  signJwt(payload: Record<string, unknown>, options?: { kid?: string }): string;
  /** The JWKS as served. */
  jwks(): { keys: Array<Record<string, unknown>> };
  close: () => Promise<void>;
}

/** Staff of each demo council and a clerk (docs/adr/0012-many-councils.md), each with their council. */
export const DEMO_STAFF_USERS: LocalStaffUser[] = [
  {
    email: "staff@exampleshire-vale.example.org",
    password: "signpost-demo-staff",
    groups: ["staff"],
    council: "exampleshire-vale",
  },
  {
    email: "clerk@ashcombe.example.org",
    password: "signpost-demo-clerk",
    groups: ["clerk"],
    parish: "E04999001",
    council: "exampleshire-vale",
  },
  {
    email: "staff@harrowfield.example.org",
    password: "signpost-demo-staff",
    groups: ["staff"],
    council: "harrowfield",
  },
  {
    email: "staff@saltmere.example.org",
    password: "signpost-demo-staff",
    groups: ["staff"],
    council: "saltmere",
  },
];

/** Cognito's password policy for the pool (infra/constructs/staff-user-pool.ts). */
const PASSWORD_RULES: Array<[RegExp, string]> = [
  [/^.{14,}$/su, "Password not long enough"],
  [/[a-z]/, "Password must have lowercase characters"],
  [/[A-Z]/, "Password must have uppercase characters"],
  [/\d/, "Password must have numeric characters"],
  [/[^\sA-Za-z0-9]/, "Password must have symbol characters"],
];
/**
 * Cognito's documented lockout for password sign-in ("Lockout behavior for failed sign-in
 * attempts", Amazon Cognito developer guide): after the fifth failed attempt the user is locked
 * for one second, doubling with each further failure (2^(n-5) seconds for n failures) up to about
 * 15 minutes. An attempt while locked, right password or wrong, answers "Password attempts
 * exceeded" and does not count. A successful sign-in after the lock ends, or 15 minutes without
 * any attempt after a lockout, starts the count again. With PreventUserExistenceErrors ENABLED (as
 * the pool's app client sets it), a user name that does not exist always answers "Incorrect
 * username or password." and is never locked: so Cognito's own answers tell a locked account
 * from an unknown one, and the case log must show one message for both.
 */
const FREE_FAILURES = 4;
const MAX_LOCK_SECONDS = 15 * 60;
const QUIET_RESET_MS = 15 * 60 * 1000;

/** Where a user stands in the lockout: failures counted, when the lock ends, the last attempt. */
interface Lockout {
  failures: number;
  lockedUntil: number;
  lastAttempt: number;
}
/** As the case log's app client sets it (authSessionValidity): time enough to install an app. */
const CHALLENGE_SECONDS = 15 * 60;

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
  // Copies: a new password changes the account for this run only.
  const users = (options.users ?? DEMO_STAFF_USERS).map((u): LocalStaffUser & { lockout: Lockout } => ({
    ...u,
    lockout: { failures: 0, lockedUntil: 0, lastAttempt: 0 },
  }));
  const userPoolId = "local_StaffPool";
  const clientId = options.clientId ?? "signpost-local-case-log";
  const tokenSeconds = options.tokenSeconds ?? 3600;
  const now = options.now ?? (() => new Date());
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = createHash("sha256")
    .update(publicKey.export({ format: "der", type: "spki" }))
    .digest("base64url")
    .slice(0, 16);
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const challenges = new Map<
    string,
    { sub: string; challenge: string; expires: number; secret?: string; verified?: boolean }
  >();
  /** A challenge session, if it is live (sessions are single-use: the caller deletes it). */
  const liveSession = (value: unknown) => {
    const session = typeof value === "string" ? challenges.get(value) : undefined;
    return session && session.expires >= now().getTime() ? session : undefined;
  };
  const newSession = (record: { sub: string; challenge: string; secret?: string; verified?: boolean }) => {
    const id = randomBytes(96).toString("base64url");
    challenges.set(id, { ...record, expires: now().getTime() + CHALLENGE_SECONDS * 1000 });
    return id;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => cognitoError(res, "InternalErrorException", "Internal error"));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${endpoint}/${userPoolId}`;

  const signJwt = (payload: Record<string, unknown>, signOptions: { kid?: string } = {}) =>
    signRs256(payload, privateKey, signOptions.kid ?? kid);
  const findUser = (name: string) =>
    users.find((u) => u.email.toLowerCase() === name.trim().toLowerCase() || uuidFrom(u.email) === name);

  const tokensFor = (user: LocalStaffUser): LocalTokens => {
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
        ...(user.council ? { "custom:council": user.council } : {}),
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

  /** Compares digests so the time taken says nothing about the password. */
  const passwordMatches = (user: LocalStaffUser | undefined, password: string) =>
    timingSafeEqual(
      createHash("sha256").update(password).digest(),
      createHash("sha256")
        .update(user?.password ?? randomUUID())
        .digest(),
    ) && user !== undefined;

  const signIn = (email: string, password: string): LocalTokens | undefined => {
    const user = findUser(email);
    return user && passwordMatches(user, password) ? tokensFor(user) : undefined;
  };

  /** The next step for a user whose password is right: a challenge, or tokens. */
  const nextStep = (user: LocalStaffUser, codeGiven = false) => {
    const challenge = user.mustChangePassword
      ? "NEW_PASSWORD_REQUIRED"
      : user.totpSecret && !codeGiven
        ? "SOFTWARE_TOKEN_MFA"
        : user.mustSetUpMfa
          ? "MFA_SETUP"
          : undefined;
    if (!challenge) {
      const tokens = tokensFor(user);
      return {
        AuthenticationResult: {
          IdToken: tokens.idToken,
          AccessToken: tokens.accessToken,
          RefreshToken: randomBytes(48).toString("base64url"),
          ExpiresIn: tokens.expiresIn,
          TokenType: "Bearer",
        },
        ChallengeParameters: {},
      };
    }
    const sub = uuidFrom(user.email);
    return {
      ChallengeName: challenge,
      Session: newSession({ sub, challenge }),
      ChallengeParameters: {
        USER_ID_FOR_SRP: sub,
        ...(challenge === "NEW_PASSWORD_REQUIRED"
          ? { requiredAttributes: "[]", userAttributes: JSON.stringify({ email: user.email }) }
          : {}),
        ...(challenge === "MFA_SETUP" ? { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } : {}),
      },
    };
  };

  const operations: Record<string, (body: Record<string, unknown>, res: ServerResponse) => void> = {
    AdminInitiateAuth(body, res) {
      if (body.AuthFlow !== "ADMIN_USER_PASSWORD_AUTH") {
        return cognitoError(res, "InvalidParameterException", "Initiate Auth method not supported.");
      }
      const params = (body.AuthParameters ?? {}) as Record<string, unknown>;
      const user = findUser(text(params.USERNAME));
      const matches = passwordMatches(user, text(params.PASSWORD));
      if (!user) return cognitoError(res, "NotAuthorizedException", "Incorrect username or password.");
      const at = now().getTime();
      const lockout = user.lockout;
      if (lockout.failures > FREE_FAILURES && at - lockout.lastAttempt >= QUIET_RESET_MS) {
        Object.assign(lockout, { failures: 0, lockedUntil: 0 });
      }
      lockout.lastAttempt = at;
      if (at < lockout.lockedUntil) {
        return cognitoError(res, "NotAuthorizedException", "Password attempts exceeded");
      }
      if (!matches) {
        lockout.failures += 1;
        if (lockout.failures > FREE_FAILURES) {
          const seconds = Math.min(2 ** (lockout.failures - FREE_FAILURES - 1), MAX_LOCK_SECONDS);
          lockout.lockedUntil = at + seconds * 1000;
        }
        return cognitoError(res, "NotAuthorizedException", "Incorrect username or password.");
      }
      Object.assign(lockout, { failures: 0, lockedUntil: 0 });
      json(res, 200, nextStep(user));
    },
    AssociateSoftwareToken(body, res) {
      const session = liveSession(body.Session);
      if (!session || session.challenge !== "MFA_SETUP") {
        return cognitoError(
          res,
          "NotAuthorizedException",
          "Invalid session for the user, session is expired.",
        );
      }
      challenges.delete(String(body.Session));
      const secret = newTotpSecret();
      json(res, 200, {
        SecretCode: secret,
        Session: newSession({ sub: session.sub, challenge: "MFA_SETUP", secret }),
      });
    },
    VerifySoftwareToken(body, res) {
      const session = liveSession(body.Session);
      if (!session?.secret) {
        return cognitoError(
          res,
          "NotAuthorizedException",
          "Invalid session for the user, session is expired.",
        );
      }
      if (!verifyTotp(session.secret, text(body.UserCode), now())) {
        return cognitoError(
          res,
          "EnableSoftwareTokenMFAException",
          "Code mismatch and fail enable Software Token MFA",
        );
      }
      challenges.delete(String(body.Session));
      json(res, 200, { Status: "SUCCESS", Session: newSession({ ...session, verified: true }) });
    },
    AdminRespondToAuthChallenge(body, res) {
      const session = liveSession(body.Session);
      const answers = (body.ChallengeResponses ?? {}) as Record<string, unknown>;
      const user = findUser(text(answers.USERNAME));
      if (
        !session ||
        session.challenge !== body.ChallengeName ||
        !user ||
        uuidFrom(user.email) !== session.sub
      ) {
        return cognitoError(
          res,
          "NotAuthorizedException",
          "Invalid session for the user, session is expired.",
        );
      }
      if (session.challenge === "NEW_PASSWORD_REQUIRED") {
        const password = text(answers.NEW_PASSWORD);
        const broken = PASSWORD_RULES.find(([rule]) => !rule.test(password));
        if (broken) {
          return cognitoError(
            res,
            "InvalidPasswordException",
            `Password does not conform to policy: ${broken[1]}`,
          );
        }
        user.password = password;
        user.mustChangePassword = false;
      } else if (session.challenge === "MFA_SETUP") {
        if (!session.verified || !session.secret) {
          return cognitoError(
            res,
            "NotAuthorizedException",
            "Invalid session for the user, session is expired.",
          );
        }
        user.totpSecret = session.secret;
        user.mustSetUpMfa = false;
      } else if (!verifyTotp(user.totpSecret ?? "", text(answers.SOFTWARE_TOKEN_MFA_CODE), now())) {
        return cognitoError(res, "CodeMismatchException", "Invalid code received for user");
      }
      challenges.delete(String(body.Session));
      json(res, 200, nextStep(user, session.challenge !== "NEW_PASSWORD_REQUIRED"));
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", endpoint).pathname;
    if (req.method === "GET" && path === `/${userPoolId}/.well-known/jwks.json`) {
      return json(res, 200, { keys: [jwk] });
    }
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = operations[target.replace(/^AWSCognitoIdentityProviderService\./, "")];
    if (req.method === "POST" && path === "/" && operation) {
      const body = await readJson(req);
      if (!body) return cognitoError(res, "InvalidParameterException", "Malformed request.");
      // The admin operations name the pool and client; the software-token ones carry a session only.
      const admin = target.includes(".Admin");
      if (admin && (body.UserPoolId !== userPoolId || body.ClientId !== clientId)) {
        return cognitoError(res, "ResourceNotFoundException", "User pool client does not exist.");
      }
      return operation(body, res);
    }
    cognitoError(res, "UnknownOperationException", "Not answered by the local identity provider.", 404);
  }

  return {
    endpoint,
    userPoolId,
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
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(body));
}

/** An error as Cognito sends one: the SDK reads the type from the header and the body. */
function cognitoError(res: ServerResponse, type: string, message: string, status = 400) {
  res
    .writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": type })
    .end(JSON.stringify({ __type: type, message }));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A request field as text: the SDK sends strings; anything else reads as empty. */
function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}
