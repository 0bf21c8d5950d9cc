import { describe, expect, it } from "vitest";
import { createRouteResolver } from "#core/bodies/create-route-resolver.js";
import { withDefaultFallbacks } from "#core/bodies/role-fallbacks.js";
import type { RouteTarget } from "#core/bodies/roles.js";
import { createRoutingBodies } from "#core/bodies/routing-bodies.js";
import { type AreaKind, CHAINS, demoBodies, demoCouncils } from "./demo-chains.js";

const resolve = createRouteResolver({ councils: demoCouncils, ...demoBodies });

const HARROWFIELD = { kind: "district", code: "E07999998", name: "Harrowfield" };
const SALTMERE = { kind: "district", code: "E06999999", name: "Saltmere" };
const COUNTY_HIGHWAYS = {
  kind: "body",
  code: "exampleshire-county-highways",
  name: "Exampleshire County Council Highways",
};
const SAFER_ROADS = {
  kind: "body",
  code: "exampleshire-safer-roads",
  name: "Exampleshire Safer Roads Partnership",
};
const NATIONAL_HIGHWAYS = { kind: "body", code: "national-highways", name: "National Highways" };

/** Who gets each role in each kind of area, and the reason the case gives (with any fallback). */
const EXPECTED: Array<[AreaKind, RouteTarget, object, string, object?]> = [
  [
    "two-tier parish",
    "parish",
    { kind: "parish", code: "E04999101", name: "Brindlecote" },
    "The location is in Brindlecote parish",
  ],
  [
    "two-tier unparished",
    "parish",
    HARROWFIELD,
    "The location is not in a parish (unparished area), so Harrowfield District Council deals with it",
    { from: "parish", to: "district", why: "The location is not in a parish (unparished area)" },
  ],
  [
    "unitary parish",
    "parish",
    { kind: "parish", code: "E04999202", name: "Pennock Staithe" },
    "The location is in Pennock Staithe parish",
  ],
  [
    "unitary unparished",
    "parish",
    SALTMERE,
    "The location is not in a parish (unparished area), so Saltmere Council deals with it",
    { from: "parish", to: "district", why: "The location is not in a parish (unparished area)" },
  ],
  [
    "two-tier parish",
    "district",
    HARROWFIELD,
    "Harrowfield District Council deals with this kind of request",
  ],
  [
    "two-tier unparished",
    "district",
    HARROWFIELD,
    "Harrowfield District Council deals with this kind of request",
  ],
  ["unitary parish", "district", SALTMERE, "Saltmere Council deals with this kind of request"],
  ["unitary unparished", "district", SALTMERE, "Saltmere Council deals with this kind of request"],
  ...(["two-tier parish", "two-tier unparished"] as const).map(
    (kind): [AreaKind, RouteTarget, object, string] => [
      kind,
      "highway-authority",
      COUNTY_HIGHWAYS,
      "Exampleshire County Council Highways is the highway authority for Exampleshire",
    ],
  ),
  ...(["unitary parish", "unitary unparished"] as const).map(
    (kind): [AreaKind, RouteTarget, object, string, object] => [
      kind,
      "highway-authority",
      SALTMERE,
      "Saltmere is a unitary area with no county council, so Saltmere Council, its own highway authority, has it",
      { from: "highway-authority", to: "district", why: "Saltmere is a unitary area with no county council" },
    ],
  ),
  ...(Object.keys(CHAINS) as AreaKind[]).flatMap((kind): Array<[AreaKind, RouteTarget, object, string]> => [
    [
      kind,
      "police",
      SAFER_ROADS,
      "Exampleshire Safer Roads Partnership deals with enforcement in Exampleshire",
    ],
    [
      kind,
      "body:national-highways",
      NATIONAL_HIGHWAYS,
      `The rules send this kind of request to National Highways, which covers ${kind.startsWith("unitary") ? "Saltmere" : "Exampleshire"}`,
    ],
  ]),
];

describe("createRouteResolver, over the demo bodies", () => {
  it.each(EXPECTED)("in a %s area, %s goes to %j", (kind, target, destination, reason, fallback) => {
    const chain = CHAINS[kind];
    const resolved = resolve(target, chain, "a-rule");
    expect(resolved).toMatchObject({
      kind: "routed",
      council: { id: kind.startsWith("unitary") ? "saltmere" : "harrowfield" },
      destination,
      decision: {
        ruleId: "a-rule",
        requested: target,
        // Where the point fell: its parish, or the district or unitary where unparished.
        area:
          "parish" in chain
            ? { kind: "parish", code: chain.parish.code }
            : { kind: "district", code: chain.local.code },
        reason,
      },
    });
    if (resolved.kind !== "routed") return;
    if (fallback) expect(resolved.decision.fallback).toEqual(fallback);
    else expect(resolved.decision).not.toHaveProperty("fallback");
  });

  it("sends a named body's work to the council where the body does not cover the point, saying so", () => {
    const onlyCounty = createRouteResolver({
      councils: demoCouncils,
      bodies: createRoutingBodies(
        demoBodies.bodies.all.map((b) => ({ ...b, covers: b.covers.filter((c) => c !== "E06999999") })),
      ),
    });
    expect(onlyCounty("body:national-highways", CHAINS["unitary unparished"], "trunk")).toMatchObject({
      destination: SALTMERE,
      decision: {
        requested: "body:national-highways",
        reason: "National Highways does not cover Saltmere, so Saltmere Council has it",
        fallback: {
          from: "body:national-highways",
          to: "district",
          why: "National Highways does not cover Saltmere",
        },
      },
    });
    expect(resolve("body:county-gritting", CHAINS["two-tier parish"], "grit")).toMatchObject({
      destination: HARROWFIELD,
      decision: { reason: 'No body "county-gritting" is listed, so Harrowfield District Council has it' },
    });
  });

  it("falls back along the declared chain, trying each role in turn", () => {
    // No partnership listed, and this deployment's police work goes to the highway authority first.
    const declared = createRouteResolver({
      councils: demoCouncils,
      bodies: createRoutingBodies(demoBodies.bodies.all.filter((b) => b.id !== "exampleshire-safer-roads")),
      fallbacks: withDefaultFallbacks({ police: ["highway-authority", "district"] }),
    });
    expect(declared("police", CHAINS["two-tier parish"], "enforce")).toMatchObject({
      destination: COUNTY_HIGHWAYS,
      decision: {
        reason:
          "No police or road safety partnership is listed for Exampleshire, so Exampleshire County Council Highways, the highway authority, has it",
        fallback: { from: "police", to: "highway-authority" },
      },
    });
    expect(declared("police", CHAINS["unitary parish"], "enforce")).toMatchObject({
      destination: SALTMERE,
      decision: {
        reason:
          "No police or road safety partnership is listed for Exampleshire, so Saltmere Council has it to pass on",
        fallback: { from: "police", to: "district" },
      },
    });
  });

  it("answers outside for a point in no served council's area", () => {
    expect(resolve("district", {}, "r")).toEqual({ kind: "outside" });
    const elsewhere = { local: { type: "district", code: "E07000001", name: "Elsewhere" } } as const;
    expect(resolve("parish", elsewhere, "r")).toEqual({ kind: "outside" });
  });

  it("keeps the case with the council running the area, for the first council too", () => {
    const vale = { local: { type: "district", code: "E07999999", name: "Exampleshire Vale" } } as const;
    expect(resolve("district", vale, "r")).toMatchObject({ council: { id: "exampleshire-vale" } });
  });
});
