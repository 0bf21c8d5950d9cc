import { readConfig } from "../config/env.js";
import { deliveryEventsHandler } from "../wiring/handlers/delivery-events.js";

export const handler = deliveryEventsHandler(readConfig(process.env));
