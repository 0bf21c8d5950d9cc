import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { point } from "@turf/helpers";
import { describe, expect, it } from "vitest";
import { clerkDirectoryFileSchema } from "../../functions/local/clerk-directory-file.js";
import { type DemoGeodata, generateDemoGeodata } from "../../geodata/scripts/generate-demo.js";
import {
  type Feature,
  type Geometry,
  grid,
  inside,
  layer,
  metresToRings,
  type Position,
  polygonsOf,
  postcodes,
  read,
  ringsOf,
  type Shape,
  shapeOf,
  signedArea2,
} from "./demo-files.js";

const districtFile = layer("district.geojson");
const parishFile = layer("parishes.geojson");
const [county, police] = [layer("county.geojson"), layer("police.geojson")].map(
  (file) => file.features[0] as Feature,
) as [Feature, Feature];
const locals = districtFile.features;
const parishes = parishFile.features;
const byCode = new Map(parishes.map((parish) => [parish.properties.code, parish]));
const generated: DemoGeodata = generateDemoGeodata();

/** Each council's parish codes, by the code ranges fixed in ADR 0012. */
const PARISH_RANGES: Record<string, RegExp> = {
  E07999999: /^E049990(0\d|1[0-2])$/,
  E07999998: /^E0499910[1-5]$/,
  E06999999: /^E0499920[1-4]$/,
};
const parishesOf = (local: string) =>
  parishes.filter((parish) => PARISH_RANGES[local]?.test(parish.properties.code));
const townOf = (local: string) =>
  shapeOf(generated.unparishedTowns.find((town) => town.local === local)?.geometry as Geometry);
const localShapes = new Map(locals.map((local) => [local.properties.code, shapeOf(local.geometry)]));
const parishShapes = parishes.map((parish) => shapeOf(parish.geometry));
const parishesAt = (position: Position, ignoreBoundary: boolean) =>
  parishes.filter((_, i) => inside(position, parishShapes[i] as Shape, ignoreBoundary));

