import { readConfig } from "../config/env.js";
import { createDispatchHandler } from "../http/handlers/dispatch-handler.js";
import { createAdapters, createDispatchApp } from "../wiring/create-app.js";

const config = readConfig(process.env);
export const handler = createDispatchHandler(createDispatchApp(config, createAdapters(config)));
