import type { Case } from "#core/case/case.js";
import { parseReference } from "#core/case/reference.js";
import { NotFoundError } from "#core/errors.js";
import { type Format, open311Response } from "./format.js";
import type { Open311Deps, Open311Request } from "./open311-types.js";
import { publicRequest } from "./public-request.js";

/**
 * jurisdiction_id is optional here (one district per deployment); if given it must be one of ours:
 * the ONS code or a council domain, in any case, a domain also with the trailing dot of a full name.
 */
export function checkJurisdiction(value: string | undefined, deps: Open311Deps): void {
  if (value === undefined || value === "") return;
  const given = value.trim().toLowerCase();
  const ours = (id: string) => given === id || (id.includes(".") && given === `${id}.`);
  if (deps.jurisdictions.some((id) => ours(id.toLowerCase()))) return;
  throw new NotFoundError(`jurisdiction_id not found; this endpoint serves ${accepted(deps)}`);
}

/** The accepted jurisdiction_id values, for people: "E07999999 or exampleshire-vale.example.org". */
export const accepted = (deps: Pick<Open311Deps, "jurisdictions">) => deps.jurisdictions.join(" or ");

/** GET requests/{id}: one request's public fields. */
export async function requestById({ params, format, deps, query }: Open311Request) {
  checkJurisdiction(query.jurisdiction_id, deps);
  const id = params.id ?? "";
  const reference = parseReference(safeDecode(id));
  const found = reference ? await deps.caseStore.get(reference) : undefined;
  if (!found) throw new NotFoundError(`service_request_id ${id} not found`);
  return requestsResponse(format, [found], deps);
}

export function requestsResponse(format: Format, cases: Case[], deps: Open311Deps) {
  return open311Response(
    200,
    format,
    "service_requests",
    cases.map((c) => publicRequest(c, deps.services, deps.councilName, deps.bodies)),
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
