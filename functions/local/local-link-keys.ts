import { parseKeyRing, type KeyRing } from "#adapters/links/key-ring.js";
import { firstKeyRing, keyRingJson } from "../cli/link-keys.js";
import type { LocalSecrets, StoredSecret } from "./secrets-store.js";

/** The local secret holding clerks' link keys (a CloudFormation-named secret in AWS). */
export const LINK_KEY_SECRET_NAME = "signpost-clerk-link-keys";

/**
 * The link key secret, made at the first start with one random key. With a data directory it is
 * kept there, so links already emailed still work after a restart.
 */
export function ensureLinkKeySecret(secrets: LocalSecrets, now = new Date()): StoredSecret {
  if (secrets.has(LINK_KEY_SECRET_NAME)) return secrets.find(LINK_KEY_SECRET_NAME);
  return secrets.create(LINK_KEY_SECRET_NAME, keyRingJson(firstKeyRing(now)), now.getTime());
}

/** The ring as the secret holds it now (tests sign and check links with it). */
export function currentKeyRing(secrets: LocalSecrets): KeyRing {
  const secret = secrets.find(LINK_KEY_SECRET_NAME);
  return parseKeyRing(secrets.version(secret, {}).secretString);
}
