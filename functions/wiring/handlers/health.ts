import type { HealthConfig } from "../../config/env.js";
import { createHealthHandler } from "../../http/handlers/health-handler.js";

/** The health function's handler: it needs no adapters, so it loads none. */
export function healthHandler(config: HealthConfig) {
  return createHealthHandler({ service: "signpost", district: config.DISTRICT_COUNCIL_NAME });
}
