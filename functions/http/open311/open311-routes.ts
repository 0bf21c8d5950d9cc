import type { Council } from "#core/councils/council.js";
import { offers } from "#core/councils/offers.js";
import { NotFoundError } from "#core/errors.js";
import { createRouter, type Method } from "../router.js";
import { discovery, OPEN311_PREFIX } from "./discovery.js";
import { open311Response } from "./format.js";
import { councilForJurisdiction, councilForKey } from "./jurisdiction.js";
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
    resource("GET", "services", (request) =>
      open311Response(
        200,
        request.format,
        "services",
        serviceList(request.deps.services, catalogueCouncil(request)),
      ),
    ),
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

/**
 * Whose services a client is shown: its key's council when it sends a key of ours (a client
 * reports for that council alone), else the council jurisdiction_id names (or the only one).
 */
function catalogueCouncil({ deps, query, keyCouncil }: Open311Request): Council {
  const owner = query.api_key ? keyCouncil(query.api_key) : undefined;
  return owner
    ? councilForKey(owner, query.api_key, query.jurisdiction_id, deps.councils)
    : councilForJurisdiction(query.jurisdiction_id, deps.councils);
}

function serviceResource(request: Open311Request) {
  const { deps, format, params } = request;
  const council = catalogueCouncil(request);
  const service = deps.services.get(params.code ?? "");
  if (!service) throw new NotFoundError(`service_code ${params.code} not found`);
  if (!offers(council, service.id)) {
    throw new NotFoundError(`service_code ${service.id} not found: ${council.name} does not offer it`);
  }
  return open311Response(200, format, "service_definition", serviceDefinition(service, council.name));
}
