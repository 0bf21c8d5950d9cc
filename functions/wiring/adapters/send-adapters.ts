import { SESClient } from "@aws-sdk/client-ses";
import { DynamoContactCache } from "#adapters/dynamodb/dynamo-contact-cache.js";
import { CachedDirectory } from "#adapters/moderngov/cached-directory.js";
import { ModernGovDirectory } from "#adapters/moderngov/moderngov-directory.js";
import { SesMailer } from "#adapters/ses/ses-mailer.js";
import { directorySettings } from "../../config/dispatch-queue-settings.js";
import type { Config } from "../../config/env.js";
import { sdkClientConfig } from "../sdk-clients.js";
import type { BaseAdapters } from "./base-adapters.js";

/** What sending a report needs beyond the base: SES, and the parish clerks' Modern.Gov directory. */
export function createSendAdapters(config: Config, base: BaseAdapters) {
  const clock = base.clock;
  return {
    mailer: new SesMailer({
      client: base.recorded(new SESClient(sdkClientConfig(config, config.SES_ENDPOINT))),
      from: config.SENDER_EMAIL,
      ...(config.SES_CONFIGURATION_SET ? { configurationSetName: config.SES_CONFIGURATION_SET } : {}),
    }),
    directory: new CachedDirectory(
      new ModernGovDirectory({
        baseUrl: config.MODERNGOV_BASE_URL,
        timeoutMs: config.MODERNGOV_TIMEOUT_MS,
        minIntervalMs: config.MODERNGOV_MIN_INTERVAL_MS,
        attempts: directorySettings.tries,
        retryBaseMs: directorySettings.retryBaseMs,
        now: () => clock.now().getTime(),
        pacingClock: clock,
      }),
      new DynamoContactCache({ client: base.dynamo, tableName: config.TABLE_NAME }),
      { freshMs: config.CONTACT_CACHE_HOURS * 3_600_000 },
    ),
  };
}
