/**
 * A tiny seeded PRNG so the demo data is identical on every run and every machine.
 * `Math.random` is never used by the generator.
 */

/** Source of uniform numbers in [0, 1). */
export type Random = () => number;

/** FNV-1a: turns a text key into a 32-bit seed, so each mesh feature gets its own stream. */
function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: small, fast and good enough for shapes (not for cryptography). */
function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A stream keyed by name. Keying by feature (e.g. "edge:12:34") rather than drawing from one global
 * stream means the shape of an edge never depends on the order in which edges are visited.
 */
export function randomFor(seed: string, key: string): Random {
  return mulberry32(hashKey(`${seed}/${key}`));
}

/** Uniform number in [min, max). */
export function between(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

/** Uniform integer in [min, max]. */
export function integerBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}
