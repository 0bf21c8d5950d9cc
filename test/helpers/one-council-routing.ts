import type { AreaChain, AreaLocator } from "#core/areas/area-chain.js";
import type { RoutingBody } from "#core/bodies/body.js";
import { createRouteResolver } from "#core/bodies/create-route-resolver.js";
import type { ResolveRoute } from "#core/bodies/route-resolution.js";
import { createRoutingBodies } from "#core/bodies/routing-bodies.js";
import type { Council } from "#core/councils/council.js";
import { createCouncils } from "#core/councils/councils.js";
import type { BoundaryIndex } from "#core/spatial/boundary-index.js";

/** A council for tests, over the given area (a district unless its code is a unitary's E06). */
export function testCouncil(
  area: { code: string; name: string },
  name = `${area.name} District Council`,
): Council {
  const id = area.name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return {
    id,
    name,
    kind: area.code.startsWith("E06") ? "unitary" : "district",
    area,
    email: `reports@${id}.example.org`,
    senderEmail: `signpost@${id}.example.org`,
    moderngovBaseUrl: `https://democracy.${id}.example.org/`,
    hostNames: [],
    open311: { apiKeyHashes: [], jurisdictions: [] },
  };
}

/**
 * Today's one-district boundary index as an area locator (parish and district only), with the
 * route resolver of a one-council deployment over it: what submitReport needs where a test has
 * one district and no other bodies.
 */
export function oneCouncilRouting(
  boundaries: BoundaryIndex,
  options: { councilName?: string; bodies?: readonly RoutingBody[] } = {},
): { areas: AreaLocator; resolveRoute: ResolveRoute } {
  const council = testCouncil(boundaries.district, options.councilName);
  const areas: AreaLocator = {
    locate(point): AreaChain {
      const located = boundaries.locate(point);
      if (located.kind === "outside") return {};
      const local = { type: council.kind, ...located.district };
      return located.kind === "parish" ? { parish: { type: "parish", ...located.parish }, local } : { local };
    },
  };
  const resolveRoute = createRouteResolver({
    councils: createCouncils([council]),
    bodies: createRoutingBodies(options.bodies ?? []),
  });
  return { areas, resolveRoute };
}
