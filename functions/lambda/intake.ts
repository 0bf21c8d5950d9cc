import { readConfig } from "../config/env.js";
import { createIntakeHandler } from "../http/handlers/intake-handler.js";
import { createApp } from "../wiring/create-app.js";

export const handler = createIntakeHandler(await createApp(readConfig(process.env)));
