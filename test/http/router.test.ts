import { describe, expect, it } from "vitest";
import { caseLogRoutes } from "../../functions/http/case-log/case-log-routes.js";
import { open311Router } from "../../functions/http/open311/open311-routes.js";
import { createRouter } from "../../functions/http/router.js";
import { webRoutes } from "../../functions/http/web/routes.js";

const params = {
  id: { pattern: "[a-z0-9-]+", example: "abc" },
  format: { pattern: "json|xml", example: "json" },
};

describe("router", () => {
  const router = createRouter(
    [
      { method: "GET" as const, path: "/things/new", name: "new" },
      { method: "GET" as const, path: "/things/{id}", name: "one" },
      { method: "POST" as const, path: "/things/{id}", name: "change" },
      { method: "GET" as const, path: "/things/{id}.{format}", name: "typed" },
    ],
    params,
  );

  it("matches literal paths before templates, in table order", () => {
    expect(router.match("GET", "/things/new")?.route.name).toBe("new");
    expect(router.match("GET", "/things/abc")).toMatchObject({
      route: { name: "one" },
      params: { id: "abc" },
    });
  });

  it("matches by method and names every parameter", () => {
    expect(router.match("POST", "/things/abc")?.route.name).toBe("change");
    expect(router.match("GET", "/things/a-1.xml")?.params).toEqual({ id: "a-1", format: "xml" });
  });

  it("anchors patterns and escapes literal dots and slashes", () => {
    expect(router.match("GET", "/things/abc/more")).toBeUndefined();
    expect(router.match("GET", "x/things/abc")).toBeUndefined();
    expect(router.match("GET", "/things/ABC")).toBeUndefined();
    const typed = router.routes[3];
    expect(typed?.pattern.test("/things/abc.json")).toBe(true);
    expect(typed?.pattern.test("/things/abcxjson")).toBe(false);
    expect(router.match("GET", "/things/abc.csv")).toBeUndefined();
  });

  it("says which methods a path takes, for 405 answers", () => {
    expect(router.allowedMethods("/things/abc")).toEqual(["GET", "POST"]);
    expect(router.allowedMethods("/nothing")).toEqual([]);
  });

  it("gives every route an example path that it matches", () => {
    expect(router.routes.map((r) => r.example)).toEqual([
      "/things/new",
      "/things/abc",
      "/things/abc",
      "/things/abc.json",
    ]);
    for (const route of router.routes) expect(route.pattern.test(route.example), route.path).toBe(true);
  });

  it("refuses a template whose parameter has no pattern", () => {
    expect(() => createRouter([{ method: "GET", path: "/x/{nope}" }])).toThrow(/no pattern for \{nope\}/);
  });

  it.each([
    ["form", webRoutes.routes],
    ["case log", caseLogRoutes],
    ["Open311", open311Router.routes],
  ])("the %s's routes each match their own example", (_, routes) => {
    for (const route of routes) expect(route.pattern.test(route.example), route.path).toBe(true);
  });
});
