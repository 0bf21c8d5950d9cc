import type { ReportInput } from "../input/report-input.js";
import { fnv1aHex128 } from "./fnv-hash.js";

/**
 * What binds an idempotency key to one report: a hash of the validated input in a canonical form
 * (keys sorted at every level, strings trimmed as the schema trims them, absent fields left out),
 * so the same report sent again hashes the same however its JSON was laid out. 128-bit FNV-1a: a
 * collision only helps the client who made it replay their own earlier report.
 */
export function submissionHash(input: ReportInput): string {
  return fnv1aHex128(canonicalJson(input));
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (typeof value === "string") return value.trim();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, field]) => [key, canonical(field)]),
    );
  }
  return value;
}
