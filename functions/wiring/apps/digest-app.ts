import { services } from "#core/services/index.js";
import { createSendDigest, defaultDigestSettings } from "#core/use-cases/send-digest.js";
import type { Config } from "../../config/env.js";
import type { Adapters } from "../adapters/all-adapters.js";
import { councilDirectories } from "../adapters/council-directories.js";
import { digestContents, heldReports } from "../adapters/send-budget.js";
import { clerkEmailLinks } from "./clerk-email-links.js";
import { type DispatchRouting, dispatchRouting } from "./dispatch-routing.js";

/** The daily digest: reports held over a body's daily cap, emailed to the body once a day. */
export function createDigestApp(
  config: Config,
  adapters: Adapters,
  routing: DispatchRouting = dispatchRouting(config),
) {
  const { directories, settle } = councilDirectories(config, adapters, routing.councils);
  return {
    sendDigest: createSendDigest(
      {
        ...adapters,
        services,
        heldReports: heldReports(config, adapters),
        digestContents: digestContents(config, adapters),
        ...clerkEmailLinks(config, adapters),
        ...routing,
        directories,
      },
      defaultDigestSettings,
    ),
    // Contacts fetched during the run are cached in the background: finished before the run ends.
    afterRun: settle,
  };
}
