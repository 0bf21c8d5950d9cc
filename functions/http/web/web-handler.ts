import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { logger } from "../logger.js";
import { cookies } from "../middleware/cookies.js";
import { csrf } from "../middleware/csrf.js";
import { formBody } from "../middleware/form-body.js";
import { htmlErrorPage } from "../middleware/html-error-page.js";
import { htmlState } from "../middleware/html-state.js";
import { securityHeaders } from "../middleware/security-headers.js";
import { type PageResult, toResponse } from "../page-result.js";
import { formSession, loadedSession, sessionCsrfToken } from "./form-session.js";
import { CHANGE_PARAM, paths } from "./paths.js";
import { routePage } from "./routes.js";
import { staticAssets } from "./static-assets.js";
import type { WebDeps } from "./web-types.js";

export { SESSION_COOKIE } from "./form-session.js";

/**
 * The resident form as one Lambda behind `GET /`, `GET /{proxy+}` and `POST /{proxy+}`: server-
 * rendered GOV.UK pages, answers kept server-side, CSRF token on every POST, strict headers.
 */
export function createWebHandler(deps: WebDeps) {
  const respond = (result: PageResult, request: { context: Context }) => {
    const { nonce, csrfToken } = htmlState(request);
    const common = { cspNonce: nonce, councilName: deps.councilName, links: paths, csrfToken };
    return toResponse(result, (view, values) => deps.render(view, { ...common, ...values }));
  };
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use([cookies(), securityHeaders(deps.ids)])
    .use(
      htmlErrorPage({
        views: { notFound: "not-found.njk", staleForm: "session-expired.njk", problem: "error.njk" },
        respond,
      }),
    )
    .use([staticAssets(deps.assets), formSession(deps), formBody()])
    .use(csrf({ expected: sessionCsrfToken }))
    .handler(async (event, context) => {
      const query = new URLSearchParams(event.rawQueryString ?? "");
      const { method } = event.requestContext.http;
      const request = { method, path: event.rawPath, query, form: htmlState({ context }).form };
      const change = query.get(CHANGE_PARAM) === "1";
      return respond(await routePage(deps, request, loadedSession({ context }).session, change), { context });
    });
}
