import { describe, expect, it } from "vitest";
import { createHmacLinkSigner } from "../../../functions/adapters/links/hmac-link-signer.js";
import { fixedKeyRing, type KeyRing, parseKeyRing } from "../../../functions/adapters/links/key-ring.js";
import type { ClerkLinkClaims } from "../../../functions/core/links/clerk-link.js";

const K1 = "a".repeat(20) + "-first-key-of-the-ring-0001";
const K2 = "b".repeat(20) + "-second-key-of-the-ring-002";
const ring = (current: string, keys: Record<string, string>): KeyRing => ({
  current,
  keys: new Map(Object.entries(keys)),
});
const now = new Date("2026-12-03T12:00:00Z");
const claims: ClerkLinkClaims = {
  reference: "ZX-4K7M-2QPD",
  action: "in-progress",
  destination: "E04000001",
  expiresAt: Math.floor(now.getTime() / 1000) + 30 * 86_400,
  linkId: "7b0f3c9e-2d4a-4f7e-9c1b-0a2b3c4d5e6f",
};

describe("clerk link signing", () => {
  it("gives back exactly the claims it signed", async () => {
    const signer = createHmacLinkSigner(fixedKeyRing(ring("k1", { k1: K1 })));
    const token = await signer.sign(claims);
    expect(token).toMatch(/^k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(await signer.verify(token, now)).toEqual({ ok: true, claims });
  });

  it("refuses a link at and after its expiry, not a second before", async () => {
    const signer = createHmacLinkSigner(fixedKeyRing(ring("k1", { k1: K1 })));
    const token = await signer.sign(claims);
    const at = (s: number) => new Date(s * 1000);
    expect((await signer.verify(token, at(claims.expiresAt - 1))).ok).toBe(true);
    expect(await signer.verify(token, at(claims.expiresAt))).toEqual({ ok: false, refusal: "expired" });
  });

  it("refuses a link whose claims, key id or signature were changed", async () => {
    const signer = createHmacLinkSigner(fixedKeyRing(ring("k1", { k1: K1, k2: K2 })));
    const token = await signer.sign(claims);
    const [keyId, body, signature] = token.split(".") as [string, string, string];
    const other = Buffer.from(
      Buffer.from(body, "base64url").toString().replace("in-progress", "not-for-us"),
    ).toString("base64url");
    expect(await signer.verify(`${keyId}.${other}.${signature}`, now)).toEqual({
      ok: false,
      refusal: "bad-signature",
    });
    expect(await signer.verify(`k2.${body}.${signature}`, now)).toEqual({
      ok: false,
      refusal: "bad-signature",
    });
    const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "AB" : "AA");
    expect(await signer.verify(`${keyId}.${body}.${flipped}`, now)).toEqual({
      ok: false,
      refusal: "bad-signature",
    });
  });

  it("refuses what is not a token at all", async () => {
    const signer = createHmacLinkSigner(fixedKeyRing(ring("k1", { k1: K1 })));
    for (const token of [
      "",
      "k1",
      "k1..",
      "k1.e30.short",
      "../../etc/passwd",
      `k1.${"a".repeat(2000)}.${"a".repeat(43)}`,
    ]) {
      expect(await signer.verify(token, now)).toEqual({ ok: false, refusal: "malformed" });
    }
  });

  it("refuses signed JSON that is not a link's claims", async () => {
    const signer = createHmacLinkSigner(fixedKeyRing(ring("k1", { k1: K1 })));
    const forged = await signer.sign({ ...claims, action: "delete-everything" as never });
    expect(await signer.verify(forged, now)).toEqual({ ok: false, refusal: "malformed" });
  });

  it("keeps old links working after a rotation, until the old key is removed", async () => {
    const before = createHmacLinkSigner(fixedKeyRing(ring("k1", { k1: K1 })));
    const after = createHmacLinkSigner(fixedKeyRing(ring("k2", { k1: K1, k2: K2 })));
    const retired = createHmacLinkSigner(fixedKeyRing(ring("k2", { k2: K2 })));
    const old = await before.sign(claims);
    const fresh = await after.sign(claims);
    expect(fresh.startsWith("k2.")).toBe(true);
    expect((await after.verify(old, now)).ok).toBe(true);
    expect((await after.verify(fresh, now)).ok).toBe(true);
    expect(await retired.verify(old, now)).toEqual({ ok: false, refusal: "unknown-key" });
    expect((await retired.verify(fresh, now)).ok).toBe(true);
  });
});

describe("the key ring as the secret holds it", () => {
  it("reads the flat shape Secrets Manager generates", () => {
    const parsed = parseKeyRing(JSON.stringify({ current: "k2", k1: K1, k2: K2 }));
    expect(parsed.current).toBe("k2");
    expect([...parsed.keys.keys()]).toEqual(["k1", "k2"]);
  });

  it("names what is wrong, never a key", () => {
    expect(() => parseKeyRing("not json")).toThrow("not JSON");
    expect(() => parseKeyRing(JSON.stringify({ k1: K1 }))).toThrow('no "current"');
    expect(() => parseKeyRing(JSON.stringify({ current: "k3", k1: K1 }))).toThrow("does not hold");
    const short = "too-short-key";
    const error = (() => {
      try {
        parseKeyRing(JSON.stringify({ current: "k1", k1: short }));
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(error).toContain("shorter than 32");
    expect(error).not.toContain(short);
  });
});
