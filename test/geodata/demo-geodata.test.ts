import { readFileSync } from "node:fs";
import { join } from "node:path";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { point } from "@turf/helpers";
import { describe, expect, it } from "vitest";
import { clerkDirectoryFileSchema } from "../../functions/local/clerk-directory-file.js";
import { DEMO_DIR, type DemoGeodata, generateDemoGeodata } from "../../geodata/scripts/generate-demo.js";

type Position = [number, number];
type Geometry =
  { type: "Polygon"; coordinates: Position[][] } | { type: "MultiPolygon"; coordinates: Position[][][] };
interface Feature {
  type: "Feature";
  properties: { code: string; name: string };
  geometry: Geometry;
}
interface Collection {
  type: "FeatureCollection";
  name?: string;
  features: Feature[];
}
interface PostcodeRow {
  postcode: string;
  lat: number;
  lng: number;
  expected: string;
}

const read = (name: string) => readFileSync(join(DEMO_DIR, name), "utf8");
const districtFile = JSON.parse(read("district.geojson")) as Collection;
const parishFile = JSON.parse(read("parishes.geojson")) as Collection;
const parishes = parishFile.features;
const district = districtFile.features[0] as Feature;
const byCode = new Map(parishes.map((parish) => [parish.properties.code, parish]));
const postcodes: PostcodeRow[] = read("postcodes.csv")
  .trimEnd()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [postcode = "", lat = "", lng = "", expected = ""] = line.split(",");
    return { postcode, lat: Number(lat), lng: Number(lng), expected };
  });
const generated: DemoGeodata = generateDemoGeodata();
const town = generated.unparishedTown.geometry;

const polygonsOf = (geometry: Geometry): Position[][][] =>
  geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
const ringsOf = (geometry: Geometry): Position[][] => polygonsOf(geometry).flat();

/** Twice the signed area in degrees²: positive when counter-clockwise. */
function signedArea2(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i] as Position;
    const [x2, y2] = ring[i + 1] as Position;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

function bboxOf(geometry: Geometry): [number, number, number, number] {
  const all = ringsOf(geometry).flat();
  const lngs = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}

/** Point-in-polygon with a bbox pre-check, so the grid scan stays fast. */
function inside(position: Position, geometry: Geometry, bbox: number[], ignoreBoundary: boolean): boolean {
  const [lng, lat] = position;
  if (
    lng < (bbox[0] as number) ||
    lat < (bbox[1] as number) ||
    lng > (bbox[2] as number) ||
    lat > (bbox[3] as number)
  ) {
    return false;
  }
  return booleanPointInPolygon(point(position), geometry, { ignoreBoundary });
}

const parishBoxes = parishes.map((parish) => bboxOf(parish.geometry));
const districtBox = bboxOf(district.geometry);
const townBox = bboxOf(town);
const parishesAt = (position: Position, ignoreBoundary: boolean) =>
  parishes.filter((parish, i) =>
    inside(position, parish.geometry, parishBoxes[i] as number[], ignoreBoundary),
  );

/** Metres from a position to the nearest edge of any ring (local equirectangular projection). */
function metresToRings(position: Position, rings: Position[][]): number {
  const [lng0, lat0] = position;
  const mPerDegLat = 111_320;
  const mPerDegLng = mPerDegLat * Math.cos((lat0 * Math.PI) / 180);
  let best = Number.POSITIVE_INFINITY;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ax, ay] = [
        ((ring[i] as Position)[0] - lng0) * mPerDegLng,
        ((ring[i] as Position)[1] - lat0) * mPerDegLat,
      ];
      const [bx, by] = [
        ((ring[i + 1] as Position)[0] - lng0) * mPerDegLng,
        ((ring[i + 1] as Position)[1] - lat0) * mPerDegLat,
      ];
      const [dx, dy] = [bx - ax, by - ay];
      const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

