import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { unknownServices } from "../functions/core/councils/offers.js";
import type { EnvironmentConfig } from "./config.js";

/**
 * Every council's area must be in the geodata folder's district.geojson (a `code` property per
 * feature, as the geodata CLI writes it): a council whose area is missing would never get a report.
 * Checked at synth, where the folder is read to build the functions' index files anyway.
 */
export function checkCouncilAreas(
  config: Pick<EnvironmentConfig, "councils" | "geodataDir">,
  name: string,
  root: string,
): void {
  const file = resolve(root, config.geodataDir, "district.geojson");
  const codes = new Set(
    (
      JSON.parse(readFileSync(file, "utf8")) as { features: Array<{ properties?: { code?: unknown } }> }
    ).features.map((feature) => feature.properties?.code),
  );
  config.councils.forEach((council, i) => {
    if (!codes.has(council.area.code))
      throw new Error(
        `signpost:environments.${name}.councils.${i}.area.code: ${council.area.code} is not an area in ${config.geodataDir}/district.geojson`,
      );
  });
}

/**
 * Every service a council lists must be one of the service files (the functions' own check, at
 * synth): a typo would otherwise stop the functions at their first cold start.
 */
export function checkCouncilServices(
  config: Pick<EnvironmentConfig, "councils">,
  name: string,
  known: ReadonlyMap<string, unknown>,
): void {
  const [fault] = unknownServices(config.councils, known);
  if (fault) {
    throw new Error(
      `signpost:environments.${name}.councils.${fault.council}.services.${fault.at}: "${fault.id}" is not a service; use ${[...known.keys()].join(", ")}`,
    );
  }
}
