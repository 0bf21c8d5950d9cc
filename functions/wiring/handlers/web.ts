import type { Config } from "../../config/env.js";
import { createWebHandler } from "../../http/web/web-handler.js";
import { createBaseAdapters } from "../adapters/base-adapters.js";
import { createWebApp } from "../apps/web-app.js";

/** The web function's handler, built from its validated config. */
export async function webHandler(config: Config) {
  return createWebHandler(await createWebApp(config, createBaseAdapters(config)));
}
