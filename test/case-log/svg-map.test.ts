import { describe, expect, it } from "vitest";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { openStreetMapHref } from "../../functions/http/case-log/case-map.js";
import { districtMapSvg } from "../../functions/http/case-log/svg/district-svg.js";
import { ringsOf } from "../../functions/http/case-log/svg/geometry.js";
import { insideRings, placeLabel } from "../../functions/http/case-log/svg/labels.js";
import { clip, fitProjection, projectRings } from "../../functions/http/case-log/svg/projection.js";
import { distanceWords, scaleBarLength } from "../../functions/http/case-log/svg/scale-bar.js";
import { caseMapSvg } from "../../functions/http/case-log/svg-map.js";
import { demoDir, demoPostcodes } from "../helpers/demo-data.js";

// The case page's map and the district map: drawn server-side as inline SVG from the boundaries.

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];

/** Two parishes side by side in a district, one with a hostile name. */
function hostileDistrict(): BoundaryIndex {
  return new BoundaryIndex(
    {
      code: "E07999999",
      name: "Vale & <b>District</b>",
      geometry: { type: "Polygon", coordinates: square(0, 54, 0.2, 54.1) },
    },
    [
      {
        code: "E04999001",
        name: "<script>alert(1)</script>",
        geometry: { type: "Polygon", coordinates: square(0, 54, 0.1, 54.1) },
      },
      {
        code: "E04999002",
        name: `Quote" onload="x`,
        geometry: { type: "Polygon", coordinates: square(0.1, 54, 0.2, 54.1) },
      },
    ],
  );
}

