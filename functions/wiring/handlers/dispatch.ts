import type { Config } from "../../config/env.js";
import { createDispatchHandler } from "../../http/handlers/dispatch-handler.js";
import { createAdapters } from "../adapters/all-adapters.js";
import { createDispatchApp } from "../apps/dispatch-app.js";

/** The dispatch function's handler, built from its validated config. */
export function dispatchHandler(config: Config) {
  return createDispatchHandler(createDispatchApp(config, createAdapters(config)));
}
