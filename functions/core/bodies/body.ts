import type { AreaType } from "../areas/area-chain.js";
import type { Role } from "./roles.js";

/**
 * What a body is, in its own words: a parish may be served by a parish council, a town council, a
 * community council (Wales) or a parish meeting; a county council is usually the highway authority.
 */
export type BodyKind =
  | "parish-council"
  | "town-council"
  | "community-council"
  | "parish-meeting"
  | "district-council"
  | "unitary-council"
  | "county-council"
  | "police"
  | "road-safety-partnership"
  | "national-highways"
  /** Any other body a deployment sends reports to. */
  | "other";

/**
 * How a body is reached: an address from the bodies file, the clerk directory (Modern.Gov, for
 * parishes), or the council's own team mailbox (the council running the service there).
 */
export type BodyReach = { email: string } | { clerkDirectory: true } | { council: true };

/**
 * A body that can be sent reports (FixMyStreet's "body"): what it is, the roles it plays, and the
 * areas it covers (ONS codes of any area type; a body covering a county covers every point in it).
 */
export interface RoutingBody {
  /** Stable id, lower-case words joined by hyphens: `exampleshire-county-highways`. */
  id: string;
  /** As the body writes it: "Exampleshire County Council Highways". */
  name: string;
  kind: BodyKind;
  roles: readonly Role[];
  covers: readonly string[];
  reach: BodyReach;
  /** A public phone number for residents and clerks, if the body gives one. */
  phone?: string;
}

/** The area types a role's body is looked for in, most local first. */
export const ROLE_AREA_TYPES: Readonly<Record<Role, readonly AreaType[]>> = {
  parish: ["parish"],
  district: ["district", "unitary"],
  "highway-authority": ["county", "unitary", "district"],
  police: ["police", "county", "unitary", "district"],
};

/** The bodies of a deployment (its `bodies.json`), found by id or by role for a point's areas. */
export interface RoutingBodies {
  readonly all: readonly RoutingBody[];
  byId(id: string): RoutingBody | undefined;
}
