import { setCookie } from "../middleware/cookies.js";

/** The staff session: the verified ID token itself, scoped to /staff and never sent cross-site. */
export const STAFF_SESSION_COOKIE = "signpost_staff_session";
/** A sign-in's pending Cognito challenge (new password, MFA code or set-up): user name and session. */
export const STAFF_CHALLENGE_COOKIE = "signpost_staff_challenge";
/** Double-submit CSRF token for every case-log form (sign-in included). */
export const STAFF_CSRF_COOKIE = "signpost_staff_csrf";
export const STAFF_PATH = "/staff";

/** A cookie for /staff only, never sent cross-site; without `maxAgeSeconds` it lasts until the browser closes. */
export function staffCookie(
  name: string,
  value: string,
  maxAgeSeconds: number | undefined,
  secure: boolean,
): string {
  return setCookie(name, value, {
    path: STAFF_PATH,
    ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
    sameSite: "Strict",
    secure,
  });
}

export const clearStaffCookie = (name: string, secure: boolean) => staffCookie(name, "", 0, secure);
