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
 * saying why. Until the bodies file's registry is wired into the sending functions (the routing
 * work loads it from `bodies.json`), this is what they have.
 */
export const NO_ROUTING_BODIES: RoutingBodies = { all: [], byId: () => undefined };

/** The councils from the config, and the bodies given (none by default). */
export function dispatchRouting(config: Config, bodies: RoutingBodies = NO_ROUTING_BODIES): DispatchRouting {
  return { councils: councilsFromConfig(config), bodies };
}
