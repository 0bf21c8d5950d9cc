import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BODIES_FILE } from "#adapters/geodata/load-bodies.js";
import { parseBodiesFile } from "#core/bodies/bodies-file.js";
import type { RoutingBodies } from "#core/bodies/body.js";
import type { Councils } from "#core/councils/councils.js";
import type { Config } from "../../config/env.js";
import { councilsFromConfig } from "../councils-from-config.js";

/** Whom sending functions send for and to: the councils, and the other bodies reports can go to. */
export interface DispatchRouting {
  councils: Councils;
  bodies: RoutingBodies;
}

/**
 * No bodies besides parishes and the councils: a case routed to another body goes to its council,
 * saying why. What a function without geodata has.
 */
export const NO_ROUTING_BODIES: RoutingBodies = { all: [], byId: () => undefined };

/** The councils from the config, and the bodies given (by default, the geodata's bodies.json). */
export function dispatchRouting(config: Config, bodies: RoutingBodies = bodiesOf(config)): DispatchRouting {
  return { councils: councilsFromConfig(config), bodies };
}

/**
 * The bodies of the geodata folder's bodies.json, read once at init (a few kilobytes; the sending
 * functions start synchronously). A broken file fails the init, naming the file and the fault.
 */
function bodiesOf(config: Config): RoutingBodies {
  if (!config.GEODATA_DIR) return NO_ROUTING_BODIES;
  const path = join(config.GEODATA_DIR, BODIES_FILE);
  if (!existsSync(path)) return NO_ROUTING_BODIES;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseBodiesFile(path, raw).bodies;
}
