import type { AreaChain, ChainArea } from "../areas/area-chain.js";
import type { Destination, RoutingDecision } from "../case/case.js";
import type { Council } from "../councils/council.js";
import type { Councils } from "../councils/councils.js";
import type { RoutingBodies } from "./body.js";
import { type RoleFallbacks, withDefaultFallbacks } from "./role-fallbacks.js";
import { BODY_ROUTE_PREFIX, type Role, type RouteTarget } from "./roles.js";
import type { ResolveRoute, RouteResolution } from "./route-resolution.js";
import { bodyWithRole, coveredArea } from "./routing-bodies.js";

export interface RouteResolverDeps {
  councils: Councils;
  bodies: RoutingBodies;
  /** The bodies file's fallbacks; DEFAULT_ROLE_FALLBACKS where absent. */
  fallbacks?: RoleFallbacks;
}

/** Who holds a role at a point: where the report goes and the sentence saying why. */
interface Holder {
  destination: Destination;
  because: string;
  /** The area the holder was found for ("Exampleshire"), for the fallback sentences. */
  area: ChainArea;
}

/** What each role is, in running text. */
const ROLE_WORDS: Readonly<Record<Role, string>> = {
  parish: "parish",
  district: "council",
  "highway-authority": "highway authority",
  police: "police or road safety partnership",
};

/**
 * Resolves a rule's target from the point's area chain (FixMyStreet's bodies covering areas): the
 * council running the district or unitary the point is in keeps the case; the role's body there
 * gets the report, or, where the role has no body, the first of its fallbacks that has one, with
 * the case saying why in words.
 */
export function createRouteResolver(deps: RouteResolverDeps): ResolveRoute {
  const fallbacks = deps.fallbacks ?? withDefaultFallbacks();
  return function resolveRoute(target: RouteTarget, chain: AreaChain, ruleId: string): RouteResolution {
    const local = chain.local;
    const council = local && deps.councils.byArea(local.code);
    if (!local || !council) return { kind: "outside" };
    const area: Destination = chain.parish
      ? { kind: "parish", ...areaFields(chain.parish) }
      : { kind: "district", ...areaFields(local) };
    const routed = (holder: Holder, requested: RouteTarget, fallback?: RoutingDecision["fallback"]) => ({
      kind: "routed" as const,
      council,
      destination: holder.destination,
      decision: { ruleId, requested, area, reason: holder.because, ...(fallback ? { fallback } : {}) },
    });

    if (target.startsWith(BODY_ROUTE_PREFIX)) {
      const id = target.slice(BODY_ROUTE_PREFIX.length);
      const body = deps.bodies.byId(id);
      const covered = body && coveredArea(body, chain);
      if (body && covered)
        return routed(
          {
            destination: { kind: "body", code: body.id, name: body.name },
            because: `The rules send this kind of request to ${body.name}, which covers ${covered.name}`,
            area: covered,
          },
          target,
        );
      const why = body ? `${body.name} does not cover ${local.name}` : `No body "${id}" is listed`;
      return routed(
        { ...councilHolder(local, council), because: `${why}, so ${council.name} has it` },
        target,
        {
          from: target,
          to: "district",
          why,
        },
      );
    }

    const role = target as Role;
    const own = holderOf(role, chain, council);
    if (own) return routed(own, role);
    const why = missingWhy(role, chain);
    for (const to of fallbacks[role]) {
      const holder = holderOf(to, chain, council);
      if (!holder) continue;
      const because = `${why}, so ${takerWords(role, to, holder, chain, council)}`;
      return routed({ ...holder, because }, role, { from: role, to, why });
    }
    // A loaded bodies file's fallbacks end at the district, which every served area has.
    throw new Error(`No fallback of "${role}" holds ${local.code}`);
  };

  /** The body holding a role at the point, if any. */
  function holderOf(role: Role, chain: AreaChain, council: Council): Holder | undefined {
    const local = chain.local as ChainArea;
    switch (role) {
      case "parish":
        return (
          chain.parish && {
            destination: { kind: "parish", ...areaFields(chain.parish) },
            because: `The location is in ${chain.parish.name} parish`,
            area: chain.parish,
          }
        );
      case "district":
        return councilHolder(local, council);
      default: {
        const found = bodyWithRole(deps.bodies, role, chain);
        if (!found) return undefined;
        const { body, area } = found;
        return {
          destination: { kind: "body", code: body.id, name: body.name },
          because:
            role === "police"
              ? `${body.name} deals with enforcement in ${area.name}`
              : `${body.name} is the highway authority for ${area.name}`,
          area,
        };
      }
    }
  }
}

/** The council running the district or unitary: the `district` role, which every served area has. */
function councilHolder(local: ChainArea, council: Council): Holder {
  return {
    destination: { kind: "district", ...areaFields(local) },
    because: `${council.name} deals with this kind of request`,
    area: local,
  };
}

/** Why a role has no body at the point, as the first half of a sentence. */
function missingWhy(role: Role, chain: AreaChain): string {
  const local = chain.local as ChainArea;
  switch (role) {
    case "parish":
      return "The location is not in a parish (unparished area)";
    case "highway-authority":
      return local.type === "unitary" && !chain.county
        ? `${local.name} is a unitary area with no county council`
        : `No highway authority is listed for ${(chain.county ?? local).name}`;
    case "police":
      return `No police or road safety partnership is listed for ${(chain.police ?? chain.county ?? local).name}`;
    case "district":
      return `No council runs ${local.name}`;
  }
}

/** Who took a fallback, as the second half of the sentence. */
function takerWords(from: Role, to: Role, holder: Holder, chain: AreaChain, council: Council): string {
  if (to === "parish") return `${holder.area.name} parish has it`;
  if (to !== "district") return `${holder.destination.name}, the ${ROLE_WORDS[to]}, has it`;
  if (from === "parish") return `${council.name} deals with it`;
  if (from === "highway-authority" && chain.local?.type === "unitary" && !chain.county)
    return `${council.name}, its own highway authority, has it`;
  return `${council.name} has it to pass on`;
}

function areaFields(area: ChainArea): { code: string; name: string } {
  return { code: area.code, name: area.name };
}
