/**
 * UK postcode syntax (the ONS/Royal Mail outward + inward pattern). This checks shape only; whether
 * the postcode exists is the postcode look-up's job.
 */
const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

/** "zx12ab" → "ZX1 2AB"; undefined when it is not a postcode. */
export function normalisePostcode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/\s+/g, "");
  const match = POSTCODE.exec(compact);
  return match ? `${match[1]} ${match[2]}` : undefined;
}
