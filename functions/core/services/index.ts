import type { ServiceDefinition } from "../routing/service-schema.js";
import { serviceFiles } from "./service-files.js";

/**
 * Every service Signpost offers, keyed by id, taken from the data files without checking them
 * again: a function's cold start would otherwise spend most of its own time in zod and in trying
 * every combination of answers. The files are proven before they can ship: a unit test
 * (test/core/services/service-files.test.ts) runs the full validation over exactly these files and
 * fails on any fault, `npm run check:services` runs it too, and the local stack runs it at start.
 */
export const services: ReadonlyMap<string, ServiceDefinition> = new Map(
  serviceFiles.map(({ raw }) => [(raw as ServiceDefinition).id, raw as ServiceDefinition]),
);
