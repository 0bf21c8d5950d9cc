import * as z from "zod";
import type { SignInOutcome, StaffChallenge } from "#core/ports/staff-auth.js";
import type { FieldError } from "../form-errors.js";
import { logger } from "../logger.js";
import { page } from "../page-result.js";
import type { CaseLogContext, CaseLogResult } from "./case-log-types.js";
import { checkedReturn, staffPaths } from "./paths.js";
import {
  clearStaffCookie,
  STAFF_CHALLENGE_COOKIE,
  STAFF_SESSION_COOKIE,
  staffCookie,
  staffCookieName,
} from "./staff-cookies.js";

const challengePaths: Record<StaffChallenge, string> = {
  NEW_PASSWORD_REQUIRED: staffPaths.newPassword,
  SOFTWARE_TOKEN_MFA: staffPaths.code,
  MFA_SETUP: staffPaths.setUpApp,
};

export function signInPage({ request }: CaseLogContext): CaseLogResult {
  const notice = request.query.has("signed-out")
    ? "You have signed out."
    : request.query.has("timed-out")
      ? "Your sign-in timed out. Sign in again."
      : undefined;
  return page("sign-in.njk", {
    title: "Sign in",
    values: {},
    notice,
    returnTo: checkedReturn(request.query.get("return") ?? undefined),
  });
}

export async function signInPost(ctx: CaseLogContext): Promise<CaseLogResult> {
  const { deps, request } = ctx;
  const returnTo = checkedReturn(request.form.return);
  const email = (request.form.email ?? "").trim();
  const password = request.form.password ?? "";
  const errors: FieldError[] = [];
  if (!email) errors.push({ field: "email", message: "Enter your email address" });
  else if (email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    errors.push({
      field: "email",
      message: "Enter an email address in the correct format, like name@example.org",
    });
  }
  if (!password) errors.push({ field: "password", message: "Enter your password" });
  else if (password.length > 256) errors.push({ field: "password", message: "Enter a correct password" });
  if (errors.length === 0) {
    const outcome = await deps.auth.signIn(email, password, request.signInContext);
    const next = await afterOutcome(ctx, outcome, returnTo);
    if (next) return next;
    errors.push(refusalMessage(outcome, "email"));
  }
  return page("sign-in.njk", { title: "Sign in", values: { email }, returnTo }, errors);
}

/** The challenge cookie: which step, the pool's user name, Cognito's session, where to go after. */
const challengeCookie = z.object({
  c: z.enum(["NEW_PASSWORD_REQUIRED", "SOFTWARE_TOKEN_MFA", "MFA_SETUP"]),
  u: z.string().min(1).max(128),
  s: z.string().min(1).max(3000),
  r: z.string().max(700).optional(),
  /** While an authenticator app is being added: its secret, to show again after a wrong code. */
  k: z
    .string()
    .regex(/^[A-Z2-7]{16,128}$/)
    .optional(),
});

/** The pending challenge from its cookie, if it is the one this page answers. */
function pendingChallenge(ctx: CaseLogContext, challenge: StaffChallenge) {
  const raw = ctx.request.cookies.get(staffCookieName(STAFF_CHALLENGE_COOKIE, ctx.deps.cookieSecure));
  if (!raw) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const parsed = challengeCookie.safeParse(json);
  if (!parsed.success || parsed.data.c !== challenge) return undefined;
  const returnTo = checkedReturn(parsed.data.r);
  return {
    username: parsed.data.u,
    session: parsed.data.s,
    ...(returnTo ? { returnTo } : {}),
    ...(parsed.data.k ? { secret: parsed.data.k } : {}),
  };
}

function challengeCookieFor(
  value: { c: StaffChallenge; u: string; s: string; r?: string | undefined; k?: string },
  secure: boolean,
) {
  const encoded = Buffer.from(JSON.stringify(value)).toString("base64url");
  // A browser-session cookie (no Max-Age), so it is not kept on disk: it may hold the new app's
  // secret. Cognito ends the sign-in session itself after 15 minutes (the app client's setting).
  return staffCookie(STAFF_CHALLENGE_COOKIE, encoded, undefined, secure);
}

const timedOut = (ctx: CaseLogContext): CaseLogResult => ({
  kind: "redirect",
  location: `${staffPaths.signIn}?timed-out=1`,
  cookies: [clearStaffCookie(STAFF_CHALLENGE_COOKIE, ctx.deps.cookieSecure)],
});

export function newPasswordPage(ctx: CaseLogContext): CaseLogResult {
  if (!pendingChallenge(ctx, "NEW_PASSWORD_REQUIRED")) return timedOut(ctx);
  return page("new-password.njk", { title: "Create a new password" });
}

