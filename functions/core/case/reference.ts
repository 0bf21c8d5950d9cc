import { fnv1a } from "./fnv-hash.js";

/**
 * Case references such as `SPD-7K3Q-9XW2`: a service prefix, seven random characters and a check
 * character. The alphabet leaves out 0/O, 1/I/L and U so references survive being read out
 * over the phone or copied by hand; 30 symbols give 21 billion references per prefix.
 */
export const REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const N = REFERENCE_ALPHABET.length;

const REFERENCE_PATTERN = new RegExp(
  `^([A-Z]{2,5})-([${REFERENCE_ALPHABET}]{4})-([${REFERENCE_ALPHABET}]{4})$`,
);

/** Luhn mod N check character: catches every single-character error and most adjacent swaps. */
export function checkCharacter(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    const code = REFERENCE_ALPHABET.indexOf(body[i] as string);
    if (code < 0) throw new RangeError(`"${body[i]}" is not a reference character`);
    const addend = factor * code;
    sum += Math.floor(addend / N) + (addend % N);
    factor = factor === 2 ? 1 : 2;
  }
  return REFERENCE_ALPHABET[(N - (sum % N)) % N] as string;
}

/** A uniformly random whole number below `max`: `Ids.int` in production, fixed or seeded in tests. */
export type RandomIndex = (max: number) => number;

export function newReference(prefix: string, random: RandomIndex): string {
  let body = "";
  for (let i = 0; i < 7; i++) body += REFERENCE_ALPHABET[random(N)];
  const full = body + checkCharacter(body);
  return `${prefix}-${full.slice(0, 4)}-${full.slice(4)}`;
}

/**
 * The reference a client's idempotency key stands for: the same key always gives the same
 * reference, so storing the case is what claims the key. From a 64-bit FNV-1a hash of the key as
 * scoped by the caller (client, service and key, so one client's keys cannot predict or occupy
 * another's references); not secret, and a reference taken by another case is handled by the caller.
 */
export function keyedReference(prefix: string, scopedKey: string): string {
  let hash = fnv1a(scopedKey);
  return newReference(prefix, (max) => {
    const digit = Number(hash % BigInt(max));
    hash /= BigInt(max);
    return digit;
  });
}

/**
 * Normalises what a person typed (any case, spaces, missing hyphens, O for 0 and I/L for 1 are not
 * valid symbols so they are rejected) and verifies the check character. Returns undefined if invalid.
 */
export function parseReference(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, "");
  const match = /^([A-Z]{2,5}?)([0-9A-Z]{8})$/.exec(compact);
  if (!match) return undefined;
  const [, prefix, chars] = match as unknown as [string, string, string];
  const candidate = `${prefix}-${chars.slice(0, 4)}-${chars.slice(4)}`;
  if (!REFERENCE_PATTERN.test(candidate)) return undefined;
  return checkCharacter(chars.slice(0, 7)) === chars[7] ? candidate : undefined;
}
