/**
 * The composition root as the local stack sees it: every function's app, and every shared adapter
 * at once. The Lambda entries do not import this file: each function's wiring in handlers/
 * imports only its own app and adapters, so its bundle carries only the SDK clients and packages
 * it uses (test/infra/bundle-contents.test.ts holds each function to its list). Local and AWS run
 * the same factories; only the endpoints differ.
 */
export { type Adapters, createAdapters } from "./adapters/all-adapters.js";
export { type BaseAdapters, createBaseAdapters } from "./adapters/base-adapters.js";
export type { AdapterOptions } from "./sdk-clients.js";
export { createCaseLogApp } from "./apps/case-log-app.js";
export { createDigestApp } from "./apps/digest-app.js";
export { createDeliveryEventsApp } from "./apps/delivery-events-app.js";
export { createDispatchApp } from "./apps/dispatch-app.js";
export { createIntakeApp } from "./apps/intake-app.js";
export { createOpen311App } from "./apps/open311-app.js";
export { createRequeueApp } from "./apps/requeue-app.js";
export { createWebApp } from "./apps/web-app.js";
