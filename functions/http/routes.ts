/**
 * Every HTTP route and the function that serves it. The local gateway and the CDK HTTP API are
 * both built from this list, so a route cannot exist in one and not the other.
 */
export const routes = [
  { method: "POST", path: "/api/reports", fn: "intake" },
  { method: "GET", path: "/health", fn: "health" },
] as const;

export type FunctionName = (typeof routes)[number]["fn"];
