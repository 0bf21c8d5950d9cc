import { BODY_KIND_WORDS, type Body, bodyFor } from "#core/case/bodies.js";
import { evaluateRules } from "#core/routing/evaluate-rules.js";
import type { PageContext } from "../web-types.js";

export interface PlannedDestination {
  kind: "parish" | "district";
  /** How to name it to a resident, as the body names itself: "Little Wendle Parish Meeting". */
  description: string;
  /** What it is, in running text: "parish meeting", "town council". */
  kindWords: string;
  body: Body;
}

/**
 * Where the report will go if sent now, by the same rules and look-up the intake uses, named from
 * the bodies data. (The dispatcher may still fall back to the district if the parish clerk cannot
 * be reached.)
 */
export function plannedDestination(ctx: PageContext): PlannedDestination | undefined {
  const outcome = evaluateRules(ctx.service, ctx.journey.answers);
  if (outcome.kind !== "route" || !ctx.journey.location) return undefined;
  const { boundaries, bodies, councilName } = ctx.deps;
  const located = boundaries.locate(ctx.journey.location);
  const area =
    outcome.to === "parish" && located.kind === "parish"
      ? { kind: "parish" as const, ...located.parish }
      : { kind: "district" as const, code: boundaries.district.code, name: boundaries.district.name };
  const body = bodyFor(area, bodies, councilName);
  return { kind: area.kind, description: body.name, kindWords: BODY_KIND_WORDS[body.kind], body };
}
