import { readConfig } from "../config/env.js";
import { directoryRefreshHandler } from "../wiring/handlers/directory-refresh.js";

export const handler = directoryRefreshHandler(readConfig(process.env));
