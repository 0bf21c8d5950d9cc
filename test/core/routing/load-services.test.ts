import { describe, expect, it } from "vitest";
import { loadServices, RESERVED_SERVICE_IDS } from "#core/routing/load-services.js";
import speeding from "#core/services/speeding.json" with { type: "json" };
import { routes } from "../../../functions/http/routes.js";
import { webRoutes } from "../../../functions/http/web/routes.js";

const file = (source: string, changes: Record<string, unknown> = {}) => ({
  source,
  raw: { ...speeding, ...changes },
});

describe("loadServices", () => {
  it("loads services with distinct ids and reference prefixes", () => {
    const services = loadServices([file("a.json"), file("b.json", { id: "other", referencePrefix: "OTH" })]);
    expect([...services.keys()]).toEqual(["speeding", "other"]);
  });

  it("refuses a second service with the same id, naming both files", () => {
    expect(() => loadServices([file("a.json"), file("b.json", { referencePrefix: "OTH" })])).toThrow(
      'b.json at id: "speeding" is already used by a.json',
    );
  });

  it("refuses a second service with the same reference prefix", () => {
    expect(() => loadServices([file("a.json"), file("b.json", { id: "other" })])).toThrow(
      'b.json at referencePrefix: "SPD" is already used by a.json',
    );
  });

  it("refuses an id that is a path the site already uses", () => {
    expect(() => loadServices([file("a.json", { id: "privacy" })])).toThrow(
      'a.json at id: "privacy" is a path the site already uses',
    );
  });

  it("reserves every first path segment the site's routes use", () => {
    const firstSegments = [...routes.map((r) => r.path), ...webRoutes.routes.map((r) => r.path)]
      .map((path) => path.split("/")[1] ?? "")
      .filter((segment) => segment !== "" && !segment.startsWith("{"));
    for (const segment of firstSegments) expect(RESERVED_SERVICE_IDS, segment).toContain(segment);
    expect(RESERVED_SERVICE_IDS).toContain("assets");
  });
});
