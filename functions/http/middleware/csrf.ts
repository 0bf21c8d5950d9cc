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
 */
export function csrf(options: { expected: (request: HtmlRequest) => string | undefined }): HtmlMiddleware {
  return {
    before: function csrfBefore(request) {
      if (request.event.requestContext.http.method !== "POST") return;
      const expected = options.expected(request);
      const given = htmlState(request).form[CSRF_FIELD];
      if (!expected || !sameToken(given, expected) || !fromThisSite(request.event)) {
        throw new StaleFormError("The form's token is missing or stale, or it came from another site");
      }
    },
  };
}

/**
 * False when the browser says the request came from another site (headers absent: allowed). An
 * `Origin: null` is refused: every page that posts is served with a referrer policy that keeps the
 * real origin on a same-origin POST.
 */
export function fromThisSite(event: APIGatewayProxyEventV2): boolean {
  const site = event.headers?.["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  const origin = event.headers?.origin;
  if (origin === undefined) return true;
  const host = event.headers?.host ?? event.requestContext.domainName;
  try {
    return new URL(origin).host === host;
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
