import type { Config } from "../../config/env.js";
import { createOpen311Handler } from "../../http/open311/open311-handler.js";
import { createBaseAdapters } from "../adapters/base-adapters.js";
import { createOpen311App } from "../apps/open311-app.js";

/** The open311 function's handler, built from its validated config. */
export async function open311Handler(config: Config) {
  return createOpen311Handler(await createOpen311App(config, createBaseAdapters(config)));
}
