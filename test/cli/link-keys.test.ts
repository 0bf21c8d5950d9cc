import { describe, expect, it } from "vitest";
import { parseKeyRing } from "#adapters/links/key-ring.js";
import {
  FIRST_KEY_ID,
  firstKeyRing,
  KEEP_RETIRED_DAYS,
  keyIdAt,
  keyRingJson,
  madeAt,
  rotateKeyRing,
} from "../../functions/cli/link-keys.js";

// Rotation decides from the ring alone which keys can go: a key is retired when the next one is
// made, and goes once every link it signed (30 days) has expired.

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const ring = (current: string, ...ids: string[]) => ({
  current,
  keys: new Map(ids.map((id) => [id, `key-of-${id}`.padEnd(43, "x")])),
});

describe("link key ids", () => {
  it("say when the key was made, to the millisecond, and read back", () => {
    const when = at("2026-12-03T17:25:43.120Z");
    expect(keyIdAt(when)).toBe("k20261203172543120");
    expect(madeAt("k20261203172543120")).toBe(when.getTime());
    expect(madeAt(FIRST_KEY_ID)).toBe(0);
    for (const id of ["k20261303000000000", "k20261203172543", "current", "k1"])
      expect(madeAt(id)).toBeUndefined();
  });

  it("make a first ring the key ring parser takes", () => {
    const first = firstKeyRing(at("2026-12-03T10:00:00Z"));
    const parsed = parseKeyRing(keyRingJson(first));
    expect(parsed.current).toBe("k20261203100000000");
    expect(parsed.keys.get("k20261203100000000")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe("rotating the ring", () => {
  it("adds a new random key and makes it current, keeping the one it retires", () => {
    const before = ring("k0", "k0");
    const { ring: after, added, dropped } = rotateKeyRing(before, at("2026-12-03T10:00:00Z"));
    expect(added).toBe("k20261203100000000");
    expect(after.current).toBe(added);
    expect([...after.keys.keys()].sort()).toEqual(["k0", added]);
    expect(after.keys.get(added)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(dropped).toEqual([]);
    // The ring given is not changed.
    expect(before.keys.size).toBe(1);
  });

  it("drops a key retired more than 31 days ago, and keeps one retired 31 days ago to the second", () => {
    // k0 was retired when k…01 was made; k…01 when k…02 was made (the current key).
    const retiredAt = Date.parse("2026-10-01T00:00:00Z");
    const keys = ring("k20261010000000000", "k0", "k20261001000000000", "k20261010000000000");
    const edge = new Date(retiredAt + KEEP_RETIRED_DAYS * DAY);
    expect(rotateKeyRing(keys, edge).dropped).toEqual([]);
    const later = new Date(edge.getTime() + 1000);
    const rotated = rotateKeyRing(keys, later);
    expect(rotated.dropped).toEqual(["k0"]);
    expect([...rotated.ring.keys.keys()]).toEqual([
      "k20261001000000000",
      "k20261010000000000",
      keyIdAt(later),
    ]);
  });

  it("never drops the current key, however old", () => {
    const rotated = rotateKeyRing(ring("k0", "k0"), at("2030-01-01T00:00:00Z"));
    expect(rotated.ring.keys.has("k0")).toBe(true);
    const again = rotateKeyRing(rotated.ring, at("2030-03-01T00:00:00Z"));
    expect(again.dropped).toEqual(["k0"]);
  });

  it("keeps keys whose ids do not say when they were made, and names them", () => {
    const rotated = rotateKeyRing(ring("k0", "k0", "hand-made"), at("2030-01-01T00:00:00Z"));
    expect(rotated.undated).toEqual(["hand-made"]);
    expect(rotated.ring.keys.has("hand-made")).toBe(true);
  });

  it("refuses a second rotation in the same millisecond", () => {
    const now = at("2026-12-03T10:00:00Z");
    const once = rotateKeyRing(ring("k0", "k0"), now);
    expect(() => rotateKeyRing(once.ring, now)).toThrow(/made at this moment/);
  });
});
