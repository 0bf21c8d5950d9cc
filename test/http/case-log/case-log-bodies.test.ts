import { beforeAll, describe, expect, it } from "vitest";
import { loadBodiesFile } from "#adapters/geodata/load-bodies.js";
import { loadGeography } from "#adapters/geodata/load-geography.js";
import type { RoutingBody } from "#core/bodies/body.js";
import type { Destination } from "#core/case/case.js";
import type { Geography } from "#core/spatial/geography.js";
import type { CaseLogContext } from "../../../functions/http/case-log/case-log-types.js";
import {
  bodiesCovering,
  councilRoutingBodies,
  rerouteChoices,
} from "../../../functions/http/case-log/council-bodies.js";
import { csvFileName } from "../../../functions/http/case-log/csv-export.js";
import {
  ANY_BODY,
  ANY_PARISH,
  readListFilters,
  toPageQuery,
} from "../../../functions/http/case-log/list-filters.js";
import type { StaffIdentity } from "../../../functions/http/case-log/token-verifier.js";
import { demoDir, demoParishes, demoPostcodes } from "../../helpers/demo-data.js";

// The case log of a council whose cases go beyond parish and district (ADR 0012), on the demo's
// geodata: which bodies each council's filter and re-route offer, and that a crafted value naming
// another council's parish or a body not covering the case is never taken.

const VALE = "E07999999";
const SALTMERE = "E06999999";
const HIGHWAYS = "exampleshire-county-highways";
const SAFER_ROADS = "exampleshire-safer-roads";
const NATIONAL = "national-highways";

let geography: Geography;
let all: readonly RoutingBody[];

beforeAll(async () => {
  const [areas, bodies] = await Promise.all([loadGeography(demoDir), loadBodiesFile(demoDir)]);
  geography = areas;
  all = bodies.bodies.all;
});

const areasOf = (local: string, name: string): Destination[] => [
  { kind: "district", code: local, name },
  ...demoParishes(local).map((p) => ({ kind: "parish" as const, ...p })),
];

const point = (postcode: string) => {
  const found = demoPostcodes("all").find((p) => p.postcode === postcode);
  if (!found) throw new Error(`no demo postcode ${postcode}`);
  return { lat: found.lat, lng: found.lng };
};

describe("the bodies a council's cases can go to", () => {
  it("are the county's highways, the partnership and National Highways for a two-tier district", () => {
    const ids = councilRoutingBodies(all, geography, VALE).map((b) => b.id);
    expect(ids.sort()).toEqual([HIGHWAYS, SAFER_ROADS, NATIONAL].sort());
  });

  it("leave out the county's highways for a unitary the county does not cover", () => {
    const ids = councilRoutingBodies(all, geography, SALTMERE).map((b) => b.id);
    expect(ids.sort()).toEqual([SAFER_ROADS, NATIONAL].sort());
  });

  it("are none for an area the boundary data does not hold", () => {
    expect(councilRoutingBodies(all, geography, "E07000000")).toEqual([]);
  });

  it("covering a point are found from its area chain", () => {
    const saltmere = bodiesCovering(all, geography.locate(point("ZX30 1AE"))).map((b) => b.id);
    expect(saltmere).not.toContain(HIGHWAYS);
    expect(saltmere).toContain(SAFER_ROADS);
    expect(bodiesCovering(all, geography.locate(point("ZX40 3GZ")))).toEqual([]);
  });
});

