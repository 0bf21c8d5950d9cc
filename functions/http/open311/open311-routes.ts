import { NotFoundError } from "#core/errors.js";
import { createRouter, type Method } from "../router.js";
import { discovery, OPEN311_PREFIX } from "./discovery.js";
import { open311Response } from "./format.js";
import { councilForJurisdiction } from "./jurisdiction.js";
import type { Open311Request, Open311Resource } from "./open311-types.js";
import { postRequestUpdate } from "./post-request-update.js";
import { postRequest } from "./post-request.js";
import { requestById } from "./requests-resource.js";
import { searchRequests } from "./search-requests.js";
import { serviceDefinition, serviceList } from "./service-catalogue.js";
import { serviceRequestUpdates } from "./service-request-updates.js";

export { OPEN311_PREFIX };

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
      councilForJurisdiction(query.jurisdiction_id, deps.councils);
      return open311Response(200, format, "services", serviceList(deps.services));
    }),
    resource("GET", "services/{code}", serviceResource),
    resource("GET", "requests", searchRequests),
    resource("POST", "requests", postRequest),
    resource("GET", "requests/{id}", requestById),
    resource("GET", "servicerequestupdates", serviceRequestUpdates),
    resource("POST", "servicerequestupdates", postRequestUpdate),
  ],
  {
    format: { pattern: "json|xml", example: "json" },
    code: { pattern: "[^/]+?", example: "speeding" },
    id: { pattern: "[^/]+?", example: "SPD-2222-2222" },
  },
);

function serviceResource({ deps, format, params, query }: Open311Request) {
  const council = councilForJurisdiction(query.jurisdiction_id, deps.councils);
  const service = deps.services.get(params.code ?? "");
  if (!service) throw new NotFoundError(`service_code ${params.code} not found`);
  return open311Response(200, format, "service_definition", serviceDefinition(service, council.name));
}
