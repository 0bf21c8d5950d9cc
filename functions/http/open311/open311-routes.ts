import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { NotFoundError } from "#core/errors.js";
import { createRouter, type Method } from "../router.js";
import { open311Response } from "./format.js";
import type { Open311Deps, Open311Request, Open311Resource } from "./open311-types.js";
import { checkJurisdiction, postRequest, requestById, searchRequests } from "./requests-resource.js";
import { serviceDefinition, serviceList } from "./service-catalogue.js";

export const OPEN311_PREFIX = "/open311/v2/";
/** When this endpoint's discovery document last changed. */
const CHANGESET = "2026-01-01T00:00:00Z";

const resource = (method: Method, path: string, handler: Open311Resource) => ({
  method,
  path: `${OPEN311_PREFIX}${path}.{format}`,
  handler,
});

/** GeoReport v2's resources; each answers in JSON or XML by its extension. */
export const open311Router = createRouter(
  [
    resource("GET", "discovery", ({ event, deps, format }) =>
      open311Response(200, format, "discovery", discovery(event, deps)),
    ),
    resource("GET", "services", ({ deps, format, query }) => {
      checkJurisdiction(query.jurisdiction_id, deps);
      return open311Response(200, format, "services", serviceList(deps.services));
    }),
    resource("GET", "services/{code}", serviceResource),
    resource("GET", "requests", searchRequests),
    resource("POST", "requests", postRequest),
    resource("GET", "requests/{id}", requestById),
  ],
  {
    format: { pattern: "json|xml", example: "json" },
    code: { pattern: "[^/]+?", example: "speeding" },
    id: { pattern: "[^/]+?", example: "SPD-2222-2222" },
  },
);

function serviceResource({ deps, format, params, query }: Open311Request) {
  checkJurisdiction(query.jurisdiction_id, deps);
  const service = deps.services.get(params.code ?? "");
  if (!service) throw new NotFoundError(`service_code ${params.code} not found`);
  return open311Response(200, format, "service_definition", serviceDefinition(service));
}

function discovery(event: APIGatewayProxyEventV2, deps: Open311Deps) {
  const host = event.headers?.host ?? event.requestContext.domainName;
  const forwarded = event.headers?.["x-forwarded-proto"];
  const protocol = forwarded ?? (/^(127\.|localhost\b|\[::1\])/.test(host) ? "http" : "https");
  return {
    changeset: CHANGESET,
    contact: `${deps.councilName}: ${deps.contactEmail}`,
    key_service: `Ask ${deps.councilName} for an API key: ${deps.contactEmail}`,
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: `${protocol}://${host}${OPEN311_PREFIX.slice(0, -1)}`,
        changeset: CHANGESET,
        type: "production",
        formats: ["application/json", "text/xml"],
      },
    ],
  };
}
