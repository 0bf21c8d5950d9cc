import type { Ids } from "#core/ports/ids.js";

/** Ids for tests: uuids counting up from 1 (in a fresh sequence per call), everything else fixed. */
export function countingIds(): Ids {
  let n = 0;
  return {
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    int: () => 0,
    hex: () => "00",
    base64: () => "AA==",
  };
}
