import type { Config } from "../../config/env.js";
import { createDirectoryRefreshHandler } from "../../http/handlers/directory-refresh-handler.js";
import { createAdapters } from "../adapters/all-adapters.js";
import { createDirectoryRefreshApp } from "../apps/directory-refresh-app.js";

/** The weekly clerk directory refresh function's handler, built from its validated config. */
export function directoryRefreshHandler(config: Config) {
  return createDirectoryRefreshHandler(createDirectoryRefreshApp(config, createAdapters(config)));
}
