import { loadServices } from "../routing/load-services.js";
import type { ServiceDefinition } from "../routing/service-schema.js";
import speeding from "./speeding.json" with { type: "json" };
import streetFurniture from "./street-furniture.json" with { type: "json" };

/**
 * Every service Signpost offers. Adding a service is a data file plus one line here; the file is
 * validated (shape, cross-references, rule coverage, unique ids) when this module loads.
 */
export const services: ReadonlyMap<string, ServiceDefinition> = loadServices([
  { source: "services/speeding.json", raw: speeding },
  { source: "services/street-furniture.json", raw: streetFurniture },
]);
