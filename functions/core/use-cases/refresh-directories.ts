import type { Council } from "../councils/council.js";
import type { DirectoryRefreshOptions, DirectoryRefreshRun } from "./refresh-directory.js";

/** One council's part of the weekly refresh: its run, or why it failed. */
export type CouncilDirectoryRefresh = { council: Pick<Council, "id" | "name"> } & (
  { run: DirectoryRefreshRun; error?: never } | { run?: never; error: Error }
);

/** One council's weekly refresh (`createRefreshDirectory` over its parishes, site and mailbox). */
export interface CouncilRefresher {
  council: Pick<Council, "id" | "name">;
  refresh: (options?: DirectoryRefreshOptions) => Promise<DirectoryRefreshRun>;
}

/**
 * The weekly clerk directory refresh of every council a deployment serves, each through its own
 * Modern.Gov site to its own team. They run side by side: each site paces its own requests, and a
 * council whose Modern.Gov is slow to fail does not use up the time of the others. One council's
 * run failing (its summary could not be sent, a bug) does not stop the others: its error is
 * returned with it, for the handler to log and fail the function on once the others are done.
 */
export function createRefreshDirectories(refreshers: readonly CouncilRefresher[]) {
  return function refreshDirectories(
    options: DirectoryRefreshOptions = {},
  ): Promise<CouncilDirectoryRefresh[]> {
    return Promise.all(
      refreshers.map(({ council, refresh }) =>
        refresh(options).then(
          (run): CouncilDirectoryRefresh => ({ council, run }),
          (error: unknown): CouncilDirectoryRefresh => ({
            council,
            error: error instanceof Error ? error : new Error(String(error)),
          }),
        ),
      ),
    );
  };
}
