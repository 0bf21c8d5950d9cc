import { describe, expect, it } from "vitest";
import { clientOf, networkOf } from "#http/client-identity.js";

const from = (sourceIp: string) => ({ requestContext: { http: { sourceIp } } });

describe("client identity", () => {
  it("keeps an IPv4 address whole and an IPv6 one to its /64", () => {
    expect(networkOf("203.0.113.7")).toBe("203.0.113.7");
    expect(networkOf("2001:db8:0:12::1")).toBe("2001:db8:0:12");
    expect(networkOf("2001:DB8:0000:0012:ffff::9")).toBe("2001:db8:0:12");
    expect(networkOf("::ffff:198.51.100.4")).toBe("198.51.100.4");
    expect(networkOf("::1")).toBe("0:0:0:0");
  });

  it("counts every address of one /64 as one client, and different ones apart", () => {
    expect(clientOf(from("2001:db8:0:12::1"))).toBe(clientOf(from("2001:db8:0:12:abcd::2")));
    expect(clientOf(from("2001:db8:0:12::1"))).not.toBe(clientOf(from("2001:db8:0:13::1")));
    expect(clientOf(from("203.0.113.7"))).not.toBe(clientOf(from("203.0.113.8")));
  });

  it("names an API client by its key, never the key itself, and never the address", () => {
    const client = clientOf(from("203.0.113.7"), "secret-key-1");
    expect(client).toMatch(/^key:[0-9a-f]{32}$/);
    expect(client).not.toContain("secret");
    expect(clientOf(from("198.51.100.1"), "secret-key-1")).toBe(client);
    expect(clientOf(from("203.0.113.7"))).toMatch(/^ip:[0-9a-f]{32}$/);
    expect(clientOf(from("203.0.113.7"))).not.toContain("203.0.113");
  });
});
