import type { Config } from "../../config/env.js";
import type { AdapterOptions } from "../sdk-clients.js";
import { createBaseAdapters } from "./base-adapters.js";
import { createSendAdapters } from "./send-adapters.js";

/**
 * Every shared adapter: the base plus SES and Modern.Gov. The dispatch function needs them all; the
 * local stack builds them once for every function it runs. A function that needs less builds less
 * (see base-adapters.ts), so its bundle does not carry SES or the directory.
 */
export function createAdapters(config: Config, options: AdapterOptions = {}) {
  const base = createBaseAdapters(config, options);
  return { ...base, ...createSendAdapters(config, base) };
}

export type Adapters = ReturnType<typeof createAdapters>;
