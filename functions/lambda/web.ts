import { readConfig } from "../config/env.js";
import { createWebHandler } from "../http/web/web-handler.js";
import { createAdapters, createWebApp } from "../wiring/create-app.js";

const config = readConfig(process.env);
export const handler = createWebHandler(await createWebApp(config, createAdapters(config)));
