import { describe, expect, it } from "vitest";
import { reportInputSchema } from "#core/input/report-input.js";
import { services } from "#core/services/index.js";
import { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { createSubmitReport } from "#core/use-cases/submit-report.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { oneCouncilRouting } from "../../helpers/one-council-routing.js";

// "Email me when there is progress": asked with an email address, the case keeps it; without one
// the input is refused with a message for people; not asked (as Open311 clients never do), the
// case holds nothing about it.

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
const body = (reporter: object) => ({
  service: "speeding",
  answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
  location: { lat: 2, lng: 2 },
  description: "Fast cars",
  reporter,
});

async function stored(reporter: object) {
  const caseStore = new MemoryCaseStore();
  const submit = createSubmitReport({
    services,
    ...oneCouncilRouting(boundaries),
    postcodes: { lookup: async () => undefined },
    caseStore,
    queue: { send: async () => undefined },
    clock: { now: () => new Date("2026-11-23T10:00:00Z") },
    retentionDays: 30,
    newReference: () => "SPD-2222-2222",
  });
  await submit(reportInputSchema.parse(body(reporter)));
  return (await caseStore.get("SPD-2222-2222"))?.reporter;
}

describe("progress emails at intake", () => {
  it("keeps the request with the address", async () => {
    expect(await stored({ email: "sam@example.com", wantsUpdates: true })).toMatchObject({
      email: "sam@example.com",
      wantsUpdates: true,
    });
  });

  it("refuses it without an address, naming the email field", () => {
    const parsed = reportInputSchema.safeParse(body({ name: "Sam", wantsUpdates: true }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["reporter.email", "Enter your email address to get progress emails"],
    ]);
  });

  it.each([
    ["not asked", { email: "sam@example.com" }],
    ["declined", { email: "sam@example.com", wantsUpdates: false }],
  ])("holds nothing about it when %s", async (_, reporter) => {
    expect(await stored(reporter)).not.toHaveProperty("wantsUpdates");
  });

  it("refuses anything but true or false", () => {
    const parsed = reportInputSchema.safeParse(body({ email: "sam@example.com", wantsUpdates: "yes" }));
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(["wantsUpdates must be true or false"]);
  });
});
