/**
 * FNV-1a over a string's UTF-8 bytes, at 64 or 128 bits: a pure, fast, stable hash (the core may
 * not use node:crypto). Not a cryptographic hash: use it where a collision is found only by the
 * party it would harm.
 */
const PARAMETERS = {
  64: { offset: 0xcbf29ce484222325n, prime: 0x100000001b3n },
  128: { offset: 0x6c62272e07bb014262b821756295c58dn, prime: 0x0000000001000000000000000000013bn },
} as const;

export function fnv1a(text: string, bits: 64 | 128 = 64): bigint {
  const { offset, prime } = PARAMETERS[bits];
  const mask = (1n << BigInt(bits)) - 1n;
  let hash: bigint = offset;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * prime) & mask;
  return hash;
}

/** The 128-bit hash as 32 hex digits: the form keys and body hashes are stored in. */
export function fnv1aHex128(text: string): string {
  return fnv1a(text, 128).toString(16).padStart(32, "0");
}
