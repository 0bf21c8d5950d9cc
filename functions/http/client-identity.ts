import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { isIP, isIPv6 } from "node:net";

/** The header CloudFront adds to every origin request with the edge secret (infra/constructs/edge-distribution.ts). */
export const EDGE_SECRET_HEADER = "x-signpost-edge-secret";
/** CloudFront's `address:port` of the viewer, added by the distribution's origin request policy. */
export const VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address";

/**
 * How this deployment names its clients: the key their hashes are keyed with (CLIENT_HASH_SECRET),
 * and, when the API sits behind CloudFront, the edge secret's digest (see `clientKeys`).
 */
export interface ClientKeys {
  readonly hashKey: Buffer;
  readonly edgeSecretDigest?: Buffer;
}

/**
 * The keys `clientOf` uses. An address is hashed with an HMAC keyed by a deployment secret: a plain
 * SHA-256 of an IPv4 address is reversed by hashing all 2^32 addresses. A new secret names every
 * address afresh, so rotating it restarts every address's rate-limit windows and forgets the form
 * submissions' idempotency keys (both last a day at most). API keys are long and random, so their
 * plain hash stays: an Open311 client keeps its name, and its update ids, across a rotation.
 * CloudFront's viewer address is trusted only on requests carrying the edge secret; none without one.
 */
export function clientKeys(hashSecret: string, edgeSecret?: string): ClientKeys {
  if (hashSecret.length < 32) throw new Error("The client hash secret must be at least 32 characters");
  return {
    hashKey: Buffer.from(hashSecret, "utf8"),
    ...(edgeSecret ? { edgeSecretDigest: sha256(edgeSecret) } : {}),
  };
}

export interface ClientEvent {
  requestContext: { http: { sourceIp: string } };
  headers?: Record<string, string | undefined>;
}

/**
 * Who sent a request, pseudonymously: limits and idempotency keys are per client, and neither needs
 * to know who the client is. An Open311 client is its API key; anyone else is their source address,
 * an IPv6 one by its /64 (one household or phone has the whole /64, so counting single addresses
 * would let it rotate past every limit). Only a keyed hash is kept, beside counters that live a day.
 *
 * Behind CloudFront the source address is CloudFront's, so the viewer's address is taken from
 * CloudFront's header, but only when the request also carries the edge secret: anyone can send that
 * header straight to the API, and then it is ignored.
 */
export function clientOf(event: ClientEvent, apiKey: string | undefined, keys: ClientKeys): string {
  if (apiKey) return `key:${sha256(`api-key\0${apiKey}`).toString("hex").slice(0, 32)}`;
  const address = viewerAddress(event, keys) ?? event.requestContext.http.sourceIp;
  return `ip:${keyedDigest(keys, `ip\0${networkOf(address)}`)}`;
}

/**
 * Whether a request came through this deployment's CloudFront: it carries the edge secret. Only
 * then are the headers CloudFront sets about the viewer (address, host) the viewer's.
 */
export function throughEdge(event: Pick<ClientEvent, "headers">, keys: ClientKeys): boolean {
  const secret = event.headers?.[EDGE_SECRET_HEADER];
  if (!keys.edgeSecretDigest || secret === undefined) return false;
  // Compared as digests: equal lengths, and the time taken says nothing about the secret.
  return timingSafeEqual(sha256(secret), keys.edgeSecretDigest);
}

function viewerAddress(event: ClientEvent, keys: ClientKeys): string | undefined {
  if (!throughEdge(event, keys)) return undefined;
  const value = event.headers?.[VIEWER_ADDRESS_HEADER]?.trim() ?? "";
  // `198.51.100.10:46532` or `2001:db8::1:46532`: the address is everything before the last colon.
  const address = value.slice(0, Math.max(0, value.lastIndexOf(":"))).replace(/^\[(.*)\]$/, "$1");
  return isIP(address) ? address : undefined;
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** 32 hex characters, as the unkeyed hash was, so stored client names keep their shape. */
function keyedDigest(keys: ClientKeys, text: string): string {
  return createHmac("sha256", keys.hashKey).update(text, "utf8").digest("hex").slice(0, 32);
}

/** An IPv4 address as it is; an IPv6 address as its first four groups (its /64 network). */
export function networkOf(ip: string): string {
  const address = ip.trim().toLowerCase();
  if (!isIPv6(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1] as string;
  const [head = "", tail = ""] = address.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const zeros = Array.from({ length: Math.max(0, 8 - headGroups.length - tailGroups.length) }, () => "0");
  const groups = address.includes("::") ? [...headGroups, ...zeros, ...tailGroups] : headGroups;
  return groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":");
}
