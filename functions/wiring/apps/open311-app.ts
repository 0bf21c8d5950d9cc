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
    // A key may report in its own council's area only, and only the services that council takes.
    councilAt: intake.councilAt,
    bodies: intake.bodies,
  };
}
