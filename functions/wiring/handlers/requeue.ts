import type { Config } from "../../config/env.js";
import { createRequeueHandler } from "../../http/handlers/requeue-handler.js";
import { createBaseAdapters } from "../adapters/base-adapters.js";
import { createRequeueApp } from "../apps/requeue-app.js";

/** The requeue function's handler, built from its validated config. */
export function requeueHandler(config: Config) {
  return createRequeueHandler(createRequeueApp(config, createBaseAdapters(config)));
}
