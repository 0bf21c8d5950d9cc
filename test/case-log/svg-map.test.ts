import { describe, expect, it } from "vitest";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import { caseMapSvg } from "../../functions/http/case-log/svg-map.js";
import { demoDir, demoPostcodes } from "../helpers/demo-data.js";

// The case page's map: the area's boundary and the point, drawn server-side as inline SVG.

describe("caseMapSvg", () => {
  it("draws the parish a point is in, with the point inside the picture", async () => {
    const boundaries = await loadBoundaryIndex(demoDir);
    const here = demoPostcodes().find((p) => boundaries.locate(p).kind === "parish");
    expect(here).toBeDefined();
    const located = boundaries.locate(here!);
    if (located.kind !== "parish") throw new Error("expected a parish");
    const svg = caseMapSvg(boundaries, located.parish.code, here!, `${located.parish.name} <&>`) ?? "";
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain("&#60;&#38;&#62;");
    expect(svg).toMatch(/<path d="M[\d. ]+(L[\d. ]+)+Z/);
    const cx = Number(/cx="([\d.]+)"/.exec(svg)?.[1]);
    const cy = Number(/cy="([\d.]+)"/.exec(svg)?.[1]);
    expect(cx).toBeGreaterThan(0);
    expect(cx).toBeLessThan(400);
    expect(cy).toBeGreaterThan(0);
    expect(cy).toBeLessThan(300);
  });

  it("draws the district for an unparished point, and nothing for an unknown area", async () => {
    const boundaries = await loadBoundaryIndex(demoDir);
    const point = { lng: 2.3, lat: 54.5 };
    expect(caseMapSvg(boundaries, boundaries.district.code, point, "District")).toContain("<path");
    expect(caseMapSvg(boundaries, "E04000000", point, "Nowhere")).toBeUndefined();
  });
});
