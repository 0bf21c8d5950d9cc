import middy from "@middy/core";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from "aws-lambda";
import { describe, expect, it } from "vitest";
import { ForbiddenError, NotFoundError, ValidationError } from "#core/errors.js";
import { cookies, setCookie } from "../../../functions/http/middleware/cookies.js";
import { csrf, fromThisSite } from "../../../functions/http/middleware/csrf.js";
import { formBody, MAX_FORM_BYTES } from "../../../functions/http/middleware/form-body.js";
import { htmlErrorFor, htmlErrorPage } from "../../../functions/http/middleware/html-error-page.js";
import { htmlState } from "../../../functions/http/middleware/html-state.js";
import { securityHeaders } from "../../../functions/http/middleware/security-headers.js";
import { toResponse } from "../../../functions/http/page-result.js";
import { context, fixedIds, pageEvent } from "./helpers.js";

const views = { notFound: "404", staleForm: "stale", problem: "problem" };
const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** The kit as the form and case log use it, around a route that may throw or set a cookie. */
function kit(route: (form: Record<string, string>) => APIGatewayProxyResultV2, expected = "token") {
  const respond = (result: Parameters<typeof toResponse>[0]) =>
    toResponse(result, (view, values) => `<h1>${view}: ${String(values.title)}</h1>`);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use([cookies(), securityHeaders(fixedIds)])
    .use(htmlErrorPage({ views, respond }))
    .use({ before: (request) => void htmlState(request).setCookies.push("seen=1") })
    .use([formBody(), csrf({ expected: () => expected, https: true })])
    .handler(async (_event, ctx) => route(htmlState({ context: ctx }).form));
}

const call = async (handler: ReturnType<typeof kit>, event: APIGatewayProxyEventV2) =>
  (await handler(event, context())) as APIGatewayProxyStructuredResultV2;

const ok = () => ({
  statusCode: 200,
  headers: { "content-type": "text/html; charset=utf-8" },
  body: "<p>ok</p>",
});

