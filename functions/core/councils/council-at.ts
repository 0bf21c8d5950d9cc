import type { AreaLocator } from "../areas/area-chain.js";
import type { ReportInput } from "../input/report-input.js";
import type { PostcodeLookup } from "../ports/postcode-lookup.js";
import type { Council } from "./council.js";
import type { Councils } from "./councils.js";

/** The council whose area a report's location is in; undefined for none served or an unknown postcode. */
export type CouncilAt = (location: ReportInput["location"]) => Promise<Council | undefined>;

/**
 * Finds it from the intake's boundaries, so a channel can check what that council takes (its
 * services, an Open311 key's area) before the report is made. Where it is undefined, the intake
 * answers as it does for any such report.
 */
export function councilAtFrom(councils: Councils, areas: AreaLocator, postcodes: PostcodeLookup): CouncilAt {
  return async (location) => {
    const point = "lat" in location ? location : await postcodes.lookup(location.postcode);
    if (!point) return undefined;
    const local = areas.locate(point).local;
    return local ? councils.byArea(local.code) : undefined;
  };
}
