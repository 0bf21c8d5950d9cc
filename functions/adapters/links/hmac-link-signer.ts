import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import { CLERK_ACTIONS, type ClerkLinkClaims, type LinkCheck } from "#core/links/clerk-link.js";
import type { LinkSigner } from "#core/ports/link-signer.js";
import { KEY_ID_PATTERN, type KeyRingSource } from "./key-ring.js";

/**
 * Clerks' links as `<key id>.<claims>.<signature>`: the claims are base64url JSON, the signature an
 * HMAC-SHA256 over the version, key id and claims, so neither the claims nor the key id can be
 * changed. The key id picks the key from the ring, so links signed before a rotation still check.
 */
const VERSION = "cl1";

const claimsSchema = z.object({
  r: z.string().check(z.regex(/^[0-9A-Z-]{1,40}$/)),
  a: z.enum(CLERK_ACTIONS),
  d: z.string().check(z.regex(/^[A-Za-z0-9-]{1,20}$/)),
  e: z.int().check(z.positive()),
  n: z.string().check(z.regex(/^[A-Za-z0-9-]{8,64}$/)),
});

const TOKEN_PATTERN = /^([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{1,1024})\.([A-Za-z0-9_-]{43})$/;

export function createHmacLinkSigner(source: KeyRingSource): LinkSigner {
  const mac = (key: string, keyId: string, body: string) =>
    createHmac("sha256", key).update(`${VERSION}.${keyId}.${body}`).digest();

  return {
    async sign(claims: ClerkLinkClaims): Promise<string> {
      const ring = await source.keyRing();
      const key = ring.keys.get(ring.current);
      if (!key || !KEY_ID_PATTERN.test(ring.current)) throw new Error("The key ring has no current key");
      const compact = {
        r: claims.reference,
        a: claims.action,
        d: claims.destination,
        e: claims.expiresAt,
        n: claims.linkId,
      };
      const body = Buffer.from(JSON.stringify(compact)).toString("base64url");
      return `${ring.current}.${body}.${mac(key, ring.current, body).toString("base64url")}`;
    },

    async verify(token: string, now: Date): Promise<LinkCheck> {
      const match = TOKEN_PATTERN.exec(token);
      if (!match) return { ok: false, refusal: "malformed" };
      const [, keyId = "", body = "", signature = ""] = match;
      let key = (await source.keyRing()).keys.get(keyId);
      // Just after a rotation another function may sign with a key this one has not read yet.
      if (!key && source.refreshed) key = (await source.refreshed()).keys.get(keyId);
      if (!key) return { ok: false, refusal: "unknown-key" };
      const given = Buffer.from(signature, "base64url");
      const expected = mac(key, keyId, body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, refusal: "bad-signature" };
      }
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
      } catch {
        return { ok: false, refusal: "malformed" };
      }
      const parsed = z.safeParse(claimsSchema, json);
      if (!parsed.success) return { ok: false, refusal: "malformed" };
      const { r, a, d, e, n } = parsed.data;
      if (now.getTime() / 1000 >= e) return { ok: false, refusal: "expired" };
      return { ok: true, claims: { reference: r, action: a, destination: d, expiresAt: e, linkId: n } };
    },
  };
}
