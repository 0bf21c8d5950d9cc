import { ServiceDefinitionError } from "../errors.js";
import { loadService } from "./load-service.js";
import type { ServiceDefinition } from "./service-schema.js";

/**
 * First path segments the site itself uses: a service's id becomes `/{id}` on the form, so a
 * service with one of these ids would be hidden by (or hide) another page. A test checks this list
 * against the routes.
 */
export const RESERVED_SERVICE_IDS: ReadonlySet<string> = new Set([
  "accessibility",
  "privacy",
  "cookies",
  "assets",
  "staff",
  "api",
  "open311",
  "health",
  "check-your-report",
  // A clerk's one-click answer from the report email.
  "respond",
]);

/**
 * Loads every service file, then checks them against each other: ids and reference prefixes must
 * be unique (a second service would silently replace the first, or share its references) and no
 * id may be a path the site already uses.
 */
export function loadServices(
  files: readonly { source: string; raw: unknown }[],
): ReadonlyMap<string, ServiceDefinition> {
  const services = files.map(({ source, raw }) => ({ source, service: loadService(source, raw) }));
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const { source, service } of services) {
    if (RESERVED_SERVICE_IDS.has(service.id)) {
      problems.push(`${source} at id: "${service.id}" is a path the site already uses; choose another id`);
    }
    for (const [key, value] of [
      ["id", service.id],
      ["referencePrefix", service.referencePrefix],
    ] as const) {
      const other = seen.get(`${key}:${value}`);
      if (other) problems.push(`${source} at ${key}: "${value}" is already used by ${other}`);
      seen.set(`${key}:${value}`, source);
    }
  }
  if (problems.length > 0) throw new ServiceDefinitionError(problems.join("\n"));
  return new Map(services.map(({ service }) => [service.id, service]));
}
