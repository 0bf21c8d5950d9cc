import { evaluateRules } from "#core/routing/evaluate-rules.js";
import type { PageContext } from "../web-types.js";

export interface PlannedDestination {
  kind: "parish" | "district";
  /** How to name it to a resident: "Ashcombe parish council" or the district council's name. */
  description: string;
}

/**
 * Where the report will go if sent now, by the same rules and look-up the intake uses. (The
 * dispatcher may still fall back to the district if the parish clerk cannot be reached.)
 */
export function plannedDestination(ctx: PageContext): PlannedDestination | undefined {
  const outcome = evaluateRules(ctx.service, ctx.journey.answers);
  if (outcome.kind !== "route" || !ctx.journey.location) return undefined;
  const located = ctx.deps.boundaries.locate(ctx.journey.location);
  if (outcome.to === "parish" && located.kind === "parish") {
    return { kind: "parish", description: `${located.parish.name} parish council` };
  }
  return { kind: "district", description: ctx.deps.councilName };
}
