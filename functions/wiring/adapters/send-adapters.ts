import { SESClient } from "@aws-sdk/client-ses";
import { SesMailer } from "#adapters/ses/ses-mailer.js";
import type { Config } from "../../config/env.js";
import { sdkClientConfig } from "../sdk-clients.js";
import type { BaseAdapters } from "./base-adapters.js";
import { createDirectoryAdapters } from "./directory-adapters.js";

/** What sending a report needs beyond the base: SES, and the parish clerks' Modern.Gov directory. */
export function createSendAdapters(config: Config, base: BaseAdapters) {
  return {
    mailer: new SesMailer({
      client: base.recorded(new SESClient(sdkClientConfig(config, config.SES_ENDPOINT))),
      from: config.SENDER_EMAIL,
      ...(config.SES_CONFIGURATION_SET ? { configurationSetName: config.SES_CONFIGURATION_SET } : {}),
    }),
    ...createDirectoryAdapters(config, base),
  };
}