/** Great-circle distance in metres (haversine), to check the scale against. */
function haversine(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

describe("caseMapSvg", () => {
  it("draws the parish a point is in, its neighbours by name, and says where the point is", async () => {
    const boundaries = await loadBoundaryIndex(demoDir);
    const here = demoPostcodes().find((p) => boundaries.locate(p).kind === "parish");
    const located = here && boundaries.locate(here);
    if (located?.kind !== "parish") throw new Error("expected a parish");
    const map = caseMapSvg(boundaries, located.parish.code, here!);
    if (!map) throw new Error("expected a map");
    expect(map.svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="case-map-title"/);
    expect(map.svg).toContain(`<title id="case-map-title">Map of ${located.parish.name}`);
    expect(map.neighbours.length).toBeGreaterThan(0);
    expect(map.neighbours).not.toContain(located.parish.name);
    expect(map.description).toMatch(
      new RegExp(`^Reported point in ${located.parish.name}, [\\d.]+ k?m from its edge`),
    );
    expect(map.description).toContain(`Latitude ${here!.lat.toFixed(5)}`);
    // The point is inside the picture.
    const [cx, cy] = [...map.svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)][0]!.slice(1).map(Number);
    const [, , width, height] = /viewBox="([\d. ]+)"/.exec(map.svg)![1]!.split(" ").map(Number);
    expect(cx).toBeGreaterThan(0);
    expect(cx).toBeLessThan(width!);
    expect(cy).toBeGreaterThan(0);
    expect(cy).toBeLessThan(height!);
  });

  it("draws the district for an unparished point, and nothing for an unknown area", async () => {
    const boundaries = await loadBoundaryIndex(demoDir);
    const point = demoPostcodes().find((p) => p.expected === "unparished")!;
    const map = caseMapSvg(boundaries, boundaries.district.code, point);
    expect(map?.description).toMatch(
      /^Reported point in an unparished part of Exampleshire Vale, [\d.]+ k?m from /,
    );
    // Its neighbourhood, not the whole district: only the parishes in the drawing are named.
    expect(map?.neighbours.length).toBeGreaterThan(0);
    expect(map?.neighbours.length).toBeLessThan(boundaries.parishes.length);
    expect(caseMapSvg(boundaries, "E04000000", point)).toBeUndefined();
  });

  it("escapes every name, so a parish called <script> is text", () => {
    const boundaries = hostileDistrict();
    const map = caseMapSvg(boundaries, "E04999001", { lng: 0.05, lat: 54.05 })!;
    const district = districtMapSvg(boundaries, [{ lng: 0.05, lat: 54.05, status: "new" }], {
      title: "<script>t</script>",
      description: "d",
    });
    for (const svg of [map.svg, district]) {
      expect(svg).not.toMatch(/<script|<b>|onload="/i);
      expect(svg).toContain("&#60;script&#62;");
    }
    expect(map.description).toContain("<script>alert(1)</script>"); // plain text: the view escapes it
  });

  it("draws a scale bar whose length is right on the ground within 2%", async () => {
    const boundaries = await loadBoundaryIndex(demoDir);
    const point = demoPostcodes().find((p) => p.expected !== "outside")!;
    const box = {
      minX: point.lng - 0.05,
      maxX: point.lng + 0.05,
      minY: point.lat - 0.03,
      maxY: point.lat + 0.03,
    };
    const projection = fitProjection(box, { width: 560, pad: 16, minHeight: 280, maxHeight: 480 });
    // East–west and north–south, a pixel is metresPerPixel on the ground.
    const east = { lng: point.lng + 0.02, lat: point.lat };
    const north = { lng: point.lng, lat: point.lat + 0.02 };
    for (const other of [east, north]) {
      const [x0, y0] = projection.project(point.lng, point.lat);
      const [x1, y1] = projection.project(other.lng, other.lat);
      const pixels = Math.hypot(x1 - x0, y1 - y0);
      expect(pixels * projection.metresPerPixel).toBeGreaterThan(haversine(point, other) * 0.98);
      expect(pixels * projection.metresPerPixel).toBeLessThan(haversine(point, other) * 1.02);
    }
    const bar = scaleBarLength(projection.metresPerPixel, 140);
    expect([1, 2, 5]).toContain(bar.metres / 10 ** Math.floor(Math.log10(bar.metres)));
    expect(bar.pixels).toBeLessThanOrEqual(140);
    expect(bar.pixels).toBeGreaterThan(140 / 2.5);
    expect(bar.pixels * projection.metresPerPixel).toBeCloseTo(bar.metres, 6);
    // And the drawn bar says that length.
    const map = caseMapSvg(
      boundaries,
      boundaries.locate(point).kind === "parish"
        ? (boundaries.locate(point) as { parish: { code: string } }).parish.code
        : boundaries.district.code,
      point,
    )!;
    expect(map.svg).toMatch(/<g class="scale-bar">.*<text [^>]*>\d+(\.\d)? k?m<\/text><\/g>/);
    expect(distanceWords(340)).toBe("340 m");
    expect(distanceWords(1500)).toBe("1.5 km");
    expect(distanceWords(12_345)).toBe("12 km");
  });
});

describe("placeLabel", () => {
  it("puts a name inside a U-shaped area, not at its middle, which is outside", () => {
    // A U: the box's centre (50, 50) is in the notch.
    const u: [number, number][][] = [
      [
        [0, 0],
        [30, 0],
        [30, 70],
        [70, 70],
        [70, 0],
        [100, 0],
        [100, 100],
        [0, 100],
        [0, 0],
      ],
    ];
    const label = placeLabel("Ashcombe", u, { width: 200, height: 200 }, [], [10]);
    expect(label).toBeDefined();
    expect(insideRings(u, label!.x, label!.y)).toBe(true);
    for (const [x, y] of [
      [label!.box.x0, label!.box.y0],
      [label!.box.x1, label!.box.y1],
    ] as const) {
      expect(insideRings(u, x, y)).toBe(true);
    }
    // Too small for the name: no label rather than one spilling out.
    expect(
      placeLabel("A very long parish name indeed", u, { width: 200, height: 200 }, [], [10]),
    ).toBeUndefined();
  });

  it("places each demo parish's name inside that parish, clear of the others", async () => {
    const boundaries = await loadBoundaryIndex(demoDir);
    const packed = boundaries.toPacked();
    const district = ringsOf(packed.districtShape, 0);
    const xs = [...district[0]!].filter((_, i) => i % 2 === 0);
    const ys = [...district[0]!].filter((_, i) => i % 2 === 1);
    const projection = fitProjection(
      { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) },
      { width: 560, pad: 16, minHeight: 280, maxHeight: 600 },
    );
    const placed: NonNullable<ReturnType<typeof placeLabel>>[] = [];
    packed.parishes.forEach((parish, p) => {
      const label = placeLabel(
        parish.name,
        projectRings(ringsOf(packed.parishShapes, p), projection),
        projection,
        placed,
      );
      if (!label) return;
      const at = boundaries.locate(projection.unproject(label.x, label.y));
      expect(at.kind === "parish" && at.parish.code).toBe(parish.code);
      for (const other of placed) {
        expect(
          label.box.x1 <= other.box.x0 ||
            other.box.x1 <= label.box.x0 ||
            label.box.y1 <= other.box.y0 ||
            other.box.y1 <= label.box.y0,
        ).toBe(true);
      }
      placed.push(label);
    });
    expect(placed.length).toBeGreaterThanOrEqual(packed.parishes.length - 2);
  });
});

