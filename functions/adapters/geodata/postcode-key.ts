import { normalisePostcode } from "#core/input/postcode.js";

const ALPHABET = " 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * A postcode as one number, for a sorted table searched without strings: the ONS 7-character `pcd`
 * form (outward code padded to 4, then the inward code) read as a base-37 numeral. 37⁷ < 2⁵³, so
 * it is exact, and the order matches the `pcd` string order. Undefined when not a postcode.
 */
export function postcodeKey(input: string): number | undefined {
  const postcode = normalisePostcode(input);
  if (!postcode) return undefined;
  const [outward = "", inward = ""] = postcode.split(" ");
  let key = 0;
  for (const char of outward.padEnd(4) + inward) key = key * 37 + ALPHABET.indexOf(char);
  return key;
}

/** The normalised postcode ("M15 4AB") a key stands for. */
export function postcodeFromKey(key: number): string {
  let chars = "";
  for (let i = 0; i < 7; i++, key = Math.floor(key / 37)) chars = (ALPHABET[key % 37] ?? "?") + chars;
  return `${chars.slice(0, 4).trim()} ${chars.slice(4)}`;
}

const PARTIAL = /^([A-Z]{1,2}[0-9][A-Z0-9]?)(?: ?([0-9][A-Z]?))?$/;

/** The smallest and largest keys of postcodes that start with a partial one ("ZX2", "ZX2 1"). */
export function postcodeKeyRange(partial: string): { from: number; to: number } | undefined {
  const match = PARTIAL.exec(partial.trim().toUpperCase().replace(/\s+/g, " "));
  if (!match) return undefined;
  const prefix = (match[1] as string).padEnd(4) + (match[2] ?? "");
  let from = 0;
  let to = 0;
  for (let i = 0; i < 7; i++) {
    const char = prefix[i];
    from = from * 37 + (char === undefined ? 0 : ALPHABET.indexOf(char));
    to = to * 37 + (char === undefined ? 36 : ALPHABET.indexOf(char));
  }
  return { from, to };
}
