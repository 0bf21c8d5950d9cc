import { readConfig } from "../config/env.js";
import { intakeHandler } from "../wiring/handlers/intake.js";

export const handler = await intakeHandler(readConfig(process.env));
