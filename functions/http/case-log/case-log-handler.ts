import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { csrf } from "../middleware/csrf.js";
import { formBody } from "../middleware/form-body.js";
import { htmlState } from "../middleware/html-state.js";
import { pageKit } from "../middleware/page-kit.js";
import type { CaseLogAppDeps } from "./case-log-types.js";
import { staffPaths } from "./paths.js";
import { signInContext } from "./sign-in-context.js";
import { isSignedIn, signedInStaff, staffCsrfCookie, staffSession } from "./staff-session.js";

/**
 * The staff case log under /staff: server-rendered pages for signed-in staff, with a double-submit
 * CSRF token on every form and the resident form's strict headers.
 */
export function createCaseLogHandler(deps: CaseLogAppDeps) {
  const kit = pageKit({
    ...deps,
    errorViews: { notFound: "message.njk", staleForm: "message.njk", problem: "message.njk" },
    common: (request) => ({
      councilName: deps.councilName,
      links: staffPaths,
      signedIn: isSignedIn(request),
    }),
  });
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(kit.middlewares)
    .use([signedInStaff(deps), formBody(), csrf({ expected: staffCsrfCookie })])
    .handler(async (event, context) => {
      const { found, identity } = staffSession({ context });
      const { form, cookies } = htmlState({ context });
      const request = {
        method: event.requestContext.http.method,
        path: event.rawPath,
        query: new URLSearchParams(event.rawQueryString ?? ""),
        form,
        param: found.params.reference ?? found.params.parish ?? "",
        cookies,
        signInContext: signInContext(event),
      };
      // Signed-out pages (sign-in) name no area, so only a signed-in request reads the geography.
      const geography = identity ? await deps.geography() : { areas: [], bodies: new Map() };
      const result = await found.route.handler({
        deps: { ...deps, ...geography },
        request,
        ...(identity ? { identity } : {}),
      });
      return kit.respond(result, { context });
    });
}
