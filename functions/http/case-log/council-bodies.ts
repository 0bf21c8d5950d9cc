import type { AreaChain } from "#core/areas/area-chain.js";
import type { RoutingBody } from "#core/bodies/body.js";
import { coveredArea } from "#core/bodies/routing-bodies.js";
import type { Case, Destination } from "#core/case/case.js";
import type { Geography } from "#core/spatial/geography.js";
import type { CaseLogDeps } from "./case-log-types.js";

/**
 * The bodies beyond parish and council that a council's cases can go to: those covering its own
 * area, the county or police force area it lies in, or one of its parishes. A body reached at the
 * council's own mailbox is the council itself, offered as such already.
 */
export function councilRoutingBodies(
  bodies: readonly RoutingBody[],
  geography: Pick<Geography, "toPacked" | "parishes">,
  localCode: string,
): RoutingBody[] {
  const local = geography.toPacked().locals.find((l) => l.area.code === localCode);
  if (!local) return [];
  const codes = new Set([
    local.area.code,
    ...(local.county ? [local.county.code] : []),
    ...(local.police ? [local.police.code] : []),
    ...geography.parishes(localCode).map((p) => p.code),
  ]);
  return bodies.filter((b) => !("council" in b.reach) && b.covers.some((code) => codes.has(code)));
}

/** The bodies covering a point, by its area chain (never one that does not cover it). */
export function bodiesCovering(bodies: readonly RoutingBody[], chain: AreaChain): RoutingBody[] {
  return bodies.filter((b) => coveredArea(b, chain) !== undefined);
}

/** A body as a case's destination: its id is the code, its own name the name. */
export const bodyDestination = (body: Pick<RoutingBody, "id" | "name">): Destination => ({
  kind: "body",
  code: body.id,
  name: body.name,
});

/**
 * Where staff may re-route a case: the council itself, one of its parishes, or a body beyond it
 * that covers the case's location (found from the point's area chain, so never a body that does
 * not cover it, and never another council's parish). Without the boundary data, no bodies.
 */
export function rerouteChoices(
  deps: Pick<CaseLogDeps, "areas" | "routingBodies" | "locate">,
  report: Pick<Case, "location">,
): Destination[] {
  const bodies = deps.routingBodies ?? [];
  const covering = deps.locate && bodies.length ? bodiesCovering(bodies, deps.locate(report.location)) : [];
  return [...deps.areas, ...covering.map(bodyDestination)];
}