describe("re-route choices", () => {
  const deps = (local: string, name: string) => ({
    areas: areasOf(local, name),
    routingBodies: councilRoutingBodies(all, geography, local),
    locate: (p: { lat: number; lng: number }) => geography.locate(p),
  });

  it("offer the council, its own parishes and the bodies covering the case, by name", () => {
    const choices = rerouteChoices(deps(VALE, "Exampleshire Vale"), { location: point("ZX2 1FD") });
    expect(choices).toContainEqual({ kind: "district", code: VALE, name: "Exampleshire Vale" });
    expect(choices).toContainEqual({
      kind: "body",
      code: HIGHWAYS,
      name: "Exampleshire County Council Highways",
    });
    expect(choices.some((c) => c.code === "E04999201")).toBe(false);
  });

  it("never offer a body that does not cover the case", () => {
    const choices = rerouteChoices(deps(SALTMERE, "Saltmere"), { location: point("ZX31 1AF") });
    expect(choices.map((c) => c.code)).not.toContain(HIGHWAYS);
    expect(choices.map((c) => c.code)).toContain(NATIONAL);
  });

  it("never offer a body of the council's routing that does not cover where the case is", () => {
    // A body covering one parish only: the council's routing reaches it, yet only for Ashcombe.
    const ashcombeOnly: RoutingBody = {
      id: "ashcombe-wardens",
      name: "Ashcombe Road Wardens",
      kind: "other",
      roles: [],
      covers: ["E04999001"],
      reach: { email: "wardens@ashcombe.example.org" },
    };
    const withWardens = { ...deps(VALE, "Exampleshire Vale"), routingBodies: [ashcombeOnly] };
    expect(councilRoutingBodies([ashcombeOnly], geography, VALE)).toEqual([ashcombeOnly]);
    const inAshcombe = rerouteChoices(withWardens, { location: point("ZX2 1FD") });
    expect(inAshcombe.map((c) => c.code)).toContain(ashcombeOnly.id);
    const inExampleton = rerouteChoices(withWardens, { location: point("ZX1 5ZB") });
    expect(inExampleton.map((c) => c.code)).not.toContain(ashcombeOnly.id);
  });

  it("offer no bodies without the boundary data", () => {
    const choices = rerouteChoices(
      { areas: areasOf(VALE, "Exampleshire Vale") },
      { location: point("ZX2 1FD") },
    );
    expect(choices.every((c) => c.kind !== "body")).toBe(true);
  });
});

describe("the destination filter", () => {
  const options = () => ({
    areas: areasOf(VALE, "Exampleshire Vale"),
    bodies: councilRoutingBodies(all, geography, VALE),
    services: [],
  });
  const read = (sentTo: string, identity?: StaffIdentity) =>
    readListFilters(new URLSearchParams({ sentTo }), { ...options(), ...(identity ? { identity } : {}) });

  it("takes a body of the council's routing and lists its cases", () => {
    const filters = read(HIGHWAYS);
    expect(filters.sentTo).toBe(HIGHWAYS);
    expect(toPageQuery(filters, 50, "exampleshire-vale")).toMatchObject({ destination: HIGHWAYS });
  });

  it("takes any other organisation as cases sent to a body", () => {
    expect(toPageQuery(read(ANY_BODY), 50, "exampleshire-vale")).toMatchObject({ destinationKind: "body" });
    expect(toPageQuery(read(ANY_PARISH), 50, "exampleshire-vale")).toMatchObject({
      destinationKind: "parish",
    });
  });

  it.each([
    ["another council's parish", "E04999201"],
    ["another council's area", SALTMERE],
    ["a body no rule of the council reaches", "some-other-body"],
    ["a value far too long", "x".repeat(500)],
  ])("ignores %s, as it ignores unknown choices", (_, value) => {
    const filters = read(value);
    expect(filters.sentTo).toBeUndefined();
    expect(filters.errors).toEqual([]);
    expect(toPageQuery(filters, 50, "exampleshire-vale")).not.toHaveProperty("destination");
  });

  it("keeps a clerk to their parish whatever they ask for", () => {
    const clerk: StaffIdentity = {
      sub: "c",
      role: "clerk",
      parish: "E04999001",
      council: "exampleshire-vale",
      expiresAt: 0,
      sessionId: "s",
    };
    expect(read(HIGHWAYS, clerk).sentTo).toBe("E04999001");
  });

  it("names the body, not its id, in the CSV's file name", () => {
    const ctx = {
      deps: { areas: options().areas, routingBodies: options().bodies },
    } as unknown as CaseLogContext;
    expect(csvFileName(ctx, read(HIGHWAYS))).toBe("cases-exampleshire-county-council-highways.csv");
    expect(csvFileName(ctx, read(ANY_BODY))).toBe("cases-other-organisations.csv");
  });
});
