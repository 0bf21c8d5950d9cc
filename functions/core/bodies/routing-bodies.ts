import { type AreaChain, type ChainArea, chainAreas } from "../areas/area-chain.js";
import { ROLE_AREA_TYPES, type RoutingBodies, type RoutingBody } from "./body.js";
import type { Role } from "./roles.js";

/** The registry over a bodies file's routing bodies (ids are unique: the file's check makes sure). */
export function createRoutingBodies(list: readonly RoutingBody[]): RoutingBodies {
  const byId = new Map(list.map((body) => [body.id, body]));
  return { all: list, byId: (id) => byId.get(id) };
}

/** A body and the area of the chain it was found for. */
export interface BodyInArea {
  body: RoutingBody;
  area: ChainArea;
}

/**
 * The body holding `role` for a point: the first body with the role covering one of the chain's
 * areas, looking at the area types in ROLE_AREA_TYPES order (a county's highway authority before
 * anything listed for the district).
 */
export function bodyWithRole(bodies: RoutingBodies, role: Role, chain: AreaChain): BodyInArea | undefined {
  for (const type of ROLE_AREA_TYPES[role]) {
    const area = areaOfType(chain, type);
    if (!area) continue;
    const body = bodies.all.find((b) => b.roles.includes(role) && b.covers.includes(area.code));
    if (body) return { body, area };
  }
  return undefined;
}

/** The first of the chain's areas (most local first) a body covers. */
export function coveredArea(body: RoutingBody, chain: AreaChain): ChainArea | undefined {
  return chainAreas(chain).find((area) => body.covers.includes(area.code));
}

function areaOfType(chain: AreaChain, type: ChainArea["type"]): ChainArea | undefined {
  switch (type) {
    case "parish":
      return chain.parish;
    case "district":
    case "unitary":
      return chain.local?.type === type ? chain.local : undefined;
    case "county":
      return chain.county;
    case "police":
      return chain.police;
  }
}
