import { services } from "#core/services/index.js";
import { createSendDigest, defaultDigestSettings } from "#core/use-cases/send-digest.js";
import type { Config } from "../../config/env.js";
import type { Adapters } from "../adapters/all-adapters.js";
import { digestContents, heldReports } from "../adapters/send-budget.js";
import { clerkEmailLinks } from "./clerk-email-links.js";

/** The daily digest: reports held over a body's daily cap, emailed to the body once a day. */
export function createDigestApp(config: Config, adapters: Adapters) {
  return {
    sendDigest: createSendDigest(
      {
        ...adapters,
        services,
        heldReports: heldReports(config, adapters),
        digestContents: digestContents(config, adapters),
        ...clerkEmailLinks(config, adapters),
        district: {
          code: config.DISTRICT_CODE,
          name: config.DISTRICT_NAME,
          councilName: config.DISTRICT_COUNCIL_NAME,
          email: config.DISTRICT_EMAIL,
        },
      },
      defaultDigestSettings,
    ),
    // Contacts fetched during the run are cached in the background: finished before the run ends.
    afterRun: () => adapters.directory.settle(),
  };
}
