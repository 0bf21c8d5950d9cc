import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import { createDynamoPublicUpdates } from "#adapters/dynamodb/dynamo-public-updates.js";
import { systemClock } from "#adapters/system/system-clock.js";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Config } from "../../config/env.js";
import { logger } from "../../http/logger.js";
import { councilsFromConfig } from "../councils-from-config.js";
import { type AdapterOptions, recorder, sdkClientConfig } from "../sdk-clients.js";

/**
 * What every function but health needs: the DynamoDB document client, the case store and public
 * updates over it, the clock and ids, and `recorded` for any further SDK client the function
 * builds. Nothing else is imported here, so a function that needs no more carries no other SDK
 * client.
 */
export function createBaseAdapters(config: Config, options: AdapterOptions = {}) {
  const recorded = recorder(config, options);
  const councils = councilsFromConfig(config);
  const dynamo = DynamoDBDocumentClient.from(
    recorded(new DynamoDBClient(sdkClientConfig(config, config.DYNAMODB_ENDPOINT))),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return {
    recorded,
    dynamo,
    caseStore: new DynamoCaseStore({
      client: dynamo,
      tableName: config.TABLE_NAME,
      // A case stored before councils (no `council`) is the first council's.
      firstCouncil: councils.first.id,
      // The case is written; a count one out is worth a warning, not a failed request.
      onCounterError: (error, detail) =>
        logger.warn("Status counter not moved", { ...detail, error: error as Error }),
    }),
    /** Written by the case log, read by Open311. */
    publicUpdates: createDynamoPublicUpdates(
      { client: dynamo, tableName: config.TABLE_NAME, now: () => systemClock.now() },
      councils.first.id,
    ),
    /** The councils the deployment serves (docs/adr/0012-many-councils.md). */
    councils,
    clock: systemClock,
    ids: systemIds,
  };
}

export type BaseAdapters = ReturnType<typeof createBaseAdapters>;
