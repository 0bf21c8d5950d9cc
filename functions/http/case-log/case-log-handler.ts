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
import type { CaseLogDeps } from "./case-log-types.js";
import { staffPaths } from "./paths.js";
import { signInContext } from "./sign-in-context.js";
import { isSignedIn, signedInStaff, staffCsrfCookie, staffSession } from "./staff-session.js";

/**
 * The staff case log under /staff: server-rendered pages for signed-in staff, with a double-submit
 * CSRF token on every form and the resident form's strict headers.
 */
export function createCaseLogHandler(deps: CaseLogDeps) {
  const respond = (result: PageResult, request: { context: Context }) => {
    const { nonce, csrfToken } = htmlState(request);
    const signedIn = isSignedIn(request);
    const common = { cspNonce: nonce, councilName: deps.councilName, links: staffPaths, csrfToken, signedIn };
    return toResponse(result, (view, values) => deps.render(view, { ...common, ...values }));
  };
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use([cookies(), securityHeaders(deps.ids)])
    .use(
      htmlErrorPage({
        views: { notFound: "message.njk", staleForm: "message.njk", problem: "message.njk" },
        respond,
      }),
    )
    .use([signedInStaff(deps), formBody(), csrf({ expected: staffCsrfCookie })])
    .handler(async (event, context) => {
      const { found, identity } = staffSession({ context });
      const { method } = event.requestContext.http;
      const query = new URLSearchParams(event.rawQueryString ?? "");
      const { form, cookies: jar } = htmlState({ context });
      const request = {
        method,
        path: event.rawPath,
        query,
        form,
        param: found.params.reference ?? "",
        cookies: jar,
        signInContext: signInContext(event),
      };
      return respond(await found.route.handler({ deps, request, ...(identity ? { identity } : {}) }), {
        context,
      });
    });
}