describe("demo districts and unitary", () => {
  it("are two fictional districts and a unitary in the North Sea", () => {
    expect(districtFile.name).toMatch(/FICTIONAL/);
    expect(locals.map((local) => local.properties)).toEqual([
      { code: "E07999999", name: "Exampleshire Vale", type: "district" },
      { code: "E07999998", name: "Harrowfield", type: "district" },
      { code: "E06999999", name: "Saltmere", type: "unitary" },
    ]);
    for (const file of [districtFile, parishFile, layer("county.geojson"), layer("police.geojson")]) {
      expect(file.name).toMatch(/FICTIONAL/);
      for (const feature of file.features) {
        const [minLng, minLat, maxLng, maxLat] = shapeOf(feature.geometry).box;
        // The Dogger Bank, well away from any coast.
        expect(minLng).toBeGreaterThanOrEqual(2.0);
        expect(maxLng).toBeLessThanOrEqual(2.8);
        expect(minLat).toBeGreaterThanOrEqual(54.3);
        expect(maxLat).toBeLessThanOrEqual(54.9);
      }
    }
    // Exampleshire Vale is roughly 25–35 km across.
    const [minLng, minLat, maxLng, maxLat] = localShapes.get("E07999999")?.box ?? [0, 0, 0, 0];
    const widthKm = (maxLng - minLng) * 111.32 * Math.cos((54.5 * Math.PI) / 180);
    const heightKm = (maxLat - minLat) * 111.32;
    for (const km of [widthKm, heightKm]) {
      expect(km).toBeGreaterThan(25);
      expect(km).toBeLessThan(35);
    }
  });

  it("have closed, RFC 7946-wound rings of distinct, 6-decimal positions", () => {
    for (const feature of [...locals, ...parishes, county, police]) {
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

  it("have 12, 5 and 4 parishes with unique ONS-style codes and distinct names", () => {
    expect(parishes.map((parish) => parish.properties.code)).toEqual(
      [...parishes.map((parish) => parish.properties.code)].sort(),
    );
    expect(parishesOf("E07999999")).toHaveLength(12);
    expect(parishesOf("E07999998")).toHaveLength(5);
    expect(parishesOf("E06999999")).toHaveLength(4);
    expect(parishes).toHaveLength(21);
    const codes = parishes.map((parish) => parish.properties.code);
    expect(new Set(codes).size).toBe(codes.length);
    const names = parishes.map((parish) => parish.properties.name);
    expect(new Set(names).size).toBe(names.length);
    expect(parishes.some((parish) => /\bSaint\b.*\band\b/.test(parish.properties.name))).toBe(true);
  });

  it("have irregular boundaries with many vertices", () => {
    for (const parish of parishes) {
      expect(ringsOf(parish.geometry)[0]?.length).toBeGreaterThan(40);
    }
  });

  it("have exactly one multipolygon parish, with two parts", () => {
    const multi = parishes.filter((parish) => parish.geometry.type === "MultiPolygon");
    expect(multi).toHaveLength(1);
    expect(polygonsOf((multi[0] as Feature).geometry)).toHaveLength(2);
  });

  it("have exactly one parish with a hole, filled exactly by an enclave parish", () => {
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

  it.each(locals.map((local) => [local.properties.name, local] as const))(
    "%s is tiled exactly by its parishes plus its unparished town",
    (_, local) => {
      const code = local.properties.code;
      const area = localShapes.get(code) as Shape;
      const town = townOf(code);
      const own = new Set(parishesOf(code).map((parish) => parish.properties.code));
      let townPoints = 0;
      for (const position of grid(area.box, 120)) {
        const touching = parishesAt(position, false);
        if (!inside(position, area, false)) {
          const mine = touching.filter((parish) => own.has(parish.properties.code));
          expect(mine, `${position} is outside ${local.properties.name}`).toHaveLength(0);
          continue;
        }
        if (!inside(position, area, true)) continue;
        const within = parishesAt(position, true);
        expect(within.length, `${position}`).toBeLessThanOrEqual(1);
        for (const parish of within) expect(own.has(parish.properties.code), `${position}`).toBe(true);
        if (touching.length === 0) {
          expect(inside(position, town, false), `${position} is in no parish and not in the town`).toBe(true);
          townPoints++;
        }
        if (inside(position, town, true)) expect(touching, `${position} is in the town`).toHaveLength(0);
      }
      // The town is a real area (several km²), not a sliver.
      expect(townPoints).toBeGreaterThan(100);
      for (const ring of ringsOf(town.geometry)) {
        for (const position of ring) expect(inside(position, area, false)).toBe(true);
      }
    },
  );
});

describe("demo postcodes", () => {
  it("are sorted, unique, valid UK syntax in the ZX area", () => {
    expect(read("postcodes.csv").split("\n")[0]).toBe("postcode,lat,lng,expected,local");
    const codes = postcodes.map((row) => row.postcode);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThanOrEqual(55);
    expect(codes.length).toBeLessThanOrEqual(65);
    for (const code of codes) expect(code).toMatch(/^ZX[0-9]{1,2} [0-9][ABD-HJLNP-UW-Z]{2}$/);
  });

  it("cover every parish, every town, the enclave, the detached part and the sea outside", () => {
    const count = (test: (row: (typeof postcodes)[number]) => boolean) => postcodes.filter(test).length;
    for (const parish of parishes) {
      expect(
        count((row) => row.expected === parish.properties.code),
        parish.properties.name,
      ).toBeGreaterThanOrEqual(2);
    }
    for (const local of locals) {
      expect(
        count((row) => row.expected === "unparished" && row.local === local.properties.code),
      ).toBeGreaterThanOrEqual(3);
    }
    expect(count((row) => row.expected === "outside")).toBe(3);
    const multi = parishes.find((parish) => parish.geometry.type === "MultiPolygon") as Feature;
    const parts = polygonsOf(multi.geometry).sort(
      (a, b) => signedArea2(a[0] as Position[]) - signedArea2(b[0] as Position[]),
    );
    const detached: Geometry = { type: "Polygon", coordinates: parts[0] as Position[][] };
    const inDetached = postcodes.filter((row) => booleanPointInPolygon(point([row.lng, row.lat]), detached));
    expect(inDetached.length).toBeGreaterThanOrEqual(1);
    for (const row of inDetached) expect(row.expected).toBe(multi.properties.code);
  });

  it("use one outward code per town and parish, as README.md lists them", () => {
    const outward = (row: (typeof postcodes)[number]) => row.postcode.split(" ")[0];
    const answers = new Map<string, Set<string>>();
    for (const row of postcodes) {
      const key = outward(row) as string;
      answers.set(key, (answers.get(key) ?? new Set()).add(`${row.expected} ${row.local}`));
    }
    for (const set of answers.values()) expect(set.size).toBe(1);
    const answer = (code: string) => [...(answers.get(code) ?? [])][0];
    expect(answer("ZX1")).toBe("unparished E07999999");
    expect(answer("ZX20")).toBe("unparished E07999998");
    expect(answer("ZX30")).toBe("unparished E06999999");
    expect(answer("ZX40")).toBe("outside ");
    for (let i = 1; i <= 5; i++) expect(answer(`ZX${20 + i}`)).toBe(`E0499910${i} E07999998`);
    for (let i = 1; i <= 4; i++) expect(answer(`ZX${30 + i}`)).toBe(`E0499920${i} E06999999`);
  });

  it("each fall where the generator meant under Turf, at least 200 m from any boundary", () => {
    const boundaries = [...locals, ...parishes, county, police].flatMap((feature) =>
      ringsOf(feature.geometry),
    );
    const [countyShape, policeShape] = [shapeOf(county.geometry), shapeOf(police.geometry)];
    for (const row of postcodes) {
      const position: Position = [row.lng, row.lat];
      const codes = parishesAt(position, false).map((parish) => parish.properties.code);
      const inLocal = locals
        .filter((local) => inside(position, localShapes.get(local.properties.code) as Shape, false))
        .map((local) => local.properties.code);
      expect(inLocal, row.postcode).toEqual(row.local === "" ? [] : [row.local]);
      expect(inside(position, countyShape, false), row.postcode).toBe(
        ["E07999999", "E07999998"].includes(row.local),
      );
      expect(inside(position, policeShape, false), row.postcode).toBe(row.local !== "");
      if (row.expected === "outside") {
        expect(codes, row.postcode).toEqual([]);
      } else if (row.expected === "unparished") {
        expect(codes, row.postcode).toEqual([]);
        expect(inside(position, townOf(row.local), false), row.postcode).toBe(true);
      } else {
        expect(byCode.has(row.expected), row.postcode).toBe(true);
        expect(PARISH_RANGES[row.local]?.test(row.expected), row.postcode).toBe(true);
        expect(codes, row.postcode).toEqual([row.expected]);
      }
      expect(metresToRings(position, boundaries), row.postcode).toBeGreaterThanOrEqual(200);
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

  it("writes a clerk directory the local Modern.Gov server accepts", () => {
    expect(clerkDirectoryFileSchema.safeParse(JSON.parse(read("clerks.json"))).success).toBe(true);
  });
});
