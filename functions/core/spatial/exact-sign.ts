/**
 * The sign of a·b − c·d computed exactly, as a robust orientation predicate does. Turf's
 * point-in-polygon decides "on the edge" and "which side" with an exact sign, so the index must too,
 * or points within rounding distance of an edge would get a different answer.
 */
export function crossSign(a: number, b: number, c: number, d: number): number {
  const left = a * b;
  const right = c * d;
  const det = left - right;
  const magnitude = Math.abs(left) + Math.abs(right);
  // Each product is within half an ulp (2⁻⁵³ relative) of the true value; 2⁻⁵¹ leaves ample margin
  // for the sum and subtraction. Tiny magnitudes could have lost precision to underflow.
  if (Math.abs(det) > magnitude * ERROR_BOUND && magnitude > TINY) return Math.sign(det);
  return exactSign(a, b, c, d);
}

const ERROR_BOUND = 2 ** -51;
const TINY = 2 ** -900;

/** Slow path for near-collinear inputs: every finite double is an integer times a power of two. */
function exactSign(a: number, b: number, c: number, d: number): number {
  const [ma, ea] = toScaledInteger(a);
  const [mb, eb] = toScaledInteger(b);
  const [mc, ec] = toScaledInteger(c);
  const [md, ed] = toScaledInteger(d);
  let left = ma * mb;
  let right = mc * md;
  const leftExponent = ea + eb;
  const rightExponent = ec + ed;
  // Align both products on the smaller exponent, then compare integers.
  if (leftExponent > rightExponent) left <<= BigInt(leftExponent - rightExponent);
  else right <<= BigInt(rightExponent - leftExponent);
  return left > right ? 1 : left < right ? -1 : 0;
}

const scratch = new DataView(new ArrayBuffer(8));

/** x = mantissa · 2^exponent, exactly. */
function toScaledInteger(x: number): [mantissa: bigint, exponent: number] {
  scratch.setFloat64(0, x);
  const high = scratch.getUint32(0);
  const low = scratch.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  if (biased !== 0) mantissa |= 1n << 52n;
  const exponent = biased === 0 ? -1074 : biased - 1075;
  return [high >>> 31 ? -mantissa : mantissa, exponent];
}
