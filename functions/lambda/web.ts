import { readConfig } from "../config/env.js";
import { webHandler } from "../wiring/handlers/web.js";

export const handler = await webHandler(readConfig(process.env));
