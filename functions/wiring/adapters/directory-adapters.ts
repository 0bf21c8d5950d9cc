import { DynamoContactCache } from "#adapters/dynamodb/dynamo-contact-cache.js";
import { DynamoDirectoryOverrides } from "#adapters/dynamodb/dynamo-directory-overrides.js";
import { DynamoTokenBucket } from "#adapters/dynamodb/dynamo-token-bucket.js";
import { CachedDirectory } from "#adapters/moderngov/cached-directory.js";
import { ModernGovDirectory } from "#adapters/moderngov/moderngov-directory.js";
import type { Council } from "#core/councils/council.js";
import { OverriddenDirectory } from "#core/use-cases/overridden-directory.js";
import { domainOf } from "../../config/directory-config.js";
import { directorySettings } from "../../config/dispatch-queue-settings.js";
import type { Config } from "../../config/env.js";
import { clerkDirectoryFor, councilsFromConfig } from "../councils-from-config.js";
import type { BaseAdapters } from "./base-adapters.js";

/**
 * The parish clerks' directory: Modern.Gov behind the shared contact cache. Dispatch and the digest
 * send with it; the case log's clerk directory page lists and refreshes it. `site`: another
 * council's Modern.Gov site and team mailbox (each council has its own); today's settings by default.
 */
export function createDirectoryAdapters(
  config: Config,
  base: BaseAdapters,
  site: { baseUrl: string; teamEmail: string; council?: Pick<Council, "id"> } = {
    baseUrl: config.MODERNGOV_BASE_URL,
    teamEmail: config.DISTRICT_EMAIL,
  },
) {
  const clock = base.clock;
  // The site's council's name mappings and allowances; today's (the first council's) by default.
  const settings = clerkDirectoryFor(site.council ?? councilsFromConfig(config).first, config);
  const contactCache = new DynamoContactCache({ client: base.dynamo, tableName: config.TABLE_NAME });
  const directory = new CachedDirectory(
    new ModernGovDirectory({
      baseUrl: site.baseUrl,
      timeoutMs: config.MODERNGOV_TIMEOUT_MS,
      minIntervalMs: config.MODERNGOV_MIN_INTERVAL_MS,
      lookupDeadlineMs: config.MODERNGOV_LOOKUP_DEADLINE_MS,
      attempts: directorySettings.tries,
      retryBaseMs: directorySettings.retryBaseMs,
      now: () => clock.now().getTime(),
      pacingClock: clock,
      // One request a second per host across every container, not per container.
      pacing: new DynamoTokenBucket({
        client: base.dynamo,
        tableName: config.TABLE_NAME,
        minIntervalMs: config.MODERNGOV_MIN_INTERVAL_MS,
      }),
      settings: {
        names: settings.names,
        allowDistrictAddresses: settings.allowDistrictAddresses,
        // The district's own mailbox says its domain; configured extras add to it.
        districtDomains: [...new Set([domainOf(site.teamEmail), ...settings.districtDomains])],
      },
    }),
    contactCache,
    { freshMs: config.CONTACT_CACHE_HOURS * 3_600_000 },
  );
  // Staff overrides win over Modern.Gov; `modernGov` is the look-up under them ("refresh now").
  const directoryOverrides = new DynamoDirectoryOverrides({
    client: base.dynamo,
    tableName: config.TABLE_NAME,
  });
  return {
    directory: new OverriddenDirectory(directory, directoryOverrides, { clock }),
    modernGov: directory,
    contactCache,
    directoryOverrides,
  };
}
