import { readConfig } from "../config/env.js";
import { createRequeueHandler } from "../http/handlers/requeue-handler.js";
import { createAdapters, createRequeueApp } from "../wiring/create-app.js";

const config = readConfig(process.env);
export const handler = createRequeueHandler(createRequeueApp(config, createAdapters(config)));
