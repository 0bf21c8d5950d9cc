import type { AreaChain } from "../areas/area-chain.js";
import type { Destination, RoutingDecision } from "../case/case.js";
import type { Council } from "../councils/council.js";
import type { RouteTarget } from "./roles.js";

/**
 * Where a routed report goes, decided from the rule's target and the point's area chain: the
 * council whose case log holds it (the one whose district or unitary area the point is in), the
 * destination, and the routing decision (with `fallback` where the role had no body there).
 * `outside`: no council this deployment serves covers the point.
 */
export type RouteResolution =
  | { kind: "routed"; council: Council; destination: Destination; decision: RoutingDecision }
  | { kind: "outside" };

export type ResolveRoute = (target: RouteTarget, chain: AreaChain, ruleId: string) => RouteResolution;
