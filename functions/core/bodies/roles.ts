/**
 * What a routing rule asks for: a role, resolved from where the report is, or one named body.
 * - `parish`: the parish or town council (or meeting) of the parish the point is in;
 * - `district`: the council running the service there: the district in a two-tier area, the
 *   unitary authority in a unitary one (the council whose case log holds the case);
 * - `highway-authority`: the county council in a two-tier area (roads, speed limits, signs);
 * - `police`: enforcement: the police or the road safety partnership covering the point.
 */
export const ROLES = ["parish", "district", "highway-authority", "police"] as const;
export type Role = (typeof ROLES)[number];

/** A rule's `route`: a role, or one body by its id (`body:national-highways`). */
export type RouteTarget = Role | `body:${string}`;

export const BODY_ROUTE_PREFIX = "body:";

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Where a role falls back when no body holds it for the area, in order (the bodies file may declare
 * its own): a parish's work goes to the district (or unitary) in an unparished area; a unitary is
 * its own highway authority; with no partnership or police body listed, the council takes it to
 * pass on. `district` never falls back: every served area has its council.
 */
export const DEFAULT_ROLE_FALLBACKS: Readonly<Record<Role, readonly Role[]>> = {
  parish: ["district"],
  "highway-authority": ["district"],
  police: ["district"],
  district: [],
};
