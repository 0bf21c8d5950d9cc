import { readConfig } from "../config/env.js";
import { open311Handler } from "../wiring/handlers/open311.js";

export const handler = await open311Handler(readConfig(process.env));
