import { timingSafeEqual } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { StaleFormError } from "#core/errors.js";
import type { HtmlMiddleware, HtmlRequest } from "./html-state.js";
import { htmlState } from "./html-state.js";

/** The hidden field every form carries. */
export const CSRF_FIELD = "_csrf";

/**
 * On POST: the form's token must be the one this request expects (the form session's, or the
 * double-submit cookie's), and, as a second line since a sibling subdomain could plant a cookie,
 * the browser must not say the form came from another site. Run after `formBody`.
 *
 * `https` says how the site is served: true in AWS, false on the plain-http local stack (the same
 * COOKIE_SECURE setting that makes cookies Secure). The web function cannot read its own URL
 * (PUBLIC_URL would be a cycle in the stack), so the expected origin is that scheme and the
 * request's Host.
 */
export function csrf(options: {
  expected: (request: HtmlRequest) => string | undefined;
  https: boolean;
}): HtmlMiddleware {
  return {
    before: function csrfBefore(request) {
      if (request.event.requestContext.http.method !== "POST") return;
      const expected = options.expected(request);
      const given = htmlState(request).form[CSRF_FIELD];
      if (!expected || !sameToken(given, expected) || !fromThisSite(request.event, options.https)) {
        throw new StaleFormError("The form's token is missing or stale, or it came from another site");
      }
    },
  };
}

/**
 * False when the browser says the request came from another site (headers absent: allowed). The
 * whole origin must match, scheme and port included: `http://` the same host on an https site is
 * another origin (a network attacker's page), as is another port. An `Origin: null` is refused:
 * every page that posts is served with a referrer policy that keeps the real origin on a
 * same-origin POST. Behind CloudFront no Origin reaches the function (edge-distribution.ts), and
 * `Sec-Fetch-Site` answers alone.
 */
export function fromThisSite(event: APIGatewayProxyEventV2, https: boolean): boolean {
  const site = event.headers?.["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  const origin = event.headers?.origin;
  if (origin === undefined) return true;
  const host = event.headers?.host ?? event.requestContext.domainName;
  try {
    // Both through URL, so a default port written out (`:443`) or left off compares equal.
    const expected = new URL(`${https ? "https" : "http"}://${host}`).origin;
    return new URL(origin).origin === expected;
  } catch {
    return false;
  }
}

/** Compared as bytes: a token of the right length in characters may still differ in bytes. */
function sameToken(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? "");
  const b = Buffer.from(expected);
  return a.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}
