import { createDynamoDirectoryBaseline } from "#adapters/dynamodb/dynamo-directory-baseline.js";
import { loadGeography } from "#adapters/geodata/load-geography.js";
import { createRefreshDirectories } from "#core/use-cases/refresh-directories.js";
import { createRefreshDirectory } from "#core/use-cases/refresh-directory.js";
import type { Config } from "../../config/env.js";
import type { Adapters } from "../adapters/all-adapters.js";
import { councilSites } from "../adapters/council-directories.js";
import { loadOnce } from "./load-once.js";

/** Where the email links to: the case log's clerk directory page (each person sees their council's). */
export function directoryPageUrl(config: Config): string {
  if (!config.CASE_LOG_URL) return "/staff/directory";
  const base = config.CASE_LOG_URL.endsWith("/") ? config.CASE_LOG_URL : `${config.CASE_LOG_URL}/`;
  return new URL("directory", base).toString();
}

/**
 * The weekly clerk directory refresh, per council: its district's or unitary's parishes in the
 * geodata, through its own Modern.Gov site (as dispatch looks them up), compared with its own
 * baseline, and a summary of what changed to its own team, from its own address.
 */
export function createDirectoryRefreshApp(config: Config, adapters: Adapters) {
  const geodataDir = config.GEODATA_DIR;
  if (!geodataDir) throw new Error("GEODATA_DIR is required by the directory refresh function");
  const geography = loadOnce(() => loadGeography(geodataDir));
  const sites = councilSites(config, adapters, adapters.councils);
  const pageUrl = directoryPageUrl(config);
  return {
    refreshDirectories: createRefreshDirectories(
      adapters.councils.all.map((council) => ({
        council,
        refresh: createRefreshDirectory({
          ...adapters,
          // Modern.Gov itself, under the staff overrides: the summary is about what Modern.Gov says.
          directory: sites.of(council).modernGov,
          // The first council keeps the baseline a one-council deployment has always written.
          baseline: createDynamoDirectoryBaseline({
            client: adapters.dynamo,
            tableName: config.TABLE_NAME,
            ...(council.id === adapters.councils.first.id ? {} : { council: council.id }),
          }),
          parishes: async () =>
            (await geography()).parishes(council.area.code).map(({ code, name }) => ({ code, name })),
          council: { email: council.email, councilName: council.name, senderEmail: council.senderEmail },
          directoryPageUrl: pageUrl,
        }),
      })),
    ),
  };
}
