import { join } from "node:path";
import { CsvPostcodeLookup } from "#adapters/geodata/csv-postcode-lookup.js";
import { loadBodies } from "#adapters/geodata/load-bodies.js";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import type { Queue } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { limitClients } from "#core/use-cases/limit-clients.js";
import { createSubmitReport } from "#core/use-cases/submit-report.js";
import type { Config } from "../../config/env.js";
import { trustedEdge } from "../../http/client-identity.js";
import type { BaseAdapters } from "../adapters/base-adapters.js";
import { clientLimits } from "../adapters/client-limits.js";
import { sqsQueue } from "../adapters/sqs-queue.js";

/**
 * The intake use case over the district's geodata and the bodies that answer for its areas (read
 * once, at init: every report needs them),
 * limited per client. The JSON API, Open311 and the form all take reports through this one, so a
 * resident's address has one budget whichever channel it uses.
 */
export async function createIntakeApp(
  config: Config,
  adapters: BaseAdapters,
  queue: Queue = sqsQueue(config, adapters),
) {
  const geodataDir = geodataDirOf(config);
  const [boundaries, postcodes, bodies] = await Promise.all([
    loadBoundaryIndex(geodataDir),
    CsvPostcodeLookup.fromFile(join(geodataDir, "postcodes.csv")),
    loadBodies(geodataDir),
  ]);
  if (boundaries.district.code !== config.DISTRICT_CODE) {
    throw new Error(
      `GEODATA_DIR holds ${boundaries.district.code}, but DISTRICT_CODE is ${config.DISTRICT_CODE}`,
    );
  }
  const submitReport = limitClients(
    createSubmitReport({
      ...adapters,
      services,
      boundaries,
      postcodes,
      queue,
      retentionDays: config.RETENTION_DAYS,
    }),
    clientLimits(config, adapters),
  );
  // Behind CloudFront, the viewer's address names the client, on requests carrying the edge secret.
  return { submitReport, boundaries, postcodes, bodies, edge: trustedEdge(config.TRUSTED_EDGE_SECRET) };
}

/** The folder of the district's geodata, which the intake use case cannot run without. */
export function geodataDirOf(config: Config): string {
  if (!config.GEODATA_DIR) throw new Error("GEODATA_DIR is required by the intake function");
  return config.GEODATA_DIR;
}
