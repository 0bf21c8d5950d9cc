import { randomBytes, timingSafeEqual } from "node:crypto";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { logger } from "../logger.js";
import { readCookies } from "../web/cookies.js";
import { readFormBody } from "../web/form-body.js";
import { newNonce, pageHeaders } from "../web/security-headers.js";
import { findCaseLogRoute } from "./case-log-routes.js";
import type { CaseLogDeps, CaseLogResult } from "./case-log-types.js";
import { notFound, returnPath, staffPaths } from "./paths.js";
import { clearStaffCookie, STAFF_CSRF_COOKIE, STAFF_SESSION_COOKIE, staffCookie } from "./staff-cookies.js";

const CSRF_SECONDS = 8 * 60 * 60;

/**
 * The staff case log under /staff: server-rendered pages for signed-in staff. The session cookie
 * holds the Cognito ID token, verified on every request; every form carries a double-submit CSRF
 * token; pages get the resident form's strict headers.
 */
export function createCaseLogHandler(deps: CaseLogDeps) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const method = event.requestContext.http.method;
      const path = event.rawPath;
      const nonce = newNonce();
      const cookies = readCookies(event.cookies);
      const existingCsrf = cookies.get(STAFF_CSRF_COOKIE);
      const csrfToken = existingCsrf && /^[a-f0-9]{64}$/.test(existingCsrf) ? existingCsrf : undefined;
      const newCsrf = csrfToken ?? randomBytes(32).toString("hex");
      const outCookies: string[] = csrfToken
        ? []
        : [staffCookie(STAFF_CSRF_COOKIE, newCsrf, CSRF_SECONDS, deps.cookieSecure)];

      const respond = (result: CaseLogResult, identity?: unknown): APIGatewayProxyResultV2 => {
        if (result.kind === "redirect") {
          return withCookies(
            {
              statusCode: 303,
              headers: { location: result.location, "cache-control": "no-store" },
              body: "",
            },
            [...outCookies, ...(result.cookies ?? [])],
          );
        }
        if (result.kind === "data") {
          return withCookies(
            {
              statusCode: result.status,
              headers: {
                "content-type": result.contentType,
                "cache-control": "no-store",
                "x-content-type-options": "nosniff",
                ...(result.filename
                  ? { "content-disposition": `attachment; filename="${result.filename}"` }
                  : {}),
              },
              body: result.body,
            },
            outCookies,
          );
        }
        const body = deps.render(result.view, {
          cspNonce: nonce,
          councilName: deps.councilName,
          links: staffPaths,
          csrfToken: newCsrf,
          signedIn: identity !== undefined,
          ...result.context,
        });
        return withCookies({ statusCode: result.status ?? 200, headers: pageHeaders(nonce), body }, [
          ...outCookies,
          ...(result.cookies ?? []),
        ]);
      };

      try {
        const found = findCaseLogRoute(method, path);
        const isPublic = found?.route.access === "public";
        const token = cookies.get(STAFF_SESSION_COOKIE);
        // A signed-out session's token still verifies until it expires: the sign-out record ends it.
        const verified = token ? await deps.verifier.verify(token) : undefined;
        const identity = verified && !(await deps.signedOut.has(verified.sessionId)) ? verified : undefined;
        if (!isPublic && !identity) {
          // A missing, expired, forged or wrongly-signed token: drop it and ask to sign in.
          if (token) outCookies.push(clearStaffCookie(STAFF_SESSION_COOKIE, deps.cookieSecure));
          if (found?.route.kind === "data") {
            return respond({
              kind: "data",
              status: 401,
              contentType: "application/json; charset=utf-8",
              body: '{"error":"sign-in required"}',
            });
          }
          // After signing in, back to the page asked for (a GET page only: a POST cannot be replayed).
          const back = method === "GET" ? returnPath(path, event.rawQueryString) : undefined;
          return respond({
            kind: "redirect",
            location: back ? `${staffPaths.signIn}?return=${encodeURIComponent(back)}` : staffPaths.signIn,
          });
        }
        if (!found) return respond(notFound(), identity);

        let form: Record<string, string> = {};
        if (method === "POST") {
          const body = readFormBody(event);
          if (!body.ok) {
            return respond(
              {
                kind: "page",
                view: "message.njk",
                context: { title: "The form could not be read" },
                status: body.status,
              },
              identity,
            );
          }
          // The CSRF token, and (as a second line, since a sibling subdomain could plant a cookie) the
          // browser's own word that the form came from this site.
          if (!csrfToken || !sameToken(body.fields._csrf, csrfToken) || !fromThisSite(event)) {
            return respond(
              {
                kind: "page",
                view: "message.njk",
                context: {
                  title: "The form has expired",
                  message: "Go back, reload the page and try again.",
                },
                status: 403,
              },
              identity,
            );
          }
          form = body.fields;
        }

        const result = await found.route.handler({
          deps,
          request: {
            method,
            path,
            query: new URLSearchParams(event.rawQueryString ?? ""),
            form,
            param: found.param,
            cookies,
            signInContext: {
              ipAddress: event.requestContext.http.sourceIp,
              serverName: event.requestContext.domainName,
              serverPath: path,
              headers: Object.fromEntries(
                ["user-agent", "accept-language", "x-forwarded-for"]
                  .filter((h) => event.headers?.[h] !== undefined)
                  .map((h) => [h, String(event.headers[h]).slice(0, 512)]),
              ),
            },
          },
          ...(identity ? { identity } : {}),
        });
        return respond(result, identity);
      } catch (error) {
        logger.error("Case log failed", { path, error: error as Error });
        return respond({
          kind: "page",
          view: "message.njk",
          context: { title: "Sorry, there is a problem with the service" },
          status: 500,
        });
      }
    });
}

function withCookies(response: APIGatewayProxyResultV2 & object, cookies: string[]): APIGatewayProxyResultV2 {
  return cookies.length ? { ...response, cookies } : response;
}

/** False when the browser says the request came from another site (headers absent: allowed). */
function fromThisSite(event: APIGatewayProxyEventV2): boolean {
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

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
