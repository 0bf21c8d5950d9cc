import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { logger } from "../logger.js";
import { readCookies, sessionCookie } from "./cookies.js";
import { readFormBody } from "./form-body.js";
import type { FormSession } from "./journey-state.js";
import { CHANGE_PARAM, paths } from "./paths.js";
import { routePage } from "./router.js";
import { newNonce, pageHeaders } from "./security-headers.js";
import { serveAsset } from "./static-assets.js";
import type { PageResult, WebDeps } from "./web-types.js";

export const SESSION_COOKIE = "signpost_session";
const SESSION_SECONDS = 4 * 60 * 60;

/**
 * The resident form as one Lambda behind `GET /`, `GET /{proxy+}` and `POST /{proxy+}`: server-
 * rendered GOV.UK pages, answers kept server-side, CSRF token on every POST, strict headers.
 */
export function createWebHandler(deps: WebDeps) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const method = event.requestContext.http.method;
      const path = event.rawPath;
      const nonce = newNonce();
      let csrfToken = "";
      const render = (result: PageResult & { kind: "page" }) => ({
        statusCode: result.status ?? 200,
        headers: pageHeaders(nonce),
        body: deps.render(result.view, { ...common(deps, nonce), csrfToken, ...result.context }),
      });

      try {
        if (path.startsWith("/assets/") && method === "GET") {
          return (await serveAsset(path, deps.assets)) ?? render(notFound());
        }
        const cookieId = readCookies(event.cookies).get(SESSION_COOKIE);
        const stored =
          cookieId && /^[a-f0-9]{64}$/.test(cookieId) ? await deps.sessions.get(cookieId) : undefined;
        const sessionId = stored && cookieId ? cookieId : randomBytes(32).toString("hex");
        const session: FormSession = stored ?? { csrfToken: randomUUID(), journeys: {} };
        const before = JSON.stringify(session);
        csrfToken = session.csrfToken;

        let form: Record<string, string> = {};
        if (method === "POST") {
          const body = readFormBody(event);
          if (!body.ok)
            return render({
              kind: "page",
              view: "error.njk",
              context: {
                title: "Sorry, there is a problem with the service",
                message:
                  body.status === 413
                    ? "What you entered is too long to send. Go back and shorten it."
                    : "The form was not sent in a way we understand. Go back and try again.",
              },
              status: body.status,
            });
          // No stored session, or a token that is not this session's: the page is stale or forged.
          if (!stored || !sameToken(body.fields._csrf, session.csrfToken)) {
            return render({
              kind: "page",
              view: "session-expired.njk",
              context: { title: "You need to start again" },
              status: 403,
            });
          }
          form = body.fields;
        }

        const query = new URLSearchParams(event.rawQueryString ?? "");
        const result = await routePage(
          deps,
          { method, path, query, form },
          session,
          query.get(CHANGE_PARAM) === "1",
        );
        const response =
          result.kind === "redirect"
            ? {
                statusCode: 303,
                headers: { location: result.location, "cache-control": "no-store" },
                body: "",
              }
            : render(result);
        if (JSON.stringify(session) !== before) {
          await deps.sessions.put(sessionId, session, Math.floor(Date.now() / 1000) + SESSION_SECONDS);
        }
        if (!stored || JSON.stringify(session) !== before) {
          return {
            ...response,
            cookies: [
              sessionCookie(SESSION_COOKIE, sessionId, {
                maxAgeSeconds: SESSION_SECONDS,
                secure: deps.cookieSecure,
              }),
            ],
          };
        }
        return response;
      } catch (error) {
        logger.error("Web page failed", { path, error: error as Error });
        return render({
          kind: "page",
          view: "error.njk",
          context: { title: "Sorry, there is a problem with the service" },
          status: 500,
        });
      }
    });
}

function common(deps: WebDeps, nonce: string) {
  return {
    cspNonce: nonce,
    councilName: deps.councilName,
    links: paths,
  };
}

function notFound(): PageResult & { kind: "page" } {
  return { kind: "page", view: "not-found.njk", context: { title: "Page not found" }, status: 404 };
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
