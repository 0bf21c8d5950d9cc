import { readConfig } from "../config/env.js";
import { caseLogHandler } from "../wiring/handlers/case-log.js";

export const handler = await caseLogHandler(readConfig(process.env));
