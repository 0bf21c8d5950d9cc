import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { type KeyRing, type KeyRingSource, parseKeyRing } from "../links/key-ring.js";

/**
 * The link key ring from Secrets Manager, read at most once per `maxAgeMs` (a rotation reaches
 * every function within that time) and once at a time however many requests ask together. A read
 * that fails is not cached: the next request tries again. A link naming a key the cached ring lacks
 * asks for a fresh read, at most once per `refreshGapMs`, so links signed with a new key work at
 * once and forged key ids cannot make every request call Secrets Manager.
 */
export function secretsManagerKeyRing(options: {
  client: SecretsManagerClient;
  secretId: string;
  maxAgeMs?: number;
  refreshGapMs?: number;
  now?: () => number;
}): KeyRingSource {
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const refreshGapMs = options.refreshGapMs ?? 10_000;
  const now = options.now ?? Date.now;
  let cached: { ring: Promise<KeyRing>; at: number } | undefined;

  async function read(): Promise<KeyRing> {
    const out = await options.client.send(new GetSecretValueCommand({ SecretId: options.secretId }));
    if (out.SecretString === undefined) throw new Error("The link signing secret has no string value");
    return parseKeyRing(out.SecretString);
  }

  function readAgain(): Promise<KeyRing> {
    const ring = read();
    const entry = { ring, at: now() };
    cached = entry;
    ring.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return ring;
  }

  return {
    keyRing() {
      return cached && now() - cached.at < maxAgeMs ? cached.ring : readAgain();
    },
    refreshed() {
      return cached && now() - cached.at < refreshGapMs ? cached.ring : readAgain();
    },
  };
}
