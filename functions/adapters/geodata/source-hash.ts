import { createHash } from "node:crypto";

/**
 * A SHA-256 over the named source files an index was built from. An index records it, and a loader
 * that finds the sources beside the index recomputes it, so an index left behind after its sources
 * changed is caught instead of silently answering from old boundaries.
 */
export function sourceHash(sources: readonly { name: string; bytes: Uint8Array }[]): string {
  const hash = createHash("sha256");
  for (const { name, bytes } of sources) {
    hash.update(`${name}\0${bytes.byteLength}\0`);
    hash.update(bytes);
  }
  return hash.digest("hex");
}
