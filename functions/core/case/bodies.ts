import type { BodyKind } from "../bodies/body.js";
import type { Destination } from "./case.js";

export type { BodyKind } from "../bodies/body.js";

/**
 * The body that answers for an area or a destination, named as it names itself: a parish may be
 * served by a parish council, a town council, a community council (Wales) or a parish meeting (a
 * small parish with no council), so "Ashcombe parish council" is never made up from an area name
 * where data says more. A routing body (county highways, a road safety partnership) is one too.
 */
export interface Body {
  /** The destination code: an area's ONS code (a parish's E04…/W04…, a district's), or a body's id. */
  area: string;
  /** As the body writes it: "Little Wendle Parish Meeting". */
  name: string;
  kind: BodyKind;
}

/** The bodies of a geodata folder (its optional `bodies.json`), by destination code. */
export type Bodies = ReadonlyMap<string, Body>;

/** What each kind is, in running text ("the parish meeting"). */
export const BODY_KIND_WORDS: Record<BodyKind, string> = {
  "parish-council": "parish council",
  "town-council": "town council",
  "community-council": "community council",
  "parish-meeting": "parish meeting",
  "district-council": "district council",
  "unitary-council": "council",
  "county-council": "county council",
  police: "police force",
  "road-safety-partnership": "road safety partnership",
  "national-highways": "trunk road authority",
  other: "body",
};

/**
 * The body for a destination or area: from the data when it lists it; else a parish's council in
 * title case ("Ashcombe Parish Council", the usual form), for the district or unitary the council's
 * own name (a unitary is a "council", never a "district council"), and for a routing body the name
 * the case holds.
 */
export function bodyFor(
  area: Pick<Destination, "kind" | "code" | "name">,
  bodies: Bodies,
  districtCouncilName: string,
  councilKind: "district" | "unitary" = "district",
): Body {
  const known = bodies.get(area.code);
  if (known) return known;
  if (area.kind === "district") {
    const kind = councilKind === "unitary" ? "unitary-council" : "district-council";
    return { area: area.code, name: districtCouncilName, kind };
  }
  if (area.kind === "body") return { area: area.code, name: area.name, kind: "other" };
  return { area: area.code, name: `${area.name} Parish Council`, kind: "parish-council" };
}
