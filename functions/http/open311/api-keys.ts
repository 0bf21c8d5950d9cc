import { createHash, timingSafeEqual } from "node:crypto";
import type { Council } from "#core/councils/council.js";
import type { Councils } from "#core/councils/councils.js";

/** The SHA-256 of a client key, as lower-case hex: what `OPEN311_API_KEY_SHA256` holds. */
export function sha256Hex(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * A check of a client's `api_key` against the configured hashes. Only hashes are kept, so a leaked
 * configuration does not leak keys; every hash is compared, in constant time, whatever matches.
 */
export function createApiKeyCheck(hashes: readonly string[]): (key: string | undefined) => boolean {
  const known = hashes.map((hash) => Buffer.from(hash.toLowerCase(), "hex"));
  return (key) => {
    if (key === undefined || key === "" || key.length > 512) return false;
    const given = createHash("sha256").update(key, "utf8").digest();
    let matched = false;
    for (const hash of known) {
      if (hash.length === given.length && timingSafeEqual(hash, given)) matched = true;
    }
    return matched;
  };
}

/**
 * The council a client's `api_key` belongs to (docs/adr/0012-many-councils.md: a key is one
 * council's), or undefined for a key of none. Every council's hashes are compared, as above.
 */
export function createCouncilKeyCheck(councils: Councils): (key: string | undefined) => Council | undefined {
  const checks = councils.all.map((council) => ({
    council,
    valid: createApiKeyCheck(council.open311.apiKeyHashes),
  }));
  return (key) => {
    let owner: Council | undefined;
    for (const { council, valid } of checks) if (valid(key) && !owner) owner = council;
    return owner;
  };
}
