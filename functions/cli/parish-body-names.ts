import { normaliseParishName } from "#adapters/moderngov/parish-name.js";
import type { Bodies } from "#core/case/bodies.js";

/**
 * The parish areas' names in a boundary layer's text, by code. A scan of each feature's flat
 * `properties` object, not a parse of the geometry: a national layer is hundreds of megabytes.
 */
export function parishNamesIn(geojsonText: string): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const [, properties] of geojsonText.matchAll(/"properties"\s*:\s*(\{[^{}]*\})/g)) {
    const { code, name } = JSON.parse(properties as string) as { code?: unknown; name?: unknown };
    if (typeof code === "string" && typeof name === "string") names.set(code, name);
  }
  return names;
}

/**
 * Each parish body whose name is not its area's (spelling forgiven as the clerk directory forgives
 * it: "St Aldhelm & Marsh Parish Council" is Saint Aldhelm and Marsh). A body named for another
 * parish is shown to officers, residents and Open311 clients as the wrong council.
 */
export function misnamedParishBodies(
  bodiesSource: string,
  bodies: Bodies,
  parishNames: ReadonlyMap<string, string>,
): string[] {
  return [...bodies.values()].flatMap((body) => {
    const areaName = parishNames.get(body.area);
    if (areaName === undefined || normaliseParishName(body.name) === normaliseParishName(areaName)) return [];
    return [
      `${bodiesSource}: the body for ${body.area} is named "${body.name}", but that parish is ${areaName}`,
    ];
  });
}
