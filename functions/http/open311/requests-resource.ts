import type { Case } from "#core/case/case.js";
import { parseReference } from "#core/case/reference.js";
import type { Council } from "#core/councils/council.js";
import { NotFoundError } from "#core/errors.js";
import { type Format, open311Response } from "./format.js";
import { councilForJurisdiction } from "./jurisdiction.js";
import type { Open311Deps, Open311Request } from "./open311-types.js";
import { publicRequest } from "./public-request.js";

/** Whether a case is this council's (a case without `council` is the first council's). */
export const isCouncils = (council: Council, deps: Pick<Open311Deps, "councils">) => (report: Case) =>
  (report.council ?? deps.councils.first.id) === council.id;

/** GET requests/{id}: one request's public fields; another council's request is not found. */
export async function requestById({ params, format, deps, query }: Open311Request) {
  const council = councilForJurisdiction(query.jurisdiction_id, deps.councils);
  const id = params.id ?? "";
  const reference = parseReference(safeDecode(id));
  const found = reference ? await deps.caseStore.get(reference) : undefined;
  if (!found || !isCouncils(council, deps)(found))
    throw new NotFoundError(`service_request_id ${id} not found`);
  return requestsResponse(format, [found], deps, council);
}

/** The council's cases as GeoReport requests (any other council's case is left out). */
export function requestsResponse(format: Format, cases: Case[], deps: Open311Deps, council: Council) {
  return open311Response(
    200,
    format,
    "service_requests",
    cases
      .filter(isCouncils(council, deps))
      .map((c) => publicRequest(c, deps.services, council.name, deps.bodies)),
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
