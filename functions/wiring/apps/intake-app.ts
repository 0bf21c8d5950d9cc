import { join } from "node:path";
import { CsvPostcodeLookup } from "#adapters/geodata/csv-postcode-lookup.js";
import { loadBodiesFile } from "#adapters/geodata/load-bodies.js";
import { loadGeography } from "#adapters/geodata/load-geography.js";
import { createRouteResolver } from "#core/bodies/create-route-resolver.js";
import { councilAtFrom } from "#core/councils/council-at.js";
import type { Councils } from "#core/councils/councils.js";
import { checkCouncilServices } from "#core/councils/offers.js";
import type { Queue } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import type { Geography } from "#core/spatial/geography.js";
import { limitClients } from "#core/use-cases/limit-clients.js";
import { createSubmitReport } from "#core/use-cases/submit-report.js";
import type { Config } from "../../config/env.js";
import type { BaseAdapters } from "../adapters/base-adapters.js";
import { clientLimits } from "../adapters/client-limits.js";
import { sqsQueue } from "../adapters/sqs-queue.js";
import { clientKeysOf } from "../client-keys.js";
import { councilsFromConfig } from "../councils-from-config.js";

/**
 * The intake use case over the deployment's geodata (every layer: parishes, districts and
 * unitaries, county, police) and the bodies that answer for its areas (read once, at init: every
 * report needs them), limited per client. The JSON API, Open311 and the form all take reports
 * through this one, so a resident's address has one budget whichever channel it uses.
 */
export async function createIntakeApp(
  config: Config,
  adapters: BaseAdapters,
  queue: Queue = sqsQueue(config, adapters),
) {
  const geodataDir = geodataDirOf(config);
  const councils = councilsFromConfig(config);
  const [geography, postcodes, bodiesFile] = await Promise.all([
    loadGeography(geodataDir),
    CsvPostcodeLookup.fromFile(join(geodataDir, "postcodes.csv")),
    loadBodiesFile(geodataDir),
  ]);
  checkCoverage(geography, councils);
  checkCouncilServices(councils.all, services);
  const resolveRoute = createRouteResolver({
    councils,
    bodies: bodiesFile.bodies,
    fallbacks: bodiesFile.fallbacks,
  });
  const submitReport = limitClients(
    createSubmitReport({
      ...adapters,
      services,
      areas: geography,
      resolveRoute,
      // One council: "outside Exampleshire Vale"; several: "outside the areas we cover".
      ...(councils.all.length === 1 ? { servedAreaName: councils.first.area.name } : {}),
      postcodes,
      queue,
      retentionDays: config.RETENTION_DAYS,
    }),
    clientLimits(config, adapters),
  );
  return {
    submitReport,
    services,
    geography,
    areas: geography,
    resolveRoute,
    councils,
    // The council a report's location is in, so a channel can refuse a service it does not take.
    councilAt: councilAtFrom(councils, geography, postcodes),
    postcodes,
    bodies: bodiesFile.names,
    routingBodies: bodiesFile.bodies,
    // A keyed hash of the address (behind CloudFront, the viewer's, on requests carrying the edge secret).
    clientKeys: clientKeysOf(config),
  };
}

/** Every council served must have its area in the geodata, or its residents could never report. */
function checkCoverage(geography: Geography, councils: Councils): void {
  const held = new Set(geography.localAreas.map((area) => area.code));
  for (const council of councils.all) {
    if (!held.has(council.area.code)) {
      const list = [...held].join(", ") || "no district or unitary";
      throw new Error(
        `GEODATA_DIR holds ${list}, but council "${council.id}" covers ${council.area.code} (DISTRICT_CODE)`,
      );
    }
  }
}

/** The folder of the deployment's geodata, which the intake use case cannot run without. */
export function geodataDirOf(config: Config): string {
  if (!config.GEODATA_DIR) throw new Error("GEODATA_DIR is required by the intake function");
  return config.GEODATA_DIR;
}