describe("page kit", () => {
  it("sends page headers with the request's nonce, and the cookies set on the way", async () => {
    const response = await call(kit(ok), pageEvent());
    expect(response.headers?.["content-security-policy"]).toContain("'nonce-bm9uY2U='");
    expect(response.headers?.["x-frame-options"]).toBe("DENY");
    expect(response.cookies).toEqual(["seen=1"]);
  });

  it("turns a thrown error into its page, still with headers and cookies", async () => {
    const response = await call(
      kit(() => {
        throw new NotFoundError("gone");
      }),
      pageEvent(),
    );
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe("<h1>404: Page not found</h1>");
    expect(response.headers?.["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response.cookies).toEqual(["seen=1"]);
  });

  it("hides the detail of an unexpected error behind a 500 page", async () => {
    const response = await call(
      kit(() => {
        throw new Error("secret internals");
      }),
      pageEvent(),
    );
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain("secret");
  });

  it("takes a POST with the right token from this site, and gives the route its fields", async () => {
    let seen: Record<string, string> = {};
    const handler = kit((form) => {
      seen = form;
      return ok();
    });
    const body = "_csrf=token&name=Ada&name=Eve&__proto__=x";
    const response = await call(
      handler,
      pageEvent({ method: "POST", headers: { ...FORM, origin: "https://signpost.example" }, body }),
    );
    expect(response.statusCode).toBe(200);
    // The first of a repeated field wins; __proto__ is an ordinary field.
    expect(Object.entries(seen)).toEqual([
      ["_csrf", "token"],
      ["name", "Ada"],
      ["__proto__", "x"],
    ]);
  });

  it.each([
    ["no token", "name=Ada", {}],
    ["a wrong token", "_csrf=tokem", {}],
    ["another site's Origin", "_csrf=token", { origin: "https://evil.example" }],
    ["this host's Origin over plain http", "_csrf=token", { origin: "http://signpost.example" }],
    ["this host's Origin on another port", "_csrf=token", { origin: "https://signpost.example:8443" }],
    ["an Origin of null", "_csrf=token", { origin: "null" }],
    ["a cross-site fetch", "_csrf=token", { "sec-fetch-site": "cross-site" }],
  ])("refuses a POST with %s as a stale form (403)", async (_, body, headers) => {
    const response = await call(
      kit(ok),
      pageEvent({ method: "POST", headers: { ...FORM, ...headers }, body }),
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toBe("<h1>stale: You need to start again</h1>");
  });

  it("refuses a token as long in characters but not in bytes as a stale form, not a crash", async () => {
    const body = `_csrf=${encodeURIComponent("tokén")}`;
    const response = await call(kit(ok), pageEvent({ method: "POST", headers: FORM, body }));
    expect(response.statusCode).toBe(403);
  });

  it("starts every request from fresh state, even on a reused context", async () => {
    const shared = context();
    const handler = kit(() => {
      throw new NotFoundError("gone");
    });
    await handler(pageEvent(), shared);
    const second = (await handler(pageEvent(), shared)) as APIGatewayProxyStructuredResultV2;
    expect(second.cookies).toEqual(["seen=1"]);
  });

  it("refuses every POST when there is no token to expect", async () => {
    const response = await call(kit(ok, ""), pageEvent({ method: "POST", headers: FORM, body: "_csrf=" }));
    expect(response.statusCode).toBe(403);
  });

  it("refuses a body that is not a form (415) or too large (413) before reading it", async () => {
    const json = await call(
      kit(ok),
      pageEvent({ method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
    );
    expect(json.statusCode).toBe(415);
    const big = await call(
      kit(ok),
      pageEvent({ method: "POST", headers: FORM, body: `_csrf=token&x=${"a".repeat(MAX_FORM_BYTES)}` }),
    );
    expect(big.statusCode).toBe(413);
  });

  it("leaves non-HTML responses' own headers alone but never lets them be sniffed", async () => {
    const response = await call(
      kit(() => ({ statusCode: 200, headers: { "content-type": "text/csv" }, body: "a,b" })),
      pageEvent(),
    );
    expect(response.headers).toEqual({ "content-type": "text/csv", "x-content-type-options": "nosniff" });
  });
});

describe("the HTML error mapper", () => {
  it("says what a clerk may not do, with a 403", () => {
    expect(htmlErrorFor(new ForbiddenError("Only council staff can re-route a case."), views)).toMatchObject({
      status: 403,
      context: { message: "Only council staff can re-route a case." },
    });
  });

  it("treats an error it does not know (even a ValidationError nobody caught) as a 500", () => {
    expect(htmlErrorFor(new ValidationError([]), views)).toMatchObject({ status: 500, view: "problem" });
  });
});

describe("fromThisSite", () => {
  const post = (headers: Record<string, string>) => pageEvent({ method: "POST", headers });

  it("allows requests whose browser says nothing, or says same-origin without an Origin", () => {
    expect(fromThisSite(pageEvent({ method: "POST" }), true)).toBe(true);
    expect(fromThisSite(post({ "sec-fetch-site": "same-origin" }), true)).toBe(true);
    expect(fromThisSite(post({ origin: "not a url" }), true)).toBe(false);
  });

  it("compares the whole origin, scheme and port included, with the site's", () => {
    expect(fromThisSite(post({ origin: "https://signpost.example" }), true)).toBe(true);
    // A default port written out is the same origin.
    expect(fromThisSite(post({ origin: "https://signpost.example:443" }), true)).toBe(true);
    expect(fromThisSite(post({ origin: "http://signpost.example" }), true)).toBe(false);
    expect(fromThisSite(post({ origin: "https://signpost.example:8443" }), true)).toBe(false);
    expect(fromThisSite(post({ origin: "null" }), true)).toBe(false);
  });

  it("expects http on a plain-http site (the local stack), with its port", () => {
    const local = (origin: string) => post({ host: "127.0.0.1:8080", origin });
    expect(fromThisSite(local("http://127.0.0.1:8080"), false)).toBe(true);
    expect(fromThisSite(local("https://127.0.0.1:8080"), false)).toBe(false);
    expect(fromThisSite(local("http://127.0.0.1:8081"), false)).toBe(false);
    expect(fromThisSite(local("http://127.0.0.1"), false)).toBe(false);
  });
});

describe("setCookie", () => {
  it("is always HttpOnly, Secure when asked, and clamps Max-Age at 0", () => {
    expect(setCookie("a", "b", { path: "/staff", maxAgeSeconds: -5, sameSite: "Strict", secure: true })).toBe(
      "a=b; Path=/staff; Max-Age=0; HttpOnly; SameSite=Strict; Secure",
    );
    expect(setCookie("a", "b", { path: "/", sameSite: "Lax", secure: false })).toBe(
      "a=b; Path=/; HttpOnly; SameSite=Lax",
    );
  });
});
