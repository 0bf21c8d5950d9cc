import { describe, expect, it } from "vitest";
import type { AreaChain } from "#core/areas/area-chain.js";
import { createRouteResolver } from "#core/bodies/create-route-resolver.js";
import { OutsideDistrictError } from "#core/errors.js";
import { type ReportInput, reportInputSchema } from "#core/input/report-input.js";
import { services } from "#core/services/index.js";
import { createSubmitReport } from "#core/use-cases/submit-report.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { type AreaKind, CHAINS, demoBodies, demoCouncils } from "../bodies/demo-chains.js";

// Each kind of area at its own longitude; anywhere else is outside every served council.
const KINDS = Object.keys(CHAINS) as AreaKind[];
const areas = {
  locate: ({ lng }: { lng: number }): AreaChain => CHAINS[KINDS[lng - 1] as AreaKind] ?? {},
};
const at = (kind: AreaKind) => ({ lat: 54, lng: KINDS.indexOf(kind) + 1 });

function setup() {
  const now = () => new Date("2026-12-03T10:00:00Z");
  const caseStore = new MemoryCaseStore({ now });
  const submit = createSubmitReport({
    services,
    areas,
    resolveRoute: createRouteResolver({ councils: demoCouncils, ...demoBodies }),
    postcodes: { lookup: async () => undefined },
    caseStore,
    queue: { send: async () => undefined },
    clock: { now },
    retentionDays: 30,
    newReference: (prefix) => `${prefix}-2222-2222`,
  });
  return { caseStore, submit };
}

const speeding = (outcome: string, kind: AreaKind): ReportInput =>
  reportInputSchema.parse({
    service: "speeding",
    answers: { danger: "no", "road-type": "residential", outcome },
    location: at(kind),
    description: "Fast cars",
  });
const furniture = (owner: string, kind: AreaKind): ReportInput =>
  reportInputSchema.parse({
    service: "street-furniture",
    answers: { danger: "no", item: "bench", owner },
    location: at(kind),
  });

const council = (kind: AreaKind) => (kind.startsWith("unitary") ? "saltmere" : "harrowfield");
const councilName = (kind: AreaKind) =>
  kind.startsWith("unitary") ? "Saltmere Council" : "Harrowfield District Council";
const local = (kind: AreaKind) => CHAINS[kind].local;

/** [the role, the report asking for it, the destination and reason in each kind of area, any fallback]. */
const ROLES: Array<
  [string, (kind: AreaKind) => ReportInput, (kind: AreaKind) => [object, string, object | undefined]]
> = [
  [
    "parish",
    (kind) => speeding("speedwatch", kind),
    (kind) => {
      const chain: AreaChain = CHAINS[kind];
      return chain.parish
        ? [
            { kind: "parish", code: chain.parish.code },
            `The location is in ${chain.parish.name} parish`,
            undefined,
          ]
        : [
            { kind: "district", code: local(kind).code },
            `The location is not in a parish (unparished area), so ${councilName(kind)} deals with it`,
            { from: "parish", to: "district", why: "The location is not in a parish (unparished area)" },
          ];
    },
  ],
  [
    "district",
    (kind) => furniture("district", kind),
    (kind) => [
      { kind: "district", code: local(kind).code },
      `${councilName(kind)} deals with this kind of request`,
      undefined,
    ],
  ],
  [
    "highway-authority",
    (kind) => speeding("road-layout", kind),
    (kind) =>
      kind.startsWith("unitary")
        ? [
            { kind: "district", code: "E06999999", name: "Saltmere" },
            "Saltmere is a unitary area with no county council, so Saltmere Council, its own highway authority, has it",
            {
              from: "highway-authority",
              to: "district",
              why: "Saltmere is a unitary area with no county council",
            },
          ]
        : [
            {
              kind: "body",
              code: "exampleshire-county-highways",
              name: "Exampleshire County Council Highways",
            },
            "Exampleshire County Council Highways is the highway authority for Exampleshire",
            undefined,
          ],
  ],
  [
    "police",
    (kind) => speeding("enforcement", kind),
    () => [
      { kind: "body", code: "exampleshire-safer-roads", name: "Exampleshire Safer Roads Partnership" },
      "Exampleshire Safer Roads Partnership deals with enforcement in Exampleshire",
      undefined,
    ],
  ],
];

describe("Use case: submitReport, each role in each kind of area", () => {
  for (const [role, input, expected] of ROLES) {
    it.each(KINDS)(
      `routes ${role} in a %s area, with the council, the reason and any fallback on the case`,
      async (kind) => {
        const { submit, caseStore } = setup();
        const [destination, reason, fallback] = expected(kind);
        const result = await submit(input(kind));
        expect(result).toMatchObject({ outcome: "created", destination });
        const stored = await caseStore.get((result as { reference: string }).reference);
        expect(stored).toMatchObject({
          council: council(kind),
          destination,
          routing: { requested: role, reason },
        });
        expect(stored?.routing.fallback).toEqual(fallback);
        // The timeline names who it went to, as the destination names itself.
        const [submitted] = caseStore.events.get(stored!.reference) ?? [];
        expect(submitted?.summary).toBe(`Report received; routed to ${stored?.destination.name}`);
      },
    );
  }

  it("keeps a recorded signpost with the council running the area (Open311), naming it", async () => {
    const { submit, caseStore } = setup();
    const motorway = reportInputSchema.parse({
      service: "speeding",
      answers: { danger: "no", "road-type": "motorway", outcome: "road-layout" },
      location: at("unitary parish"),
      description: "Fast lorries",
    });
    const result = await submit(motorway, { signposts: "record" });
    const stored = await caseStore.get((result as { reference: string }).reference);
    expect(stored).toMatchObject({
      council: "saltmere",
      destination: { kind: "district", code: "E06999999" },
      routing: {
        ruleId: "trunk-road",
        requested: "district",
        area: { kind: "parish", code: "E04999202" },
        reason: expect.stringMatching(
          /could not show them that before they sent the report, so Saltmere Council has it$/,
        ) as string,
      },
    });
  });

  it("refuses a location in no served council's area, in words for many councils", async () => {
    const { submit } = setup();
    const outside = reportInputSchema.parse({
      service: "speeding",
      answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
      location: { lat: 54, lng: 9 },
      description: "Fast cars",
    });
    const refused = submit(outside);
    await expect(refused).rejects.toBeInstanceOf(OutsideDistrictError);
    await expect(refused).rejects.toThrow("The location is outside the areas we cover");
  });
});
