import type { Destination } from "./case.js";

/**
 * The body that answers for an area, named as it names itself: a parish may be served by a parish
 * council, a town council, a community council (Wales) or a parish meeting (a small parish with no
 * council), so "Ashcombe parish council" is never made up from an area name where data says more.
 */
export type BodyKind =
  "parish-council" | "town-council" | "community-council" | "parish-meeting" | "district-council";

export interface Body {
  /** The area's ONS code (a parish's E04…/W04…, or the district's). */
  area: string;
  /** As the body writes it: "Little Wendle Parish Meeting". */
  name: string;
  kind: BodyKind;
}

/** The bodies of a geodata folder (its optional `bodies.json`), by area code. */
export type Bodies = ReadonlyMap<string, Body>;

/** What each kind is, in running text ("the parish meeting"). */
export const BODY_KIND_WORDS: Record<BodyKind, string> = {
  "parish-council": "parish council",
  "town-council": "town council",
  "community-council": "community council",
  "parish-meeting": "parish meeting",
  "district-council": "district council",
};

/**
 * The body for a destination or area: from the data when it lists the area; else a parish's
 * council in title case ("Ashcombe Parish Council", the usual form) and, for the district, the
 * council name configured for the deployment.
 */
export function bodyFor(
  area: Pick<Destination, "kind" | "code" | "name">,
  bodies: Bodies,
  districtCouncilName: string,
): Body {
  const known = bodies.get(area.code);
  if (known) return known;
  if (area.kind === "district")
    return { area: area.code, name: districtCouncilName, kind: "district-council" };
  return { area: area.code, name: `${area.name} Parish Council`, kind: "parish-council" };
}
