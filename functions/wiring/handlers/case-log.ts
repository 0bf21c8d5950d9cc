import type { Config } from "../../config/env.js";
import { createCaseLogHandler } from "../../http/case-log/case-log-handler.js";
import { createBaseAdapters } from "../adapters/base-adapters.js";
import { createCaseLogApp } from "../apps/case-log-app.js";

/** The case-log function's handler, built from its validated config. */
export async function caseLogHandler(config: Config) {
  return createCaseLogHandler(await createCaseLogApp(config, createBaseAdapters(config)));
}
