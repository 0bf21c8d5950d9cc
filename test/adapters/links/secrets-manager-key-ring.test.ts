import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import { createHmacLinkSigner } from "../../../functions/adapters/links/hmac-link-signer.js";
import { fixedKeyRing, parseKeyRing } from "../../../functions/adapters/links/key-ring.js";
import { secretsManagerKeyRing } from "../../../functions/adapters/secrets/secrets-manager-key-ring.js";
import type { ClerkLinkClaims } from "../../../functions/core/links/clerk-link.js";

const K1 = "first-key-of-the-ring-".padEnd(40, "1");
const K2 = "second-key-of-the-ring-".padEnd(40, "2");
const before = JSON.stringify({ current: "k1", k1: K1 });
const after = JSON.stringify({ current: "k2", k1: K1, k2: K2 });
const claims: ClerkLinkClaims = {
  reference: "ZX-4K7M-2QPD",
  action: "received",
  destination: "E04000001",
  expiresAt: 2_000_000_000,
  linkId: "7b0f3c9e-2d4a-4f7e-9c1b-0a2b3c4d5e6f",
};

/** A Secrets Manager client whose secret the test changes, counting GetSecretValue calls. */
function fakeSecrets(value: string) {
  const secret = { value, reads: 0 };
  const client = {
    send: async () => {
      secret.reads++;
      return { SecretString: secret.value };
    },
  } as unknown as SecretsManagerClient;
  return { secret, client };
}

describe("the key ring read from Secrets Manager", () => {
  it("reads once while fresh, and again after five minutes", async () => {
    let clock = 0;
    const { secret, client } = fakeSecrets(before);
    const source = secretsManagerKeyRing({ client, secretId: "links", now: () => clock });
    await Promise.all([source.keyRing(), source.keyRing(), source.keyRing()]);
    expect(secret.reads).toBe(1);
    clock += 5 * 60_000 - 1;
    await source.keyRing();
    expect(secret.reads).toBe(1);
    clock += 1;
    await source.keyRing();
    expect(secret.reads).toBe(2);
  });

  it("checks a link signed with a key rotated in since its last read, at once", async () => {
    let clock = 0;
    const { secret, client } = fakeSecrets(before);
    const signer = createHmacLinkSigner(
      secretsManagerKeyRing({ client, secretId: "links", now: () => clock }),
    );
    await signer.verify("k1.e30." + "A".repeat(43), new Date(0));
    // Another function saw the rotation first and signed with the new key.
    secret.value = after;
    clock += 30_000;
    const fresh = await createHmacLinkSigner(fixedKeyRing(parseKeyRing(after))).sign(claims);
    expect(await signer.verify(fresh, new Date(0))).toEqual({ ok: true, claims });
  });

  it("lets forged key ids cause at most one read each ten seconds", async () => {
    let clock = 0;
    const { secret, client } = fakeSecrets(before);
    const signer = createHmacLinkSigner(
      secretsManagerKeyRing({ client, secretId: "links", now: () => clock }),
    );
    await signer.verify("k1.e30." + "A".repeat(43), new Date(0));
    clock += 60_000;
    for (let i = 0; i < 50; i++) {
      expect(await signer.verify(`nope${i}.e30.${"A".repeat(43)}`, new Date(0))).toEqual({
        ok: false,
        refusal: "unknown-key",
      });
    }
    expect(secret.reads).toBe(2);
    clock += 10_000;
    await signer.verify(`nope.e30.${"A".repeat(43)}`, new Date(0));
    expect(secret.reads).toBe(3);
  });

  it("does not keep a failed read", async () => {
    let fail = true;
    const client = {
      send: async () => {
        if (fail) throw new Error("throttled");
        return { SecretString: before };
      },
    } as unknown as SecretsManagerClient;
    const source = secretsManagerKeyRing({ client, secretId: "links" });
    await expect(source.keyRing()).rejects.toThrow("throttled");
    fail = false;
    expect((await source.keyRing()).current).toBe("k1");
  });
});
