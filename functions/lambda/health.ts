import { readHealthConfig } from "../config/env.js";
import { healthHandler } from "../wiring/handlers/health.js";

export const handler = healthHandler(readHealthConfig(process.env));
