import { readConfig } from "../config/env.js";
import { dispatchHandler } from "../wiring/handlers/dispatch.js";

export const handler = dispatchHandler(readConfig(process.env));
