import type { ClerkLinkClaims, LinkCheck } from "../links/clerk-link.js";

/**
 * Signs and checks clerks' one-click links. The keys live outside the code (Secrets Manager in AWS,
 * the local endpoint under `npm start`) and rotate: a link signed with an older key still works
 * until it expires, as long as that key is kept.
 */
export interface LinkSigner {
  /** A URL-safe token carrying the claims and their signature. */
  sign(claims: ClerkLinkClaims): Promise<string>;
  /** The claims, if the token is well formed, signed by a known key, and not expired at `now`. */
  verify(token: string, now: Date): Promise<LinkCheck>;
}
