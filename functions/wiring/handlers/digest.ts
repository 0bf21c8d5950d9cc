import type { Config } from "../../config/env.js";
import { createDigestHandler } from "../../http/handlers/digest-handler.js";
import { createAdapters } from "../adapters/all-adapters.js";
import { createDigestApp } from "../apps/digest-app.js";

/** The digest function's handler, built from its validated config. */
export function digestHandler(config: Config) {
  return createDigestHandler(createDigestApp(config, createAdapters(config)));
}
