import type { Council } from "#core/councils/council.js";
import type { Councils } from "#core/councils/councils.js";
import { type CouncilDirectories, directoriesByCouncil } from "#core/ports/directory.js";
import type { Config } from "../../config/env.js";
import type { BaseAdapters } from "./base-adapters.js";
import { createDirectoryAdapters } from "./directory-adapters.js";

/** One Modern.Gov site's directories: under the staff overrides, and Modern.Gov itself (cached). */
export type CouncilSite = Pick<ReturnType<typeof createDirectoryAdapters>, "directory" | "modernGov">;

/** Each council's Modern.Gov site, and every distinct site (for waiting on their cache writes). */
export interface CouncilSites {
  of(council: Pick<Council, "id" | "name">): CouncilSite;
  readonly all: readonly CouncilSite[];
}

/**
 * Each council's clerk directory, over its own Modern.Gov site, built once per site. A council on
 * today's site (a one-council deployment's only one) shares the adapters' directory where they have
 * one; every other site gets its own over the same contact cache and overrides table (parish codes
 * are unique across councils: ONS E04 codes are national).
 */
export function councilSites(
  config: Config,
  adapters: BaseAdapters & Partial<CouncilSite>,
  councils: Councils,
): CouncilSites {
  const bySite = new Map<string, CouncilSite>();
  const { directory, modernGov } = adapters;
  if (directory && modernGov) bySite.set(config.MODERNGOV_BASE_URL, { directory, modernGov });
  const byCouncil = new Map<string, CouncilSite>();
  for (const council of councils.all) {
    let site = bySite.get(council.moderngovBaseUrl);
    if (!site) {
      site = createDirectoryAdapters(config, adapters, {
        baseUrl: council.moderngovBaseUrl,
        teamEmail: council.email,
        council,
      });
      bySite.set(council.moderngovBaseUrl, site);
    }
    byCouncil.set(council.id, site);
  }
  return {
    of(council) {
      const site = byCouncil.get(council.id);
      if (!site) throw new Error(`No clerk directory is wired for ${council.name} (${council.id})`);
      return site;
    },
    all: [...bySite.values()],
  };
}

/**
 * Each council's clerk directory under the staff overrides, for dispatch and the digest. `settle`
 * waits for every directory's background cache writes.
 */
export function councilDirectories(
  config: Config,
  adapters: BaseAdapters & CouncilSite,
  councils: Councils,
): { directories: CouncilDirectories; settle: () => Promise<void> } {
  const sites = councilSites(config, adapters, councils);
  return {
    directories: directoriesByCouncil(new Map(councils.all.map((c) => [c.id, sites.of(c).directory]))),
    settle: async () => {
      await Promise.all(sites.all.map((site) => site.directory.settle()));
    },
  };
}
