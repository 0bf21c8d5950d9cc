import type { Config } from "../../config/env.js";
import { createIntakeHandler } from "../../http/handlers/intake-handler.js";
import { createBaseAdapters } from "../adapters/base-adapters.js";
import { createIntakeApp } from "../apps/intake-app.js";

/** The intake function's handler, built from its validated config. */
export async function intakeHandler(config: Config) {
  return createIntakeHandler(await createIntakeApp(config, createBaseAdapters(config)));
}
