import { describe, expect, it } from "vitest";
import {
  type Feature,
  grid,
  inside,
  layer,
  type Position,
  ringsOf,
  type Shape,
  shapeOf,
  vertexKeys,
} from "./demo-files.js";

const locals = layer("district.geojson").features;
const localOf = (code: string) => locals.find((local) => local.properties.code === code) as Feature;
const [vale, harrowfield, saltmere] = ["E07999999", "E07999998", "E06999999"].map(localOf) as [
  Feature,
  Feature,
  Feature,
];
const countyFile = layer("county.geojson");
const policeFile = layer("police.geojson");

/**
 * Checks on a fine grid that `whole` covers exactly what its parts cover: a point inside `whole`
 * (not on its edge) is inside exactly one part, and a point outside it is in no part.
 */
function expectUnion(whole: Feature, parts: readonly Feature[]): void {
  const shape = shapeOf(whole.geometry);
  const partShapes = parts.map((part) => shapeOf(part.geometry));
  for (const position of grid(shape.box, 150)) {
    const inParts = partShapes.filter((part) => inside(position, part, true)).length;
    if (inside(position, shape, true)) expect(inParts, `${position}`).toBe(1);
    else if (!inside(position, shape, false)) expect(inParts, `${position}`).toBe(0);
  }
  // Made of the parts' own vertices: no new ones, so nothing is rounded differently.
  const partVertices = new Set(parts.flatMap((part) => [...vertexKeys(part.geometry)]));
  for (const key of vertexKeys(whole.geometry)) expect(partVertices.has(key), key).toBe(true);
}

describe("demo county and police force area", () => {
  it("are one feature each, with their fixed codes and names", () => {
    expect(countyFile.features.map((f) => f.properties)).toEqual([
      { code: "E10999999", name: "Exampleshire" },
    ]);
    expect(policeFile.features.map((f) => f.properties)).toEqual([
      { code: "E23999999", name: "Exampleshire" },
    ]);
    for (const file of [countyFile, policeFile]) {
      expect(file.features[0]?.geometry.type).toBe("Polygon");
      expect(ringsOf((file.features[0] as Feature).geometry)).toHaveLength(1);
    }
  });

  it("the county is exactly the two districts, and not the unitary", () => {
    const county = countyFile.features[0] as Feature;
    expectUnion(county, [vale, harrowfield]);
    const countyShape = shapeOf(county.geometry);
    const unitary = shapeOf(saltmere.geometry);
    for (const position of grid(unitary.box, 80)) {
      if (inside(position, unitary, true)) expect(inside(position, countyShape, true)).toBe(false);
    }
  });

  it("the police force area is exactly all three", () => {
    expectUnion(policeFile.features[0] as Feature, [vale, harrowfield, saltmere]);
  });
});

describe("demo districts and unitary side by side", () => {
  const shapes = locals.map((local): [Feature, Shape] => [local, shapeOf(local.geometry)]);

  it("do not overlap, and neighbours meet on the same vertices", () => {
    let shared = 0;
    for (const [a] of shapes) {
      for (const [b, bShape] of shapes) {
        if (a === b) continue;
        const bVertices = vertexKeys(b.geometry);
        for (const ring of ringsOf(a.geometry)) {
          for (const position of ring.slice(0, -1)) {
            // No vertex of one strictly inside another; one on its boundary is one of its vertices.
            expect(inside(position, bShape, true), `${a.properties.name} ${position}`).toBe(false);
            if (inside(position, bShape, false)) {
              expect(bVertices.has(position.join(",")), `${a.properties.name} ${position}`).toBe(true);
              shared++;
            }
          }
        }
      }
    }
    expect(shared).toBeGreaterThan(100);
  });

  it("Harrowfield borders both the Vale and Saltmere", () => {
    const keys = (feature: Feature) => vertexKeys(feature.geometry);
    const common = (a: Set<string>, b: Set<string>) => [...a].filter((key) => b.has(key)).length;
    expect(common(keys(harrowfield), keys(vale))).toBeGreaterThan(20);
    expect(common(keys(harrowfield), keys(saltmere))).toBeGreaterThan(20);
  });

  it("leave no sea enclosed between them", () => {
    const police = shapeOf((policeFile.features[0] as Feature).geometry);
    const inAny = (position: Position) => shapes.some(([, shape]) => inside(position, shape, false));
    for (const position of grid(police.box, 120)) {
      if (inside(position, police, true)) expect(inAny(position), `${position}`).toBe(true);
    }
  });
});
