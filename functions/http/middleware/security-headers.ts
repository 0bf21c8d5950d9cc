import type { Ids } from "#core/ports/ids.js";
import type { HtmlMiddleware } from "./html-state.js";
import { htmlState } from "./html-state.js";

/** Headers for every HTML page: no framing, no third-party anything, no caching of personal data. */
export function pageHeaders(nonce: string): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join("; "),
    "strict-transport-security": "max-age=63072000; includeSubDomains",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "geolocation=(self), camera=(), microphone=()",
    "cross-origin-opener-policy": "same-origin",
    "cache-control": "no-store",
  };
}

/**
 * A fresh nonce per request (so GOV.UK's inline script runs without 'unsafe-inline'), and the
 * page headers on every HTML response, error pages included. Other responses (redirects, CSV,
 * assets) keep their own headers but are never sniffed.
 */
export function securityHeaders(ids: Ids): HtmlMiddleware {
  const apply: NonNullable<HtmlMiddleware["after"]> = (request) => {
    const response = request.response;
    if (typeof response !== "object" || response === null) return;
    const type = String(response.headers?.["content-type"] ?? "");
    response.headers = type.startsWith("text/html")
      ? { ...response.headers, ...pageHeaders(htmlState(request).nonce) }
      : { "x-content-type-options": "nosniff", ...response.headers };
  };
  return {
    before: function securityHeadersBefore(request) {
      htmlState(request).nonce = ids.base64(16);
    },
    after: apply,
    onError: apply,
  };
}
