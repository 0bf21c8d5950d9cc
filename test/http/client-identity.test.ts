import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  clientKeys,
  clientOf,
  EDGE_SECRET_HEADER,
  networkOf,
  VIEWER_ADDRESS_HEADER,
} from "#http/client-identity.js";

const HASH_SECRET = "client-hash-secret-0123456789abcdef";
/** The deployment's keys without CloudFront. */
const direct = clientKeys(HASH_SECRET);

const from = (sourceIp: string, headers?: Record<string, string>) => ({
  requestContext: { http: { sourceIp } },
  ...(headers ? { headers } : {}),
});
const id = (event: ReturnType<typeof from>, apiKey?: string) => clientOf(event, apiKey, direct);

describe("client identity", () => {
  it("keeps an IPv4 address whole and an IPv6 one to its /64", () => {
    expect(networkOf("203.0.113.7")).toBe("203.0.113.7");
    expect(networkOf("2001:db8:0:12::1")).toBe("2001:db8:0:12");
    expect(networkOf("2001:DB8:0000:0012:ffff::9")).toBe("2001:db8:0:12");
    expect(networkOf("::ffff:198.51.100.4")).toBe("198.51.100.4");
    expect(networkOf("::1")).toBe("0:0:0:0");
  });

  it("counts every address of one /64 as one client, and different ones apart", () => {
    expect(id(from("2001:db8:0:12::1"))).toBe(id(from("2001:db8:0:12:abcd::2")));
    expect(id(from("2001:db8:0:12::1"))).not.toBe(id(from("2001:db8:0:13::1")));
    expect(id(from("203.0.113.7"))).not.toBe(id(from("203.0.113.8")));
  });

  it("names an API client by its key, never the key itself, and never the address", () => {
    const client = id(from("203.0.113.7"), "secret-key-1");
    expect(client).toMatch(/^key:[0-9a-f]{32}$/);
    expect(client).not.toContain("secret");
    expect(id(from("198.51.100.1"), "secret-key-1")).toBe(client);
    expect(id(from("203.0.113.7"))).toMatch(/^ip:[0-9a-f]{32}$/);
    expect(id(from("203.0.113.7"))).not.toContain("203.0.113");
  });
});

describe("client identity keyed by the deployment's secret", () => {
  const unkeyed = (address: string) =>
    `ip:${createHash("sha256").update(`ip\0${address}`, "utf8").digest("hex").slice(0, 32)}`;

  it("is an HMAC, not a plain SHA-256 anyone could rebuild by hashing every IPv4 address", () => {
    expect(id(from("203.0.113.7"))).not.toBe(unkeyed("203.0.113.7"));
  });

  it("is stable under the same key and differs under another (a rotation restarts every limit)", () => {
    const again = clientKeys(HASH_SECRET);
    const other = clientKeys(`${HASH_SECRET}-rotated`);
    expect(clientOf(from("203.0.113.7"), undefined, again)).toBe(id(from("203.0.113.7")));
    expect(clientOf(from("203.0.113.7"), undefined, other)).not.toBe(id(from("203.0.113.7")));
    expect(clientOf(from("203.0.113.7"), undefined, other)).toMatch(/^ip:[0-9a-f]{32}$/);
  });

  it("keeps an API client's name across a rotation (its update ids are kept by it)", () => {
    const other = clientKeys(`${HASH_SECRET}-rotated`);
    expect(clientOf(from("203.0.113.7"), "secret-key-1", other)).toBe(
      id(from("203.0.113.7"), "secret-key-1"),
    );
  });

  it("refuses a short secret", () => {
    expect(() => clientKeys("too-short")).toThrow("at least 32 characters");
  });
});

describe("client identity behind CloudFront", () => {
  const secret = "edge-secret-0123456789abcdef0123456789abcdef";
  const edge = clientKeys(HASH_SECRET, secret);
  // CloudFront's own address, as API Gateway sees every request through the distribution.
  const cloudFront = "130.176.1.2";
  const viaEdge = (viewer: string, sent = secret) =>
    from(cloudFront, { [EDGE_SECRET_HEADER]: sent, [VIEWER_ADDRESS_HEADER]: viewer });

  it("takes the viewer's address from CloudFront's header when the request carries the edge secret", () => {
    expect(clientOf(viaEdge("203.0.113.7:46532"), undefined, edge)).toBe(id(from("203.0.113.7")));
    expect(clientOf(viaEdge("203.0.113.7:46532"), undefined, edge)).not.toBe(id(from(cloudFront)));
    // Two viewers behind the same CloudFront address are two clients.
    expect(clientOf(viaEdge("203.0.113.8:1000"), undefined, edge)).not.toBe(
      clientOf(viaEdge("203.0.113.7:1000"), undefined, edge),
    );
  });

  it("reads an IPv6 viewer address (with or without brackets) and keeps it to its /64", () => {
    const expected = id(from("2001:db8:0:12::1"));
    expect(clientOf(viaEdge("2001:db8:0:12::1:46532"), undefined, edge)).toBe(expected);
    expect(clientOf(viaEdge("[2001:db8:0:12:abcd::9]:443"), undefined, edge)).toBe(expected);
  });

  it("ignores a spoofed viewer address sent without the secret, or with a wrong one", () => {
    const spoofed = from("198.51.100.1", { [VIEWER_ADDRESS_HEADER]: "203.0.113.7:1" });
    expect(clientOf(spoofed, undefined, edge)).toBe(id(from("198.51.100.1")));
    expect(clientOf(viaEdge("203.0.113.7:1", "guess"), undefined, edge)).toBe(id(from(cloudFront)));
    expect(clientOf(viaEdge("203.0.113.7:1", `${secret}x`), undefined, edge)).toBe(id(from(cloudFront)));
  });

  it("ignores the headers altogether where no edge secret is configured", () => {
    expect(direct.edgeSecretDigest).toBeUndefined();
    expect(clientKeys(HASH_SECRET, "").edgeSecretDigest).toBeUndefined();
    expect(id(viaEdge("203.0.113.7:1"))).toBe(id(from(cloudFront)));
  });

  it("falls back to the source address when CloudFront's header is missing or malformed", () => {
    const socket = id(from(cloudFront));
    expect(clientOf(from(cloudFront, { [EDGE_SECRET_HEADER]: secret }), undefined, edge)).toBe(socket);
    for (const bad of ["", "203.0.113.7", "not-an-ip:80", "203.0.113.7:1, 198.51.100.1:2", ":80"])
      expect(clientOf(viaEdge(bad), undefined, edge), bad).toBe(socket);
  });

  it("still names an Open311 client by its key", () => {
    expect(clientOf(viaEdge("203.0.113.7:1"), "secret-key-1", edge)).toBe(
      id(from("198.51.100.1"), "secret-key-1"),
    );
  });
});
