import { readConfig } from "../config/env.js";
import { createDeliveryEventsHandler } from "../http/handlers/delivery-events-handler.js";
import { createAdapters, createDeliveryEventsApp } from "../wiring/create-app.js";

const config = readConfig(process.env);
export const handler = createDeliveryEventsHandler(createDeliveryEventsApp(config, createAdapters(config)));
