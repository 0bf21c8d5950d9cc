import type { Config } from "../config/env.js";
import { type ClientKeys, clientKeys } from "../http/client-identity.js";

/** The keys that name clients (see `clientKeys`), for the functions that limit them. */
export function clientKeysOf(config: Config): ClientKeys {
  if (!config.CLIENT_HASH_SECRET) {
    throw new Error("CLIENT_HASH_SECRET is required: client addresses are hashed with it");
  }
  return clientKeys(config.CLIENT_HASH_SECRET, config.TRUSTED_EDGE_SECRET);
}
