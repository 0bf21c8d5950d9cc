import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { clientOf } from "../client-identity.js";
import { csrf } from "../middleware/csrf.js";
import { formBody } from "../middleware/form-body.js";
import { type HtmlRequest, htmlState } from "../middleware/html-state.js";
import { pageKit } from "../middleware/page-kit.js";
import { hostName, requestHost } from "../viewer-host.js";
import { formSession, loadedSession, sessionCsrfToken } from "./form-session.js";
import { SHARED_SITE_NAME, siteCouncil } from "./page-council.js";
import {
  clerkResponseCsrfCookie,
  clerkResponseCsrfToken,
  clerkResponseHeaders,
  isClerkResponse,
} from "./pages/clerk-response-guard.js";
import { CHANGE_PARAM, paths } from "./paths.js";
import { routePage } from "./routes.js";
import { staticAssets } from "./static-assets.js";
import type { WebAppDeps } from "./web-types.js";

/**
 * The resident form as one Lambda behind `GET /`, `GET /{proxy+}` and `POST /{proxy+}`: server-
 * rendered GOV.UK pages, answers kept server-side, CSRF token on every POST, strict headers.
 */
export function createWebHandler(deps: WebAppDeps) {
  const kit = pageKit({
    ...deps,
    errorViews: {
      notFound: "not-found.njk",
      staleForm: "session-expired.njk",
      problem: "error.njk",
      tooManyRequests: "too-many-reports.njk",
      alreadySent: "already-sent.njk",
    },
    // The header names the council the site is served for; a page that knows better says so itself.
    common: (request) => ({
      councilName: siteCouncil(deps, htmlState(request).host)?.name ?? SHARED_SITE_NAME,
      links: paths,
    }),
  });
  // A clerk's link page (/respond/<token>) gets its own headers after the kit's, and its POST
  // carries a double-submit cookie's token, so its GET stores no session (see the guard).
  const clerkHeaders = clerkResponseHeaders();
  const clerkCsrf = clerkResponseCsrfCookie(deps);
  const expected = (request: HtmlRequest) =>
    isClerkResponse(request) ? clerkResponseCsrfToken(request) : sessionCsrfToken(request);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(clerkHeaders)
    .use(kit.middlewares)
    .use([
      staticAssets(deps.assets),
      formSession(deps),
      formBody(),
      clerkCsrf,
      csrf({ expected, https: deps.cookieSecure }),
    ])
    .handler(async (event, context) => {
      const query = new URLSearchParams(event.rawQueryString ?? "");
      // The viewer's host, which tells councils' own sites apart, also behind CloudFront.
      const host = hostName(requestHost(event, deps.clientKeys));
      if (host) htmlState({ context }).host = host;
      const { method } = event.requestContext.http;
      const request = {
        method,
        path: event.rawPath,
        query,
        form: htmlState({ context }).form,
        client: clientOf(event, undefined, deps.clientKeys),
        ...(host ? { host } : {}),
      };
      const change = query.get(CHANGE_PARAM) === "1";
      return kit.respond(await routePage(deps, request, loadedSession({ context }).session, change), {
        context,
      });
    });
}
