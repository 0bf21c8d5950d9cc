import { describe, expect, it } from "vitest";
import { OutsideDistrictError, ValidationError } from "#core/errors.js";
import { placePostcode, postcodeSector } from "#core/input/postcode.js";
import { reportInputSchema } from "#core/input/report-input.js";
import type { PostcodeLookup } from "#core/ports/postcode-lookup.js";
import { services } from "#core/services/index.js";
import { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { createSubmitReport } from "#core/use-cases/submit-report.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { oneCouncilRouting } from "../../helpers/one-council-routing.js";

/** A district's postcode table: only its own postcodes, as the geodata build writes it. */
const table = new Map([
  ["ZX2 1FD", { lat: 2, lng: 2 }],
  ["ZX2 1FE", { lat: 2.1, lng: 2 }],
]);
const districtPostcodes: PostcodeLookup = {
  lookup: async (postcode) => table.get(postcode),
  search: async (partial, limit) =>
    [...table]
      .filter(([postcode]) => postcode.startsWith(partial))
      .slice(0, limit)
      .map(([postcode, point]) => ({ postcode, point })),
};

describe("postcodeSector", () => {
  it.each([
    ["ZX2 1FD", "ZX2 1"],
    ["SW1A 1AA", "SW1A 1"],
    ["M1 1AE", "M1 1"],
  ])("%s is in sector %s", (postcode, sector) => expect(postcodeSector(postcode)).toBe(sector));
});

describe("placePostcode", () => {
  it("finds a postcode the district has", async () => {
    expect(await placePostcode(districtPostcodes, "ZX2 1FD")).toEqual({
      kind: "found",
      point: { lat: 2, lng: 2 },
    });
  });

  it("calls a postcode outside when none of its sector is the district's", async () => {
    expect(await placePostcode(districtPostcodes, "SW1A 1AA")).toEqual({ kind: "outside" });
    // Same outward code, another sector: still not the district's.
    expect(await placePostcode(districtPostcodes, "ZX2 9AA")).toEqual({ kind: "outside" });
  });

  it("only calls a postcode unknown when its sector is the district's (a new postcode, a slip)", async () => {
    expect(await placePostcode(districtPostcodes, "ZX2 1ZZ")).toEqual({ kind: "unknown", sector: "ZX2 1" });
  });

  it("never guesses outside without a way to search the table", async () => {
    const lookupOnly: PostcodeLookup = { lookup: (postcode) => districtPostcodes.lookup(postcode) };
    expect(await placePostcode(lookupOnly, "SW1A 1AA")).toEqual({ kind: "unknown", sector: "SW1A 1" });
  });
});

describe("Submitting a report by postcode", () => {
  const square = [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
  ];
  const boundaries = new BoundaryIndex(
    { code: "E07000001", name: "Testshire", geometry: { type: "Polygon", coordinates: square } },
    [],
  );
  const submit = createSubmitReport({
    services,
    ...oneCouncilRouting(boundaries),
    servedAreaName: "Testshire",
    postcodes: districtPostcodes,
    caseStore: new MemoryCaseStore({ now: () => new Date("2026-11-23T10:00:00Z") }),
    queue: { send: async () => undefined },
    clock: { now: () => new Date("2026-11-23T10:00:00Z") },
    retentionDays: 30,
    newReference: () => "SPD-2222-2222",
  });
  const at = (postcode: string) =>
    reportInputSchema.parse({
      service: "speeding",
      answers: { danger: "no", "road-type": "residential", outcome: "speed-sign" },
      location: { postcode },
      description: "Fast cars",
    });

  it("refuses a postcode from elsewhere as outside the district, naming it", async () => {
    const refused = await submit(at("SW1A 1AA"), { client: "ip:a" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OutsideDistrictError);
    expect(refused).toMatchObject({ postcode: "SW1A 1AA", message: "SW1A 1AA is outside Testshire" });
  });

  it("asks again for an unknown postcode in the district's sector", async () => {
    const refused = await submit(at("ZX2 1ZZ"), { client: "ip:a" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual([
      {
        field: "location.postcode",
        message: "We could not find this postcode. Check it, or give coordinates",
      },
    ]);
  });
});