describe("districtMapSvg", () => {
  it("draws every parish and one mark per case, shaped by status", async () => {
    const boundaries = await loadBoundaryIndex(demoDir);
    const points = demoPostcodes()
      .filter((p) => p.expected !== "outside")
      .slice(0, 3)
      .map((p, i) => ({ lng: p.lng, lat: p.lat, status: (["new", "in-progress", "closed"] as const)[i]! }));
    const svg = districtMapSvg(boundaries, points, { title: "Map", description: "Three cases" });
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="district-map-title district-map-desc"/);
    expect(svg.match(/stroke="#6f777b"/g)).toHaveLength(boundaries.parishes.length);
    const marks = /<g class="cases">(.*?)<\/g>/.exec(svg)![1]!;
    expect(marks.match(/<circle /g)).toHaveLength(1);
    expect(marks.match(/<rect /g)).toHaveLength(1);
    expect(marks.match(/<path /g)).toHaveLength(1);
  });

  it("keeps the district map small: vertices thinned to what the picture shows", async () => {
    const boundaries = await loadBoundaryIndex(demoDir);
    expect(districtMapSvg(boundaries, [], { title: "t", description: "d" }).length).toBeLessThan(40_000);
  });
});

describe("clip", () => {
  it("keeps the part of a ring inside the window, closed", () => {
    const ring: [number, number][] = [
      [-10, -10],
      [10, -10],
      [10, 10],
      [-10, 10],
      [-10, -10],
    ];
    const inside = clip(ring, 0, 0, 100, 100);
    expect(inside[0]).toEqual(inside[inside.length - 1]);
    const corners = (points: [number, number][]) => points.slice(0, -1).map(String).sort();
    expect(corners(inside)).toEqual(
      corners([
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
        [0, 0],
      ]),
    );
    expect(clip(ring, 20, 20, 30, 30)).toEqual([]);
  });

  it("keeps every demo case map small, however big its neighbours", async () => {
    const boundaries = await loadBoundaryIndex(demoDir);
    for (const p of demoPostcodes().filter((pc) => pc.expected !== "outside")) {
      const at = boundaries.locate(p);
      const code = at.kind === "parish" ? at.parish.code : boundaries.district.code;
      expect(caseMapSvg(boundaries, code, p)?.svg.length).toBeLessThan(20_000);
    }
  });
});

describe("openStreetMapHref", () => {
  it("marks the point at street level", () => {
    expect(openStreetMapHref({ lat: 54.5, lng: -2.123456789 })).toBe(
      "https://www.openstreetmap.org/?mlat=54.500000&mlon=-2.123457#map=17/54.500000/-2.123457",
    );
  });
});
