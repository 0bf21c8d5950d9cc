import { readConfig } from "../config/env.js";
import { createCaseLogHandler } from "../http/case-log/case-log-handler.js";
import { createAdapters, createCaseLogApp } from "../wiring/create-app.js";

const config = readConfig(process.env);
export const handler = createCaseLogHandler(await createCaseLogApp(config, createAdapters(config)));
