import type { Config } from "../../config/env.js";
import { createDeliveryEventsHandler } from "../../http/handlers/delivery-events-handler.js";
import { createBaseAdapters } from "../adapters/base-adapters.js";
import { createDeliveryEventsApp } from "../apps/delivery-events-app.js";

/** The delivery-events function's handler, built from its validated config. */
export function deliveryEventsHandler(config: Config) {
  return createDeliveryEventsHandler(createDeliveryEventsApp(config, createBaseAdapters(config)));
}