describe("demo district geometry", () => {
  it("is a single fictional district in the North Sea", () => {
    expect(districtFile.features).toHaveLength(1);
    expect(district.properties).toEqual({ code: "E07999999", name: "Exampleshire Vale" });
    expect(districtFile.name).toMatch(/FICTIONAL/);
    const [minLng, minLat, maxLng, maxLat] = districtBox;
    expect(minLng).toBeGreaterThanOrEqual(2.0);
    expect(maxLng).toBeLessThanOrEqual(2.6);
    expect(minLat).toBeGreaterThanOrEqual(54.3);
    expect(maxLat).toBeLessThanOrEqual(54.7);
    // Roughly 25–35 km across.
    const widthKm = (maxLng - minLng) * 111.32 * Math.cos((54.5 * Math.PI) / 180);
    const heightKm = (maxLat - minLat) * 111.32;
    for (const km of [widthKm, heightKm]) {
      expect(km).toBeGreaterThan(25);
      expect(km).toBeLessThan(35);
    }
  });

  it("has closed, RFC 7946-wound rings of distinct, 6-decimal positions", () => {
    for (const feature of [district, ...parishes]) {
      for (const polygon of polygonsOf(feature.geometry)) {
        polygon.forEach((ring, r) => {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[ring.length - 1]).toEqual(ring[0]);
          // Outer rings counter-clockwise, holes clockwise.
          expect(Math.sign(signedArea2(ring)), `${feature.properties.name} ring ${r}`).toBe(r === 0 ? 1 : -1);
          const keys = ring.slice(0, -1).map((p) => p.join(","));
          expect(new Set(keys).size).toBe(keys.length);
          for (const value of ring.flat()) expect(Math.round(value * 1e6) / 1e6).toBe(value);
        });
      }
    }
  });

  it("has 10–13 parishes with unique ONS-style codes", () => {
    expect(parishes.length).toBeGreaterThanOrEqual(10);
    expect(parishes.length).toBeLessThanOrEqual(13);
    const codes = parishes.map((parish) => parish.properties.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^E04\d{6}$/);
    expect(parishes.some((parish) => /\bSaint\b.*\band\b/.test(parish.properties.name))).toBe(true);
  });

  it("has irregular boundaries with many vertices", () => {
    for (const parish of parishes) {
      expect(ringsOf(parish.geometry)[0]?.length).toBeGreaterThan(40);
    }
  });

  it("has exactly one multipolygon parish, with two parts", () => {
    const multi = parishes.filter((parish) => parish.geometry.type === "MultiPolygon");
    expect(multi).toHaveLength(1);
    expect(polygonsOf((multi[0] as Feature).geometry)).toHaveLength(2);
  });

  it("has exactly one parish with a hole, filled exactly by an enclave parish", () => {
    const hosts = parishes.filter((parish) =>
      polygonsOf(parish.geometry).some((polygon) => polygon.length > 1),
    );
    expect(hosts).toHaveLength(1);
    const holes = polygonsOf((hosts[0] as Feature).geometry).flatMap((polygon) => polygon.slice(1));
    expect(holes).toHaveLength(1);
    const hole = holes[0] as Position[];
    const key = (ring: Position[]) =>
      ring
        .slice(0, -1)
        .map((p) => p.join(","))
        .sort();
    const enclaves = parishes.filter(
      (parish) =>
        parish.geometry.type === "Polygon" &&
        JSON.stringify(key(parish.geometry.coordinates[0] as Position[])) === JSON.stringify(key(hole)),
    );
    expect(enclaves).toHaveLength(1);
    const enclave = enclaves[0] as Feature;
    const inEnclave = postcodes.filter((row) => row.expected === enclave.properties.code);
    expect(inEnclave.length).toBeGreaterThanOrEqual(1);
    for (const { lng, lat } of inEnclave) {
      expect(parishesAt([lng, lat], false).map((parish) => parish.properties.code)).toEqual([
        enclave.properties.code,
      ]);
    }
  });

  it("is tiled exactly by the parishes plus the unparished town", () => {
    const [minLng, minLat, maxLng, maxLat] = districtBox;
    const steps = 150;
    let townPoints = 0;
    for (let i = 0; i <= steps; i++) {
      for (let j = 0; j <= steps; j++) {
        const position: Position = [
          minLng + ((maxLng - minLng) * i) / steps,
          minLat + ((maxLat - minLat) * j) / steps,
        ];
        const touching = parishesAt(position, false);
        if (!inside(position, district.geometry, districtBox, false)) {
          expect(touching, `${position} is outside the district`).toHaveLength(0);
          continue;
        }
        if (!inside(position, district.geometry, districtBox, true)) continue;
        expect(parishesAt(position, true).length, `${position}`).toBeLessThanOrEqual(1);
        if (touching.length === 0) {
          expect(
            inside(position, town, townBox, false),
            `${position} is in no parish and not in the town`,
          ).toBe(true);
          townPoints++;
        }
        if (inside(position, town, townBox, true))
          expect(touching, `${position} is in the town`).toHaveLength(0);
      }
    }
    // The town is a real area (a few dozen km²), not a sliver.
    expect(townPoints).toBeGreaterThan(500);
  });

  it("keeps the unparished town inside the district", () => {
    for (const ring of ringsOf(town)) {
      for (const position of ring) expect(inside(position, district.geometry, districtBox, false)).toBe(true);
    }
  });
});

