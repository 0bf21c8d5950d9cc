import { BODY_KIND_WORDS, type Body, bodyFor } from "#core/case/bodies.js";
import type { Destination } from "#core/case/case.js";
import type { CaseLogDeps } from "./case-log-types.js";

/** How the case log names the bodies cases go to: "Ashcombe Parish Council", never an area code. */
export interface BodyNames {
  /** The body for a destination or area. */
  of: (area: Pick<Destination, "kind" | "code" | "name">) => Body;
  /** The body's name for an area code the district has; undefined for one it does not. */
  byCode: (code: string) => string | undefined;
  /** The body's name for an area as stored by name (older timeline entries name areas). */
  byAreaName: (name: string) => string | undefined;
}

export function bodyNames(
  deps: Pick<CaseLogDeps, "areas" | "bodies" | "councilName"> & {
    council?: Pick<CaseLogDeps["council"], "kind">;
  },
): BodyNames {
  const of = (area: Pick<Destination, "kind" | "code" | "name">) =>
    bodyFor(area, deps.bodies, deps.councilName, deps.council?.kind);
  const named = (area: Destination | undefined) => (area ? of(area).name : undefined);
  return {
    of,
    byCode: (code) => named(deps.areas.find((a) => a.code === code)) ?? deps.bodies.get(code)?.name,
    byAreaName: (name) => named(deps.areas.find((a) => a.name === name)),
  };
}

/** A body's kind to stand alone: "Parish meeting". */
export const kindWords = (body: Body): string => {
  const words = BODY_KIND_WORDS[body.kind];
  return words.charAt(0).toUpperCase() + words.slice(1);
};
