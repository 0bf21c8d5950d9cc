import { siteCookie, siteCookieName } from "../middleware/cookies.js";

// The case log's cookies are site cookies (`__Host-` over https, so Path=/ rather than /staff), still
// never sent cross-site. They were once `signpost_staff_*` at Path=/staff: the new names differ, so
// someone signed in before the change is simply signed out (their old cookies are ignored until
// they expire), and an old cookie can never shadow a new one of the same name on plain http.

/** The staff session: the verified ID token itself. */
export const STAFF_SESSION_COOKIE = "signpost_case_log_session";
/** A sign-in's pending Cognito challenge (new password, MFA code or set-up): user name and session. */
export const STAFF_CHALLENGE_COOKIE = "signpost_case_log_challenge";
/** Double-submit CSRF token for every case-log form (sign-in included). */
export const STAFF_CSRF_COOKIE = "signpost_case_log_csrf";

/** The name a staff cookie goes by on this deployment (see `siteCookieName`). */
export const staffCookieName = siteCookieName;

/** A staff cookie, never sent cross-site; without `maxAgeSeconds` it lasts until the browser closes. */
export function staffCookie(
  name: string,
  value: string,
  maxAgeSeconds: number | undefined,
  secure: boolean,
): string {
  return siteCookie(name, value, {
    ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
    sameSite: "Strict",
    secure,
  });
}

export const clearStaffCookie = (name: string, secure: boolean) => staffCookie(name, "", 0, secure);