export async function newPasswordPost(ctx: CaseLogContext): Promise<CaseLogResult> {
  const pending = pendingChallenge(ctx, "NEW_PASSWORD_REQUIRED");
  if (!pending) return timedOut(ctx);
  const password = ctx.request.form.password ?? "";
  const confirm = ctx.request.form.confirm ?? "";
  const errors: FieldError[] = [];
  if (!password) errors.push({ field: "password", message: "Enter a new password" });
  else if (password.length > 256)
    errors.push({ field: "password", message: "Password must be 256 characters or fewer" });
  else if (password !== confirm) errors.push({ field: "confirm", message: "Passwords must match" });
  if (errors.length === 0) {
    const outcome = await ctx.deps.auth.newPassword(
      pending.username,
      pending.session,
      password,
      ctx.request.signInContext,
    );
    const next = await afterOutcome(ctx, outcome, pending.returnTo);
    if (next) return next;
    errors.push(refusalMessage(outcome, "password"));
  }
  return page("new-password.njk", { title: "Create a new password" }, errors);
}

export function codePage(ctx: CaseLogContext): CaseLogResult {
  if (!pendingChallenge(ctx, "SOFTWARE_TOKEN_MFA")) return timedOut(ctx);
  return page("code.njk", { title: "Enter the code from your authenticator app", values: {} });
}

export async function codePost(ctx: CaseLogContext): Promise<CaseLogResult> {
  const pending = pendingChallenge(ctx, "SOFTWARE_TOKEN_MFA");
  if (!pending) return timedOut(ctx);
  const errors = await answerWithCode(ctx, pending.returnTo, (code) =>
    ctx.deps.auth.mfaCode(pending.username, pending.session, code, ctx.request.signInContext),
  );
  if (!Array.isArray(errors)) return errors;
  return page("code.njk", { title: "Enter the code from your authenticator app", values: {} }, errors);
}

/**
 * Checks the authenticator code typed in and, if it looks right, gives it to Cognito: the next
 * step of sign-in, or the errors to show on the page.
 */
async function answerWithCode(
  ctx: CaseLogContext,
  returnTo: string | undefined,
  answer: (code: string) => Promise<SignInOutcome>,
): Promise<CaseLogResult | FieldError[]> {
  const code = (ctx.request.form.code ?? "").replace(/\s+/g, "");
  if (!code) return [{ field: "code", message: "Enter the 6-digit code from your authenticator app" }];
  if (!/^\d{6}$/.test(code)) return [{ field: "code", message: "The code must be 6 numbers" }];
  const outcome = await answer(code);
  return (await afterOutcome(ctx, outcome, returnTo)) ?? [refusalMessage(outcome, "code")];
}

/** Shows the new authenticator secret as apps ask for it: grouped, and as an otpauth link. */
function setUpAppView(ctx: CaseLogContext, secret: string) {
  const label = `${ctx.deps.councilName} case log`;
  return {
    title: "Set up an authenticator app",
    secretGroups: secret.match(/.{1,4}/g) ?? [secret],
    otpauth: `otpauth://totp/${encodeURIComponent(label)}?secret=${secret}&issuer=${encodeURIComponent(label)}`,
  };
}

/** MFA_SETUP: a new secret from Cognito for this sign-in, shown once, then confirmed with a code. */
export async function setUpAppPage(ctx: CaseLogContext): Promise<CaseLogResult> {
  const pending = pendingChallenge(ctx, "MFA_SETUP");
  if (!pending) return timedOut(ctx);
  // Reloading the page keeps the secret already shown (the person may have added it to their app).
  const started = pending.secret
    ? { secret: pending.secret, session: pending.session }
    : await ctx.deps.auth.startMfaSetup(pending.session);
  if (!started) return timedOut(ctx);
  const shown = page("set-up-app.njk", setUpAppView(ctx, started.secret));
  if (shown.kind !== "page") return shown;
  return {
    ...shown,
    cookies: [
      challengeCookieFor(
        { c: "MFA_SETUP", u: pending.username, s: started.session, r: pending.returnTo, k: started.secret },
        ctx.deps.cookieSecure,
      ),
    ],
  };
}

export async function setUpAppPost(ctx: CaseLogContext): Promise<CaseLogResult> {
  const pending = pendingChallenge(ctx, "MFA_SETUP");
  if (!pending?.secret) return timedOut(ctx);
  const errors = await answerWithCode(ctx, pending.returnTo, (code) =>
    ctx.deps.auth.finishMfaSetup(pending.username, pending.session, code, ctx.request.signInContext),
  );
  if (!Array.isArray(errors)) return errors;
  return page("set-up-app.njk", setUpAppView(ctx, pending.secret), errors);
}

