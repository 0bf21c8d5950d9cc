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
