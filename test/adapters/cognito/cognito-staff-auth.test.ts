import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CognitoStaffAuth } from "#adapters/cognito/cognito-staff-auth.js";
import type { SignInOutcome } from "#core/ports/staff-auth.js";
import { createTokenVerifier } from "../../../functions/http/case-log/token-verifier.js";
import {
  type LocalIdentityProvider,
  startLocalIdentityProvider,
} from "../../../functions/local/identity-provider.js";
import { totpCode } from "../../../functions/local/totp.js";

// The Cognito adapter through the real SDK client, against the local identity provider that
// answers Cognito's AdminInitiateAuth / AdminRespondToAuthChallenge: every outcome a sign-in page
// has to handle, and tokens that the case log's verifier accepts.

const TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const context = {
  ipAddress: "192.0.2.1",
  serverName: "signpost.example.org",
  serverPath: "/staff/sign-in",
  headers: { "user-agent": "test" },
};

let idp: LocalIdentityProvider;
let auth: CognitoStaffAuth;
let clock = Date.now();

beforeAll(async () => {
  idp = await startLocalIdentityProvider({
    now: () => new Date(clock),
    users: [
      { email: "staff@example.org", password: "Right-password-1", groups: ["staff"] },
      { email: "new@example.org", password: "Temporary-pass-1", groups: ["staff"], mustChangePassword: true },
      {
        email: "mfa@example.org",
        password: "Mfa-password-123",
        groups: ["clerk"],
        parish: "E04999001",
        totpSecret: TOTP_SECRET,
      },
      { email: "locked@example.org", password: "Locked-pass-1234", groups: ["staff"] },
      { email: "timed@example.org", password: "Timed-pass-12345", groups: ["staff"] },
      { email: "quiet@example.org", password: "Quiet-pass-12345", groups: ["staff"] },
      { email: "setup@example.org", password: "Setup-password-1", groups: ["staff"], mustSetUpMfa: true },
    ],
  });
  auth = adapterFor(idp.clientId);
});
afterAll(() => idp?.close());

function adapterFor(clientId: string) {
  return new CognitoStaffAuth({
    client: new CognitoIdentityProviderClient({
      endpoint: idp.endpoint,
      region: "eu-west-2",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    }),
    userPoolId: idp.userPoolId,
    clientId,
  });
}

const expectSignedIn = async (outcome: SignInOutcome) => {
  expect(outcome.kind).toBe("signed-in");
  const verifier = createTokenVerifier({ issuer: idp.issuer, clientId: idp.clientId });
  return verifier.verify(outcome.kind === "signed-in" ? outcome.idToken : "");
};

