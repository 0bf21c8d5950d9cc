import { readConfig } from "../config/env.js";
import { createOpen311Handler } from "../http/open311/open311-handler.js";
import { createAdapters, createOpen311App } from "../wiring/create-app.js";

const config = readConfig(process.env);
export const handler = createOpen311Handler(await createOpen311App(config, createAdapters(config)));
