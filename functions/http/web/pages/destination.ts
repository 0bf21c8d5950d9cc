import { BODY_KIND_WORDS, bodyFor } from "#core/case/bodies.js";
import type { Council } from "#core/councils/council.js";
import { evaluateRules } from "#core/routing/evaluate-rules.js";
import type { PageContext } from "../web-types.js";

export interface PlannedDestination {
  kind: "parish" | "district" | "body";
  /** How to name it to a resident, as the body names itself: "Little Wendle Parish Meeting". */
  description: string;
  /** What it is, in running text: "parish meeting", "town council", "county council". */
  kindWords: string;
  /** The council whose area the location is in: it keeps the report and takes it if others cannot. */
  council: Council;
  /** Why it goes there rather than where the rule asked (a unitary is its own highway authority…). */
  fallbackWhy?: string;
}

/**
 * Where the report will go if sent now, by the same rules, look-up and resolution the intake uses,
 * named from the bodies data. (The dispatcher may still fall back to the council if a parish clerk
 * or another body cannot be reached.)
 */
export function plannedDestination(ctx: PageContext): PlannedDestination | undefined {
  const outcome = evaluateRules(ctx.service, ctx.journey.answers);
  if (outcome.kind !== "route" || !ctx.journey.location) return undefined;
  const { areas, resolveRoute, bodies, routingBodies } = ctx.deps;
  const resolved = resolveRoute(outcome.to, areas.locate(ctx.journey.location), outcome.rule.id);
  if (resolved.kind === "outside") return undefined;
  const { council, destination, decision } = resolved;
  const fallbackWhy = decision.fallback?.why;
  const planned = { kind: destination.kind, council, ...(fallbackWhy ? { fallbackWhy } : {}) };
  if (destination.kind === "body") {
    const body = routingBodies.byId(destination.code);
    return {
      ...planned,
      description: body?.name ?? destination.name,
      kindWords: body ? BODY_KIND_WORDS[body.kind] : "organisation",
    };
  }
  if (destination.kind === "district") {
    return {
      ...planned,
      description: council.name,
      kindWords: council.kind === "unitary" ? "council" : "district council",
    };
  }
  const body = bodyFor(destination, bodies, council.name, council.kind);
  return { ...planned, description: body.name, kindWords: BODY_KIND_WORDS[body.kind] };
}