describe("Cognito staff sign-in (SDK against the local identity provider)", () => {
  it("signs in with the right password, by email in any case", async () => {
    const identity = await expectSignedIn(
      await auth.signIn("STAFF@example.org", "Right-password-1", context),
    );
    expect(identity).toMatchObject({ role: "staff", email: "staff@example.org" });
    expect(identity?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a wrong password and an unknown user alike", async () => {
    expect(await auth.signIn("staff@example.org", "wrong", context)).toEqual({
      kind: "refused",
      reason: "wrong-credentials",
    });
    expect(await auth.signIn("nobody@example.org", "Right-password-1", context)).toEqual({
      kind: "refused",
      reason: "wrong-credentials",
    });
  });

  it("locks an account after five wrong passwords, even against the right one", async () => {
    for (let i = 0; i < 5; i++) await auth.signIn("locked@example.org", `wrong-${i}`, context);
    expect(await auth.signIn("locked@example.org", "Locked-pass-1234", context)).toEqual({
      kind: "refused",
      reason: "too-many-attempts",
    });
  });

  it("asks an account made by an administrator for a new password that meets the policy", async () => {
    const first = await auth.signIn("new@example.org", "Temporary-pass-1", context);
    expect(first).toMatchObject({ kind: "challenge", challenge: "NEW_PASSWORD_REQUIRED" });
    if (first.kind !== "challenge") return;
    expect(first.username).not.toContain("@");
    expect(await auth.newPassword(first.username, first.session, "short", context)).toMatchObject({
      kind: "refused",
      reason: "weak-password",
    });
    const done = await auth.newPassword(first.username, first.session, "A-much-better-password-9", context);
    expect((await expectSignedIn(done))?.email).toBe("new@example.org");
    // The session was used up, and the new password now works on its own.
    expect(await auth.newPassword(first.username, first.session, "Another-password-99", context)).toEqual({
      kind: "refused",
      reason: "session-expired",
    });
    expect((await auth.signIn("new@example.org", "A-much-better-password-9", context)).kind).toBe(
      "signed-in",
    );
  });

  it("asks for the authenticator code, and refuses a wrong one", async () => {
    const first = await auth.signIn("mfa@example.org", "Mfa-password-123", context);
    expect(first).toMatchObject({ kind: "challenge", challenge: "SOFTWARE_TOKEN_MFA" });
    if (first.kind !== "challenge") return;
    const wrong = totpCode(TOTP_SECRET, new Date(clock), 5);
    expect(await auth.mfaCode(first.username, first.session, wrong, context)).toEqual({
      kind: "refused",
      reason: "wrong-code",
    });
    const identity = await expectSignedIn(
      await auth.mfaCode(first.username, first.session, totpCode(TOTP_SECRET, new Date(clock)), context),
    );
    expect(identity).toMatchObject({ role: "clerk", parish: "E04999001" });
  });

  it("sets up an authenticator app when the pool requires one, confirmed by its first code", async () => {
    const first = await auth.signIn("setup@example.org", "Setup-password-1", context);
    expect(first).toMatchObject({ kind: "challenge", challenge: "MFA_SETUP" });
    if (first.kind !== "challenge") return;
    const started = await auth.startMfaSetup(first.session);
    expect(started?.secret).toMatch(/^[A-Z2-7]{32}$/);
    if (!started) return;
    const wrong = totpCode(started.secret, new Date(clock), 5);
    expect(await auth.finishMfaSetup(first.username, started.session, wrong, context)).toEqual({
      kind: "refused",
      reason: "wrong-code",
    });
    const done = await auth.finishMfaSetup(
      first.username,
      started.session,
      totpCode(started.secret, new Date(clock)),
      context,
    );
    expect((await expectSignedIn(done))?.email).toBe("setup@example.org");
    // From now on the account signs in with a code from that app.
    const again = await auth.signIn("setup@example.org", "Setup-password-1", context);
    expect(again).toMatchObject({ kind: "challenge", challenge: "SOFTWARE_TOKEN_MFA" });
    if (again.kind !== "challenge") return;
    const signedIn = await auth.mfaCode(
      again.username,
      again.session,
      totpCode(started.secret, new Date(clock)),
      context,
    );
    expect(signedIn.kind).toBe("signed-in");
    // An expired or made-up session cannot start a set-up.
    expect(await auth.startMfaSetup("not-a-session")).toBeUndefined();
  });

  it("treats a challenge answered after fifteen minutes as timed out", async () => {
    const first = await auth.signIn("mfa@example.org", "Mfa-password-123", context);
    if (first.kind !== "challenge") throw new Error("expected a challenge");
    clock += 15 * 60_000 + 1000;
    expect(
      await auth.mfaCode(first.username, first.session, totpCode(TOTP_SECRET, new Date(clock)), context),
    ).toEqual({ kind: "refused", reason: "session-expired" });
  });

  it("raises configuration faults instead of calling them a wrong password", async () => {
    await expect(
      adapterFor("not-our-client").signIn("staff@example.org", "Right-password-1", context),
    ).rejects.toThrow(/does not exist/);
  });

  // Cognito's errors for cases the local provider does not produce, mapped as the pages need them.
  it.each([
    [
      "NotAuthorizedException",
      "Temporary password has expired and must be reset by an administrator.",
      "password-reset-required",
    ],
    ["NotAuthorizedException", "Unable to login because of security reasons.", "blocked"],
    [
      "NotAuthorizedException",
      "Invalid session for the user, session can only be used once.",
      "session-expired",
    ],
    ["PasswordResetRequiredException", "Password reset required for the user", "password-reset-required"],
    ["TooManyFailedAttemptsException", "Too many failed attempts", "too-many-attempts"],
    ["TooManyRequestsException", "Rate exceeded", "service-busy"],
    ["LimitExceededException", "Attempt limit exceeded", "service-busy"],
  ])("maps %s (%s) to %s", async (name, message, reason) => {
    const failing = new CognitoStaffAuth({
      client: {
        send: async () => {
          throw Object.assign(new Error(message), { name });
        },
      } as unknown as CognitoIdentityProviderClient,
      userPoolId: idp.userPoolId,
      clientId: idp.clientId,
    });
    expect(await failing.signIn("staff@example.org", "x", context)).toMatchObject({
      kind: "refused",
      reason,
    });
  });

  it("raises anything else (a role without permission, a missing pool)", async () => {
    const failing = new CognitoStaffAuth({
      client: {
        send: async () => {
          throw Object.assign(new Error("not allowed"), { name: "AccessDeniedException" });
        },
      } as unknown as CognitoIdentityProviderClient,
      userPoolId: idp.userPoolId,
      clientId: idp.clientId,
    });
    await expect(failing.signIn("staff@example.org", "x", context)).rejects.toThrow("not allowed");
  });
});

describe("Cognito's lockout, as the local identity provider answers it (PreventUserExistenceErrors ENABLED)", () => {
  const wrong = { kind: "refused", reason: "wrong-credentials" };
  const locked = { kind: "refused", reason: "too-many-attempts" };
  const second = 1000;

  it("never locks or names an account that does not exist", async () => {
    for (let i = 0; i < 12; i++) {
      expect(await auth.signIn("nobody-at-all@example.org", `wrong-${i}`, context)).toEqual(wrong);
    }
  });

  it("locks for 2^(n-5) seconds after the n-th failure; attempts while locked do not count", async () => {
    for (let i = 0; i < 4; i++)
      expect(await auth.signIn("timed@example.org", "wrong", context)).toEqual(wrong);
    // The fifth failure is answered as a wrong password and starts a one-second lock.
    expect(await auth.signIn("timed@example.org", "wrong", context)).toEqual(wrong);
    expect(await auth.signIn("timed@example.org", "Timed-pass-12345", context)).toEqual(locked);
    clock += second;
    // The sixth failure: two seconds, whatever is tried meanwhile.
    expect(await auth.signIn("timed@example.org", "wrong", context)).toEqual(wrong);
    clock += second;
    for (let i = 0; i < 5; i++)
      expect(await auth.signIn("timed@example.org", "wrong", context)).toEqual(locked);
    clock += second;
    // Locked attempts did not count: the seventh failure locks for four seconds, not longer.
    expect(await auth.signIn("timed@example.org", "wrong", context)).toEqual(wrong);
    clock += 3 * second;
    expect(await auth.signIn("timed@example.org", "Timed-pass-12345", context)).toEqual(locked);
    clock += second;
    await expectSignedIn(await auth.signIn("timed@example.org", "Timed-pass-12345", context));
    // Signing in starts the count again: one wrong password is just wrong.
    expect(await auth.signIn("timed@example.org", "wrong", context)).toEqual(wrong);
    await expectSignedIn(await auth.signIn("timed@example.org", "Timed-pass-12345", context));
  });

  it("locks for about 15 minutes at most, and forgets a lockout after 15 quiet minutes", async () => {
    for (let i = 0; i < 5; i++) await auth.signIn("quiet@example.org", "wrong", context);
    // Each failure after a lock ends doubles the next: 1, 2, 4 … 512 seconds, then the cap.
    for (let lock = 1; lock <= 512; lock *= 2) {
      clock += lock * second;
      expect(await auth.signIn("quiet@example.org", "wrong", context)).toEqual(wrong);
    }
    // The fifteenth failure would be 2^10 seconds; it is 15 minutes.
    clock += 15 * 60 * second - 1;
    expect(await auth.signIn("quiet@example.org", "Quiet-pass-12345", context)).toEqual(locked);
    clock += 1;
    await expectSignedIn(await auth.signIn("quiet@example.org", "Quiet-pass-12345", context));

    for (let i = 0; i < 5; i++) await auth.signIn("quiet@example.org", "wrong", context);
    expect(await auth.signIn("quiet@example.org", "Quiet-pass-12345", context)).toEqual(locked);
    // 15 minutes with no attempt: the next failure is the first again, so no lock follows it.
    clock += 15 * 60 * second;
    expect(await auth.signIn("quiet@example.org", "wrong", context)).toEqual(wrong);
    await expectSignedIn(await auth.signIn("quiet@example.org", "Quiet-pass-12345", context));
  });
});
