import { readConfig } from "../config/env.js";
import { createDispatchHandler } from "../http/handlers/dispatch-handler.js";
import { createApp } from "../wiring/create-app.js";

export const handler = createDispatchHandler(await createApp(readConfig(process.env)));
