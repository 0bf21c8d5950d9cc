import { describe, expect, it } from "vitest";
import { ValidationError } from "#core/errors.js";
import { type ReportInput, reportInputSchema } from "#core/input/report-input.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { createSubmitReport } from "#core/use-cases/submit-report.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { oneCouncilRouting } from "../../helpers/one-council-routing.js";

// Signposts for channels that cannot show one before the report is sent (Open311), and the
// description each service needs.

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];
// Saint Anne is parished (x < 5); the east half of the district is unparished.
const boundaries = new BoundaryIndex(
  { code: "E07000001", name: "Testshire", geometry: { type: "Polygon", coordinates: square(0, 0, 10, 10) } },
  [
    {
      code: "E04000001",
      name: "Saint Anne",
      geometry: { type: "Polygon", coordinates: square(0, 0, 5, 10) },
    },
  ],
);
const district = { kind: "district", code: "E07000001", name: "Testshire" };

const report = (changes: Partial<Record<string, unknown>> = {}): ReportInput =>
  reportInputSchema.parse({
    service: "speeding",
    answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
    location: { lat: 2, lng: 2 },
    description: "Fast cars",
    ...changes,
  });

function setup() {
  const now = () => new Date("2026-11-23T10:00:00Z");
  const caseStore = new MemoryCaseStore({ now });
  const jobs: DispatchJob[] = [];
  const submit = createSubmitReport({
    services,
    ...oneCouncilRouting(boundaries),
    postcodes: { lookup: async () => undefined },
    caseStore,
    queue: { send: async (job) => void jobs.push(job) },
    clock: { now },
    retentionDays: 30,
    newReference: (prefix) => `${prefix}-2222-2222`,
  });
  return { caseStore, jobs, submit };
}

const danger = { danger: "yes", "road-type": "residential", outcome: "speedwatch" };
const motorway = { danger: "no", "road-type": "motorway", outcome: "speedwatch" };

describe("Use case: submitReport, signposts", () => {
  it("shows a signpost and stores nothing by default (the form and the JSON API)", async () => {
    const { submit, caseStore, jobs } = setup();
    const result = await submit(report({ answers: danger }));
    expect(result).toMatchObject({ outcome: "signpost", ruleId: "immediate-danger" });
    expect(await caseStore.get("SPD-2222-2222")).toBeUndefined();
    expect(jobs).toEqual([]);
  });

  it.each([
    ["danger=yes", danger, "immediate-danger", "Call 999 now"],
    ["road-type=motorway", motorway, "trunk-road", "Report it to National Highways"],
  ])(
    "records %s: the case goes to the district (even in a parish) with the signpost, a reason and an event",
    async (_, answers, ruleId, title) => {
      const { submit, caseStore, jobs } = setup();
      const fromClient = { attributes: [{ code: "fixmystreet_id", value: "123" }] };
      const result = await submit(report({ answers }), { signposts: "record", fromClient });
      expect(result).toMatchObject({
        outcome: "created",
        reference: "SPD-2222-2222",
        destination: district,
        signpost: { title },
      });
      const stored = await caseStore.get("SPD-2222-2222");
      expect(stored?.destination).toEqual(district);
      expect(stored?.signpost).toEqual({
        ruleId,
        title,
        message: expect.stringContaining(" ") as string,
      });
      expect(stored?.routing).toMatchObject({
        ruleId,
        requested: "district",
        area: { kind: "parish", code: "E04000001" },
        reason: expect.stringContaining("their app could not show them that") as string,
      });
      expect(stored?.fromClient).toEqual(fromClient);
      const timeline = await caseStore.timeline("SPD-2222-2222");
      expect(timeline.map((e) => e.type)).toEqual(["submitted", "signposted", "queued"]);
      expect(timeline[1]?.data).toEqual({ rule: ruleId });
      expect(jobs).toEqual([{ reference: "SPD-2222-2222" }]);
    },
  );

  it("still needs a location inside the district for a recorded signpost", async () => {
    const { submit } = setup();
    await expect(
      submit(report({ answers: danger, location: { lat: 20, lng: 20 } }), { signposts: "record" }),
    ).rejects.toThrow(/outside/i);
  });

  it("routes a report the rules do not signpost as before, with no signpost on it", async () => {
    const { submit, caseStore } = setup();
    const result = await submit(report(), { signposts: "record" });
    expect(result).toMatchObject({ outcome: "created", destination: { kind: "parish" } });
    expect(result).not.toHaveProperty("signpost");
    const stored = await caseStore.get("SPD-2222-2222");
    expect(stored).not.toHaveProperty("signpost");
    expect(stored).not.toHaveProperty("fromClient");
  });
});

describe("Use case: submitReport, the description", () => {
  it("needs one where the service says so, with the service's own message", async () => {
    const { submit } = setup();
    const error = await submit(report({ description: "" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: "description", message: "Enter a description of the speeding" },
    ]);
  });

  it("never needs one for a recorded signpost", async () => {
    const { submit } = setup();
    const result = await submit(report({ answers: danger, description: "" }), { signposts: "record" });
    expect(result.outcome).toBe("created");
  });

  it("takes none for street furniture, whose questions say what is wrong", async () => {
    const { submit, caseStore } = setup();
    const result = await submit(
      report({
        service: "street-furniture",
        answers: { danger: "no", item: "bench", owner: "district" },
        description: "",
      }),
    );
    expect(result.outcome).toBe("created");
    expect((await caseStore.get("SFN-2222-2222"))?.description).toBe("");
  });
});
