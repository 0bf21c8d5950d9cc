import { readConfig } from "../config/env.js";
import { digestHandler } from "../wiring/handlers/digest.js";

export const handler = digestHandler(readConfig(process.env));
