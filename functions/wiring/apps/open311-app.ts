import type { AreaLocator } from "#core/areas/area-chain.js";
import type { Council } from "#core/councils/council.js";
import type { Councils } from "#core/councils/councils.js";
import type { ReportInput } from "#core/input/report-input.js";
import type { PostcodeLookup } from "#core/ports/postcode-lookup.js";
import type { Queue } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { createRecordClientUpdate } from "#core/use-cases/record-client-update.js";
import type { Config } from "../../config/env.js";
import type { BaseAdapters } from "../adapters/base-adapters.js";
import { sqsQueue } from "../adapters/sqs-queue.js";
import { createIntakeApp } from "./intake-app.js";

/**
 * Open311 GeoReport v2: the intake use case, plus the case store for reading requests back and
 * staff's public updates for servicerequestupdates, and residents' own updates sent on by their app.
 */
export async function createOpen311App(
  config: Config,
  adapters: BaseAdapters,
  queue: Queue = sqsQueue(config, adapters),
) {
  const intake = await createIntakeApp(config, adapters, queue);
  return {
    submitReport: intake.submitReport,
    recordClientUpdate: createRecordClientUpdate(adapters),
    clientKeys: intake.clientKeys,
    services,
    caseStore: adapters.caseStore,
    publicUpdates: adapters.publicUpdates,
    clock: adapters.clock,
    // Each council's keys and jurisdiction_id values (councilsFromConfig, in the base adapters).
    councils: adapters.councils,
    councilAt: councilAt(adapters.councils, intake.areas, intake.postcodes),
    councilName: adapters.councils.first.name,
    bodies: intake.bodies,
    contactEmail: adapters.councils.first.email,
  };
}

/**
 * The council whose area a report's location is in, from the intake's boundaries: a key may report
 * in its own council's area only. Undefined where the boundaries place it in no council served, or
 * the postcode is unknown: intake then answers as it does for any such report.
 */
function councilAt(councils: Councils, areas: AreaLocator, postcodes: PostcodeLookup) {
  return async (location: ReportInput["location"]): Promise<Council | undefined> => {
    const point = "lat" in location ? location : await postcodes.lookup(location.postcode);
    if (!point) return undefined;
    const local = areas.locate(point).local;
    return local ? councils.byArea(local.code) : undefined;
  };
}