/**
 * Where a sign-in step leads: signed in (the ID token becomes the session cookie, after the same
 * checks every request gets), or the next challenge; undefined for a refusal shown on the page.
 */
async function afterOutcome(
  ctx: CaseLogContext,
  outcome: SignInOutcome,
  returnTo?: string,
): Promise<CaseLogResult | undefined> {
  const secure = ctx.deps.cookieSecure;
  if (outcome.kind === "challenge") {
    return {
      kind: "redirect",
      location: challengePaths[outcome.challenge],
      cookies: [
        challengeCookieFor(
          { c: outcome.challenge, u: outcome.username, s: outcome.session, r: returnTo },
          secure,
        ),
      ],
    };
  }
  if (outcome.kind === "refused") {
    if (outcome.reason === "service-busy")
      logger.warn("Staff sign-in throttled by Cognito", { cause: outcome.detail });
    return outcome.reason === "session-expired" ? timedOut(ctx) : undefined;
  }
  const identity = await ctx.deps.verifier.verify(outcome.idToken);
  if (!identity) {
    // A real account without a case-log role (not in the staff or clerk group).
    return page(
      "message.njk",
      {
        title: "You cannot use the case log yet",
        message: "Your account is not set up for the case log. Ask the case log administrator to add you.",
      },
      [],
      403,
    );
  }
  const seconds = Math.min(
    outcome.expiresIn,
    identity.expiresAt - Math.floor(ctx.deps.clock.now().getTime() / 1000),
  );
  return {
    kind: "redirect",
    location: returnTo ?? staffPaths.cases,
    cookies: [
      staffCookie(STAFF_SESSION_COOKIE, outcome.idToken, seconds, secure),
      clearStaffCookie(STAFF_CHALLENGE_COOKIE, secure),
    ],
  };
}

/**
 * The one answer to a wrong password, an unknown account and a locked one. Cognito locks only
 * accounts that exist (and says "Password attempts exceeded" for them), so a lockout message of
 * its own would tell anyone which addresses have accounts.
 */
export const SIGN_IN_REFUSED =
  "Check your email address and password. If they are right, wait 15 minutes or ask the case log administrator for help";

export function refusalMessage(outcome: SignInOutcome, field: string): FieldError {
  const reason = outcome.kind === "refused" ? outcome.reason : "unsupported";
  switch (reason) {
    case "wrong-credentials":
      return field === "email"
        ? { field, message: SIGN_IN_REFUSED }
        : { field, message: "Your sign-in could not be completed. Start again from the sign-in page" };
    case "too-many-attempts":
      // After the password (a code, a new password) the person is known: the lockout can be named.
      return field === "email"
        ? { field, message: SIGN_IN_REFUSED }
        : { field, message: "You have tried too many times. Wait 15 minutes, then sign in again" };
    case "weak-password":
      return {
        field: "password",
        message:
          "Password must be at least 14 characters and include a capital letter, a small letter, a number and a symbol",
      };
    case "wrong-code":
      return { field: "code", message: "The code is not correct or has expired. Enter the code shown now" };
    // Only a real account can need a reset or be blocked: before the password is proven, those
    // answers would say who has an account, so they read like any other refusal.
    case "password-reset-required":
      return field === "email"
        ? { field, message: SIGN_IN_REFUSED }
        : { field, message: "Your password must be reset. Ask the case log administrator to reset it" };
    case "blocked":
      return field === "email"
        ? { field, message: SIGN_IN_REFUSED }
        : {
            field,
            message: "Your sign-in was stopped for security reasons. Ask the case log administrator for help",
          };
    case "service-busy":
      return { field, message: "Sorry, sign-in is busy. Try again in a few minutes" };
    default:
      return field === "email"
        ? { field, message: SIGN_IN_REFUSED }
        : { field, message: "Your account cannot sign in here. Ask the case log administrator for help" };
  }
}

export async function signOutPost({ deps, identity }: CaseLogContext): Promise<CaseLogResult> {
  // The token stays signed until it expires, so remember that this sign-in has ended.
  if (identity) await deps.signedOut.add(identity.sessionId, identity.expiresAt);
  return {
    kind: "redirect",
    location: `${staffPaths.signIn}?signed-out=1`,
    cookies: [clearStaffCookie(STAFF_SESSION_COOKIE, deps.cookieSecure)],
  };
}
