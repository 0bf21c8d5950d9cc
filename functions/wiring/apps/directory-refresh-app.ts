import { createDynamoDirectoryBaseline } from "#adapters/dynamodb/dynamo-directory-baseline.js";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import { createRefreshDirectory } from "#core/use-cases/refresh-directory.js";
import type { Config } from "../../config/env.js";
import type { Adapters } from "../adapters/all-adapters.js";
import { loadOnce } from "./load-once.js";

/** Where the email links to: the case log's clerk directory page. */
export function directoryPageUrl(config: Config): string {
  if (!config.CASE_LOG_URL) return "/staff/directory";
  const base = config.CASE_LOG_URL.endsWith("/") ? config.CASE_LOG_URL : `${config.CASE_LOG_URL}/`;
  return new URL("directory", base).toString();
}

/**
 * The weekly clerk directory refresh: every parish in the boundary data through the cached
 * Modern.Gov directory, and a summary of what changed to the district team's mailbox.
 */
export function createDirectoryRefreshApp(
  config: Config,
  adapters: Pick<Adapters, "dynamo" | "directory" | "contactCache" | "mailer" | "clock">,
) {
  const geodataDir = config.GEODATA_DIR;
  if (!geodataDir) throw new Error("GEODATA_DIR is required by the directory refresh function");
  const boundaries = loadOnce(() => loadBoundaryIndex(geodataDir));
  return {
    refreshDirectory: createRefreshDirectory({
      ...adapters,
      baseline: createDynamoDirectoryBaseline({ client: adapters.dynamo, tableName: config.TABLE_NAME }),
      parishes: async () => (await boundaries()).parishes,
      district: { email: config.DISTRICT_EMAIL, councilName: config.DISTRICT_COUNCIL_NAME },
      directoryPageUrl: directoryPageUrl(config),
    }),
  };
}
