import { readConfig } from "../config/env.js";
import { createIntakeHandler } from "../http/handlers/intake-handler.js";
import { createAdapters, createIntakeApp } from "../wiring/create-app.js";

const config = readConfig(process.env);
export const handler = createIntakeHandler(await createIntakeApp(config, createAdapters(config)));
