/**
 * Every HTTP route and the function that serves it. The local gateway and the CDK HTTP API are
 * both built from this list, so a route cannot exist in one and not the other.
 */
export const routes = [
  { method: "POST", path: "/api/reports", fn: "intake" },
  // Other methods and paths under /api/ get problem+json answers, never the web pages.
  { method: "ANY", path: "/api/{proxy+}", fn: "intake" },
  // Open311 GeoReport v2 (discovery, services, requests; .json or .xml).
  { method: "GET", path: "/open311/v2/{proxy+}", fn: "open311" },
  { method: "POST", path: "/open311/v2/{proxy+}", fn: "open311" },
  { method: "GET", path: "/health", fn: "health" },
  // The staff case log (signed-in council staff); never served by the resident form.
  { method: "GET", path: "/staff", fn: "caseLog" },
  { method: "GET", path: "/staff/{proxy+}", fn: "caseLog" },
  { method: "POST", path: "/staff/{proxy+}", fn: "caseLog" },
  { method: "GET", path: "/", fn: "web" },
  { method: "GET", path: "/{proxy+}", fn: "web" },
  { method: "POST", path: "/{proxy+}", fn: "web" },
] as const;

export type FunctionName = (typeof routes)[number]["fn"];

export type Route = (typeof routes)[number];

/**
 * The route API Gateway would pick for a request: an exact path beats a greedy `{proxy+}`, a longer
 * literal prefix beats a shorter one, and a named method beats ANY.
 */
export function matchRoute(method: string, path: string): Route | undefined {
  const score = (route: Route): number | undefined => {
    if (route.method !== method && route.method !== "ANY") return undefined;
    const methodBonus = route.method === "ANY" ? 0 : 1;
    if (route.path === path) return 1_000_000 + methodBonus;
    if (!route.path.endsWith("/{proxy+}")) return undefined;
    const prefix = route.path.slice(0, -"{proxy+}".length);
    if (!path.startsWith(prefix) || path.length === prefix.length) return undefined;
    return prefix.length * 2 + methodBonus;
  };
  let best: Route | undefined;
  let bestScore = -1;
  for (const route of routes) {
    const s = score(route);
    if (s !== undefined && s > bestScore) {
      best = route;
      bestScore = s;
    }
  }
  return best;
}
