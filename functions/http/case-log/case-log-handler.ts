import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { councilNames } from "#core/councils/council-names.js";
import { ForbiddenError } from "#core/errors.js";
import { csrf } from "../middleware/csrf.js";
import { formBody } from "../middleware/form-body.js";
import { htmlState } from "../middleware/html-state.js";
import { pageKit } from "../middleware/page-kit.js";
import type { CaseLogAppDeps, CaseLogContext } from "./case-log-types.js";
import { staffPaths } from "./paths.js";
import { signInContext } from "./sign-in-context.js";
import { scopedIdentity, staffCouncil } from "./staff-council.js";
import {
  isSignedIn,
  signedInIdentity,
  signedInStaff,
  staffCsrfCookie,
  staffSession,
} from "./staff-session.js";

/**
 * The staff case log under /staff: server-rendered pages for signed-in staff, with a double-submit
 * CSRF token on every form and the resident form's strict headers.
 */
export function createCaseLogHandler(deps: CaseLogAppDeps) {
  const kit = pageKit({
    ...deps,
    errorViews: { notFound: "message.njk", staleForm: "message.njk", problem: "message.njk" },
    common: (request) => ({
      councilName: councilNameOf(deps, signedInIdentity(request)),
      links: staffPaths,
      signedIn: isSignedIn(request),
    }),
  });
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(kit.middlewares)
    .use([
      signedInStaff(deps),
      formBody(),
      csrf({
        expected: (request) => staffCsrfCookie(request, deps.cookieSecure),
        https: deps.cookieSecure,
      }),
    ])
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
      const signedIn = found.route.access === "signed-in" ? identity : undefined;
      const result = await found.route.handler({
        ...(await scoped(deps, request, signedIn)),
        // The public routes (sign-in steps, sign-out) act on the person alone, never on cases.
        ...(identity && !signedIn ? { identity } : {}),
      });
      return kit.respond(result, { context });
    });
}

/**
 * What a route sees: for a signed-in person, their council (docs/adr/0012-many-councils.md) and its
 * geography, with their identity scoped to it; every page then lists, counts and finds only that
 * council's cases. Someone whose token names no council served sees nothing at all. Public
 * pages (sign-in, sign-out) name no area, so only a signed-in route reads a geography.
 */
async function scoped(
  deps: CaseLogAppDeps,
  request: CaseLogContext["request"],
  identity: CaseLogContext["identity"],
): Promise<CaseLogContext> {
  if (!identity) {
    return { deps: { ...deps, council: deps.councils.first, areas: [], bodies: new Map() }, request };
  }
  const council = staffCouncil(identity, deps.councils);
  if (!council) {
    throw new ForbiddenError(
      "Your account is not set up for a council this case log serves. Ask your administrator to set it up.",
    );
  }
  const geography = await deps.geography(council);
  return {
    deps: { ...deps, ...geography, council, councilName: council.name },
    request,
    identity: scopedIdentity(identity, council, geography.areas),
  };
}

/**
 * The council named in the layout: the signed-in person's; before sign-in the only council's, or
 * on a many-council deployment every council's ("A, B and C"), since the page cannot yet know whose.
 */
function councilNameOf(deps: CaseLogAppDeps, identity: CaseLogContext["identity"]): string {
  const council = identity && staffCouncil(identity, deps.councils);
  if (council) return council.name;
  return deps.councils.all.length <= 1 ? deps.councilName : councilNames(deps.councils.all);
}
