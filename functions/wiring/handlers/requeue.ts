import type { Config } from "../../config/env.js";
import { createRequeueHandler } from "../../http/handlers/requeue-handler.js";
import { createAdapters, createRequeueApp } from "../create-app.js";

/** The requeue function's handler, built from its validated config. */
export function requeueHandler(config: Config) {
  return createRequeueHandler(createRequeueApp(config, createAdapters(config)));
}
