import type { Council } from "#core/councils/council.js";
import type { Councils } from "#core/councils/councils.js";
import { ForbiddenError, NotFoundError, ValidationError } from "#core/errors.js";

/**
 * Which council a request is for (docs/adr/0012-many-councils.md). Each council's jurisdiction_id
 * values are its area's ONS code and its domains, in any case, a domain also with the trailing dot
 * of a full name. GeoReport v2 makes jurisdiction_id required where an endpoint serves several
 * jurisdictions, so a request without one is for the only council, or refused on a many-council
 * deployment.
 */

/** A council's jurisdiction_id values: its ONS code first, then its domains. */
export const jurisdictionsOf = (council: Council): string[] => [
  council.area.code,
  ...council.open311.jurisdictions,
];

/** Every council's values, for people: "E07999999 or exampleshire-vale.example.org; E07999998 …". */
export const accepted = (councils: Pick<Councils, "all">): string =>
  councils.all.map((c) => jurisdictionsOf(c).join(" or ")).join("; ");

/** The council a jurisdiction_id names, undefined if none. */
function named(value: string, councils: Pick<Councils, "all">): Council | undefined {
  const given = value.trim().toLowerCase();
  const ours = (id: string) => given === id || (id.includes(".") && given === `${id}.`);
  return councils.all.find((c) => jurisdictionsOf(c).some((id) => ours(id.toLowerCase())));
}

/** The council a keyless request is for: the one jurisdiction_id names, or the only one served. */
export function councilForJurisdiction(value: string | undefined, councils: Pick<Councils, "all">): Council {
  if (value === undefined || value === "") {
    const [only, ...others] = councils.all;
    if (only && others.length === 0) return only;
    throw new ValidationError([
      {
        field: "jurisdiction_id",
        message: `is required, as this endpoint serves several jurisdictions: ${accepted(councils)}`,
      },
    ]);
  }
  const council = named(value, councils);
  if (!council)
    throw new NotFoundError(`jurisdiction_id not found; this endpoint serves ${accepted(councils)}`);
  return council;
}

/**
 * The council a keyed request is for: the key's own. A jurisdiction_id, if sent, must be that
 * council's (one we serve but another council's is a 400 naming the key's values); without one,
 * the key says which council it is.
 */
export function councilForKey(
  keyCouncil: Council | undefined,
  key: string | undefined,
  jurisdiction: string | undefined,
  councils: Pick<Councils, "all">,
): Council {
  if (!keyCouncil) throw new ForbiddenError(key ? "api_key is not valid" : "api_key is required");
  if (jurisdiction === undefined || jurisdiction === "") return keyCouncil;
  const council = named(jurisdiction, councils);
  if (!council)
    throw new NotFoundError(`jurisdiction_id not found; this endpoint serves ${accepted(councils)}`);
  if (council.id !== keyCouncil.id) throw notThisKeys("jurisdiction_id", keyCouncil);
  return keyCouncil;
}

/** A 400 for a request outside the key's council: the field at fault and what the key may use. */
export function notThisKeys(field: string, keyCouncil: Council): ValidationError {
  return new ValidationError([
    {
      field,
      message: `this api_key is ${keyCouncil.name}'s: send reports in its area, with jurisdiction_id ${jurisdictionsOf(keyCouncil).join(" or ")}`,
    },
  ]);
}
