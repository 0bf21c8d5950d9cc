import { loadServices } from "../routing/load-services.js";
import type { ServiceDefinition } from "../routing/service-schema.js";
import { serviceFiles } from "./service-files.js";

/**
 * The full validation of every service file (shape, cross-references, rule coverage, unique ids),
 * naming the file and the path of any fault. Run by the tests, `npm run check:services` and the
 * local stack; the functions themselves use `services`, which these checks have proven.
 */
export function validatedServices(): ReadonlyMap<string, ServiceDefinition> {
  return loadServices(serviceFiles);
}
