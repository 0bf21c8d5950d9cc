import { setCookie } from "../../middleware/cookies.js";
import type { HtmlMiddleware, HtmlRequest } from "../../middleware/html-state.js";
import { htmlState } from "../../middleware/html-state.js";
import { SESSION_COOKIE } from "../form-session.js";

/**
 * What the clerk's answer pages need beyond the form's: their URL carries the signed token, so it
 * must not leave the site in a Referer (`same-origin`: only this site's own requests carry one, and
 * the page's POST then carries its real Origin, which the CSRF check holds to), be cached or be
 * indexed; and their POST is protected by a double-
 * submit cookie rather than the form session, so a GET (a mail scanner's, say) writes nothing.
 */
export const CLERK_RESPONSE_PREFIX = "/respond/";
export const CLERK_CSRF_COOKIE = "signpost_respond_csrf";
const TOKEN_SHAPE = /^[A-Za-z0-9-]{16,64}$/;

const isClerkResponse = (request: HtmlRequest) => request.event.rawPath.startsWith(CLERK_RESPONSE_PREFIX);

/** Register before `pageKit`'s middlewares: its headers are set after theirs, error pages too. */
export function clerkResponseHeaders(): HtmlMiddleware {
  const apply = (request: HtmlRequest) => {
    const response = request.response;
    if (!isClerkResponse(request) || typeof response !== "object" || response === null) return;
    // The form session's cookie is for residents' journeys: these pages neither read nor need it.
    if (Array.isArray(response.cookies)) {
      response.cookies = response.cookies.filter((c) => !c.startsWith(`${SESSION_COOKIE}=`));
    }
    response.headers = {
      ...response.headers,
      "cache-control": "no-store",
      "referrer-policy": "same-origin",
      "x-robots-tag": "noindex",
    };
  };
  return { after: apply, onError: apply };
}

/**
 * Register after the form session (whose token it reuses for a new visitor) and before `csrf`: the
 * token the page's form carries is the cookie's, set on the first page of the link and kept to the
 * path, Strict (the POST always comes from the page itself).
 */
export function clerkResponseCsrfCookie(options: { cookieSecure: boolean }): HtmlMiddleware {
  return {
    before: function clerkResponseCsrfCookieBefore(request) {
      if (!isClerkResponse(request)) return;
      const state = htmlState(request);
      const given = state.cookies.get(CLERK_CSRF_COOKIE);
      if (given && TOKEN_SHAPE.test(given)) {
        state.csrfToken = given;
        return;
      }
      state.setCookies.push(
        setCookie(CLERK_CSRF_COOKIE, state.csrfToken, {
          path: "/respond",
          maxAgeSeconds: 4 * 60 * 60,
          sameSite: "Strict",
          secure: options.cookieSecure,
        }),
      );
    },
  };
}

/** The token a clerk's answer must carry, if this is one: the cookie's (undefined when absent). */
export function clerkResponseCsrfToken(request: HtmlRequest): string | undefined {
  const given = htmlState(request).cookies.get(CLERK_CSRF_COOKIE);
  return given && TOKEN_SHAPE.test(given) ? given : undefined;
}

export { isClerkResponse };
