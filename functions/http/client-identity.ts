import { createHash } from "node:crypto";
import { isIPv6 } from "node:net";

/**
 * Who sent a request, pseudonymously: limits and idempotency keys are per client, and neither needs
 * to know who the client is. An Open311 client is its API key; anyone else is their source address,
 * an IPv6 one by its /64 (one household or phone has the whole /64, so counting single addresses
 * would let it rotate past every limit). Only a hash is kept, beside counters that live a day.
 */
export function clientOf(event: { requestContext: { http: { sourceIp: string } } }, apiKey?: string): string {
  if (apiKey) return `key:${digest(`api-key\0${apiKey}`)}`;
  return `ip:${digest(`ip\0${networkOf(event.requestContext.http.sourceIp)}`)}`;
}

function digest(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 32);
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
