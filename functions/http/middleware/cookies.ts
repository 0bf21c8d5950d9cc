import type { HtmlContext, HtmlMiddleware } from "./html-state.js";
import { freshHtmlState, htmlState } from "./html-state.js";

/** Reads API Gateway v2 `cookies` (each "name=value") into a map; later duplicates lose. */
export function readCookies(cookies: readonly string[] | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const cookie of cookies ?? []) {
    const eq = cookie.indexOf("=");
    if (eq <= 0) continue;
    const name = cookie.slice(0, eq).trim();
    if (!jar.has(name)) jar.set(name, cookie.slice(eq + 1).trim());
  }
  return jar;
}

export interface CookieOptions {
  path: string;
  /** Without it the cookie lasts until the browser closes. */
  maxAgeSeconds?: number;
  /** Lax lets a link from elsewhere carry the cookie; Strict does not (the case log). */
  sameSite: "Lax" | "Strict";
  /** Secure everywhere but plain-http local runs. */
  secure: boolean;
}

/** A Set-Cookie value. Always HttpOnly: no script reads our cookies. */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  return [
    `${name}=${value}`,
    `Path=${options.path}`,
    ...(options.maxAgeSeconds === undefined
      ? []
      : [`Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`]),
    "HttpOnly",
    `SameSite=${options.sameSite}`,
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}

/**
 * A site-wide cookie's name. Over https it takes the `__Host-` prefix: the browser then keeps the
 * cookie only if it is Secure, has Path=/ and no Domain (RFC 6265bis, "Cookie Name Prefixes"), so a
 * sibling subdomain can neither plant nor overwrite it. On the plain-http local stack a Secure
 * cookie would be refused, so the name stays bare there; everything else is the same code.
 */
export function siteCookieName(name: string, secure: boolean): string {
  return secure ? `__Host-${name}` : name;
}

/** A cookie for the whole site under its `siteCookieName`: Path=/ and no Domain, as the prefix asks. */
export function siteCookie(name: string, value: string, options: Omit<CookieOptions, "path">): string {
  return setCookie(siteCookieName(name, options.secure), value, { ...options, path: "/" });
}

/**
 * Reads the request's cookies before, and sends the cookies set on the way (by middlewares or the
 * route) with the response after, whether it is a page, a redirect or an error page.
 */
export function cookies(): HtmlMiddleware {
  const send: NonNullable<HtmlMiddleware["after"]> = (request) => {
    const out = htmlState(request).setCookies;
    const response = request.response;
    if (out.length === 0 || typeof response !== "object" || response === null) return;
    response.cookies = [...out, ...(response.cookies ?? [])];
  };
  return {
    // The first of the kit's middlewares: every request starts from fresh state, even if a runner
    // hands the same context object to two invocations.
    before: function cookiesBefore(request) {
      (request.context as HtmlContext).html = freshHtmlState(readCookies(request.event.cookies));
    },
    after: send,
    onError: send,
  };
}
