import { createClientLimitCounters } from "#adapters/dynamodb/client-limit-counters.js";
import type { ClientLimits } from "#core/ports/client-limits.js";
import type { LimitClientsDeps } from "#core/use-cases/limit-clients.js";
import type { Config } from "../../config/env.js";
import { logger } from "../../http/logger.js";
import type { BaseAdapters } from "./base-adapters.js";

/** The per-client limits of every function that takes reports, counted in the reports table. */
export function clientLimits(config: Config, adapters: BaseAdapters): LimitClientsDeps {
  const limits: ClientLimits = {
    resident: { perMinute: config.CLIENT_REPORTS_PER_MINUTE, perHour: config.CLIENT_REPORTS_PER_HOUR },
    apiKey: { perMinute: config.API_KEY_REPORTS_PER_MINUTE, perHour: config.API_KEY_REPORTS_PER_HOUR },
  };
  return {
    counters: createClientLimitCounters({
      client: adapters.dynamo,
      tableName: config.TABLE_NAME,
      now: () => adapters.clock.now(),
    }),
    clock: adapters.clock,
    limits,
    // The replay was answered; the client has one count too many until the window ends.
    onGiveBackError: (error) => logger.warn("Replay's limit count not given back", { error: error as Error }),
  };
}