describe("demo postcodes", () => {
  it("are sorted, unique, valid UK syntax in the ZX area", () => {
    expect(read("postcodes.csv").split("\n")[0]).toBe("postcode,lat,lng,expected");
    const codes = postcodes.map((row) => row.postcode);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThanOrEqual(30);
    expect(codes.length).toBeLessThanOrEqual(40);
    for (const code of codes) expect(code).toMatch(/^ZX[0-9]{1,2} [0-9][ABD-HJLNP-UW-Z]{2}$/);
  });

  it("cover every parish, the town, the enclave, the detached part and the sea outside", () => {
    const count = (expected: string) => postcodes.filter((row) => row.expected === expected).length;
    for (const parish of parishes)
      expect(count(parish.properties.code), parish.properties.name).toBeGreaterThanOrEqual(2);
    expect(count("unparished")).toBeGreaterThanOrEqual(3);
    expect(count("outside")).toBeGreaterThanOrEqual(2);
    expect(count("outside")).toBeLessThanOrEqual(3);
    const multi = parishes.find((parish) => parish.geometry.type === "MultiPolygon") as Feature;
    const parts = polygonsOf(multi.geometry).sort(
      (a, b) => signedArea2(a[0] as Position[]) - signedArea2(b[0] as Position[]),
    );
    const detached: Geometry = { type: "Polygon", coordinates: parts[0] as Position[][] };
    const inDetached = postcodes.filter((row) => booleanPointInPolygon(point([row.lng, row.lat]), detached));
    expect(inDetached.length).toBeGreaterThanOrEqual(1);
    for (const row of inDetached) expect(row.expected).toBe(multi.properties.code);
  });

  it("each fall where the generator meant, at least 200 m from any boundary", () => {
    const boundaries = [district, ...parishes].flatMap((feature) => ringsOf(feature.geometry));
    for (const row of postcodes) {
      const position: Position = [row.lng, row.lat];
      const codes = parishesAt(position, false).map((parish) => parish.properties.code);
      const inDistrict = inside(position, district.geometry, districtBox, false);
      if (row.expected === "outside") {
        expect(inDistrict, row.postcode).toBe(false);
        expect(codes, row.postcode).toEqual([]);
      } else if (row.expected === "unparished") {
        expect(inDistrict, row.postcode).toBe(true);
        expect(codes, row.postcode).toEqual([]);
        expect(inside(position, town, townBox, false), row.postcode).toBe(true);
      } else {
        expect(byCode.has(row.expected), row.postcode).toBe(true);
        expect(codes, row.postcode).toEqual([row.expected]);
      }
      expect(metresToRings(position, boundaries), row.postcode).toBeGreaterThanOrEqual(200);
    }
  });
});

describe("demo clerk directory", () => {
  const raw = JSON.parse(read("clerks.json")) as unknown;
  const directory = clerkDirectoryFileSchema.parse(raw);
  const entries = directory.parishCouncils;

  /** Loose council-name matching, just enough to pair the demo titles with ONS names. */
  const normalise = (name: string) =>
    name
      .toLowerCase()
      .replace(/\b(parish|town) (council|meeting)\b/g, "")
      .replace(/&/g, " and ")
      .replace(/\bsaint\b/g, "st")
      .replace(/['’]/g, "")
      .replace(/[^a-z0-9]+/g, " ")
      .trim();

  it("validates against the schema, with unique ids", () => {
    expect(clerkDirectoryFileSchema.safeParse(raw).success).toBe(true);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
  });

  it("covers every parish but one, under its own spelling", () => {
    const titles = new Map(entries.map((entry) => [normalise(entry.title), entry]));
    const missing = parishes.filter((parish) => !titles.has(normalise(parish.properties.name)));
    expect(missing).toHaveLength(1);
    const names = new Set(parishes.map((parish) => normalise(parish.properties.name)));
    for (const entry of entries) expect(names.has(normalise(entry.title)), entry.title).toBe(true);
    // Titles are not simply the ONS names, and one carries an apostrophe.
    expect(
      entries.filter((entry) => !parishes.some((p) => entry.title.startsWith(p.properties.name))).length,
    ).toBeGreaterThanOrEqual(3);
    expect(entries.some((entry) => entry.title.includes("'"))).toBe(true);
  });

  it("has exactly one parish without contact and at least two name-only entries", () => {
    expect(entries.filter((entry) => entry.clerk === null)).toHaveLength(1);
    expect(entries.filter((entry) => entry.xmlDetail === "name-only").length).toBeGreaterThanOrEqual(2);
  });

  it("uses only reserved domains and Ofcom drama numbers", () => {
    for (const entry of entries) {
      if (entry.website) expect(new URL(entry.website).hostname).toMatch(/\.example\.org$/);
      if (entry.clerk?.email) expect(entry.clerk.email).toMatch(/@[a-z0-9-]+\.example\.org$/);
      if (entry.clerk?.phone) expect(entry.clerk.phone).toMatch(/^01632 960\d{3}$/);
      if (entry.clerk?.postcode)
        expect(postcodes.some((row) => row.postcode === entry.clerk?.postcode)).toBe(true);
    }
  });
});

describe("demo generator", () => {
  it("reproduces the committed files byte for byte", () => {
    for (const [name, text] of Object.entries(generated.files)) {
      expect(text === read(name), `${name} differs from a fresh generation; run npm run geodata:demo`).toBe(
        true,
      );
    }
  });

  it("is deterministic across calls", () => {
    expect(generateDemoGeodata()).toEqual(generated);
  });
});
