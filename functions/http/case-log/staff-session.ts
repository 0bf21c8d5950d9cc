import type { Context } from "aws-lambda";
import { NotFoundError, SignInRequiredError } from "#core/errors.js";
import type { HtmlMiddleware } from "../middleware/html-state.js";
import { htmlState } from "../middleware/html-state.js";
import type { RouteMatch } from "../router.js";
import { type CaseLogRoute, caseLogRouter } from "./case-log-routes.js";
import type { CaseLogDeps } from "./case-log-types.js";
import { returnPath, staffPaths } from "./paths.js";
import {
  clearStaffCookie,
  STAFF_CSRF_COOKIE,
  STAFF_SESSION_COOKIE,
  staffCookie,
  staffCookieName,
} from "./staff-cookies.js";
import type { StaffIdentity } from "./token-verifier.js";

const CSRF_SECONDS = 8 * 60 * 60;
const TOKEN = /^[a-f0-9]{64}$/;

/**
 * Who is signed in, known before the route is (so an error page for them still offers sign-out),
 * and the route, once found.
 */
interface StaffSession {
  identity?: StaffIdentity;
  found?: RouteMatch<CaseLogRoute>;
}

type StaffContext = Context & { staff?: StaffSession };

/** The route and the person, for the page; only after `signedInStaff()` has found the route. */
export function staffSession(request: { context: Context }) {
  const { identity, found } = (request.context as StaffContext).staff ?? {};
  if (!found) throw new Error("signedInStaff() must run before the page");
  return { found, ...(identity ? { identity } : {}) };
}

/** Who is signed in, if anyone (the layout names their council). */
export function signedInIdentity(request: { context: Context }): StaffIdentity | undefined {
  return (request.context as StaffContext).staff?.identity;
}

/** Whether the page is for someone signed in (the layout then offers sign-out). */
export function isSignedIn(request: { context: Context }): boolean {
  return (request.context as StaffContext).staff?.identity !== undefined;
}

/** The double-submit token this request's forms must carry: the cookie's, if it is well formed. */
export function staffCsrfCookie(request: { context: Context }, secure: boolean): string | undefined {
  const token = htmlState(request).cookies.get(staffCookieName(STAFF_CSRF_COOKIE, secure));
  return token && TOKEN.test(token) ? token : undefined;
}

/**
 * The CSRF cookie (made on first visit), the route, and who is signed in. The session cookie
 * holds the Cognito ID token, verified on every request; a signed-out session's token still
 * verifies until it expires, so the sign-out record ends it. Without a valid one, every route
 * but the public ones asks for sign-in (a page remembers itself; data answers 401).
 */
export function signedInStaff(
  deps: Pick<CaseLogDeps, "verifier" | "signedOut" | "cookieSecure" | "ids">,
): HtmlMiddleware {
  return {
    before: async function signedInStaffBefore(request) {
      const staff: StaffSession = {};
      (request.context as StaffContext).staff = staff;
      const state = htmlState(request);
      const existing = staffCsrfCookie(request, deps.cookieSecure);
      state.csrfToken = existing ?? deps.ids.hex(32);
      if (!existing) {
        state.setCookies.push(
          staffCookie(STAFF_CSRF_COOKIE, state.csrfToken, CSRF_SECONDS, deps.cookieSecure),
        );
      }
      const { rawPath: path, rawQueryString } = request.event;
      const method = request.event.requestContext.http.method;
      const found = caseLogRouter.match(method, path);
      const token = state.cookies.get(staffCookieName(STAFF_SESSION_COOKIE, deps.cookieSecure));
      const verified = token ? await deps.verifier.verify(token) : undefined;
      const identity = verified && !(await deps.signedOut.has(verified.sessionId)) ? verified : undefined;
      if (identity) staff.identity = identity;
      if (found?.route.access !== "public" && !identity) {
        // A missing, expired, forged or wrongly-signed token: drop it and ask to sign in.
        if (token) state.setCookies.push(clearStaffCookie(STAFF_SESSION_COOKIE, deps.cookieSecure));
        // After signing in, back to the page asked for (a GET page only: a POST cannot be replayed).
        const back = method === "GET" ? returnPath(path, rawQueryString) : undefined;
        throw new SignInRequiredError(
          back ? `${staffPaths.signIn}?return=${encodeURIComponent(back)}` : staffPaths.signIn,
          found?.route.kind === "data",
        );
      }
      if (!found) throw new NotFoundError(`No case-log page ${path}`);
      staff.found = found;
    },
  };
}
