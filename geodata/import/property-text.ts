/**
 * A feature property as text: strings, numbers and booleans as written; "" where it is missing, null
 * or not a plain value (an object is never a code or a name).
 */
export function propertyText(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : "";
}
