import type { Councils } from "#core/councils/councils.js";
import { type CouncilDirectories, type Directory, directoriesByCouncil } from "#core/ports/directory.js";
import type { Config } from "../../config/env.js";
import type { BaseAdapters } from "./base-adapters.js";
import { createDirectoryAdapters } from "./directory-adapters.js";

/** A directory whose background cache writes a run waits for before it ends. */
type SettlingDirectory = Directory & { settle(): Promise<void> };

/**
 * Each council's clerk directory, over its own Modern.Gov site. A council on today's site (a
 * one-council deployment's only one) shares the adapters' directory; every other gets its own over
 * the same contact cache and overrides table (parish codes are unique across councils). `settle`
 * waits for every directory's background cache writes.
 */
export function councilDirectories(
  config: Config,
  adapters: BaseAdapters & { directory: SettlingDirectory },
  councils: Councils,
): { directories: CouncilDirectories; settle: () => Promise<void> } {
  const bySite = new Map<string, SettlingDirectory>([[config.MODERNGOV_BASE_URL, adapters.directory]]);
  const byCouncil = new Map<string, Directory>();
  for (const council of councils.all) {
    let directory = bySite.get(council.moderngovBaseUrl);
    if (!directory) {
      directory = createDirectoryAdapters(config, adapters, {
        baseUrl: council.moderngovBaseUrl,
        teamEmail: council.email,
      }).directory;
      bySite.set(council.moderngovBaseUrl, directory);
    }
    byCouncil.set(council.id, directory);
  }
  return {
    directories: directoriesByCouncil(byCouncil),
    settle: async () => {
      await Promise.all([...bySite.values()].map((directory) => directory.settle()));
    },
  };
}
