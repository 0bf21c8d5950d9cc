import { loadService } from "../routing/load-service.js";
import type { ServiceDefinition } from "../routing/service-schema.js";
import speeding from "./speeding.json" with { type: "json" };
import streetFurniture from "./street-furniture.json" with { type: "json" };

/**
 * Every service Signpost offers. Adding a service is a data file plus one line here; the file is
 * validated (shape, cross-references, rule coverage) when this module loads.
 */
export const services: ReadonlyMap<string, ServiceDefinition> = new Map(
  [
    loadService("services/speeding.json", speeding),
    loadService("services/street-furniture.json", streetFurniture),
  ].map((s) => [s.id, s]),
);
