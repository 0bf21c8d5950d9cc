/**
 * Randomness, behind a port: the core and the HTTP edge ask for identifiers here, so they stay free
 * of `node:crypto` and tests can make them repeatable.
 */
export interface Ids {
  /** A random RFC 4122 version 4 UUID (event ids, form tokens). */
  uuid(): string;
  /** A uniformly random whole number from 0 up to, not including, `max` (reference characters). */
  int(max: number): number;
  /** `bytes` unpredictable bytes as lower-case hex (session ids, CSRF tokens). */
  hex(bytes: number): string;
  /** `bytes` unpredictable bytes as base64 (CSP nonces). */
  base64(bytes: number): string;
}
