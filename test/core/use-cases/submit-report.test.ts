import { describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import { keyedReference } from "#core/case/reference.js";
import { submissionHash } from "#core/case/submission-hash.js";
import { IdempotencyConflictError } from "#core/errors.js";
import { type ReportInput, reportInputSchema } from "#core/input/report-input.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { createSubmitReport, scopedKey } from "#core/use-cases/submit-report.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { oneCouncilRouting } from "../../helpers/one-council-routing.js";

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
const answers = { danger: "no", "road-type": "residential", outcome: "speedwatch" };
const inParish: ReportInput = reportInputSchema.parse({
  service: "speeding",
  answers,
  location: { lat: 2, lng: 2 },
  description: "Fast cars",
});

function setup(options: { caseStore?: MemoryCaseStore; now?: string; references?: string[] } = {}) {
  const now = () => new Date(options.now ?? "2026-11-23T10:00:00Z");
  const caseStore = options.caseStore ?? new MemoryCaseStore({ now });
  const jobs: DispatchJob[] = [];
  const references = [...(options.references ?? ["SPD-2222-2222"])];
  const submit = createSubmitReport({
    services,
    ...oneCouncilRouting(boundaries),
    postcodes: { lookup: async () => undefined },
    caseStore,
    queue: { send: async (job) => void jobs.push(job) },
    clock: { now },
    retentionDays: 30,
    newReference: () => (references.length > 1 ? (references.shift() as string) : (references[0] as string)),
  });
  return { caseStore, jobs, submit };
}

const alice = { client: "ip:alice" };
const bob = { client: "ip:bob" };

/** Another resident's case stored under `reference`. */
async function anotherCase(reference: string): Promise<Case> {
  const { submit, caseStore } = setup();
  await submit({ ...inParish, description: "Someone else's report" });
  return { ...((await caseStore.get("SPD-2222-2222")) as Case), reference };
}

describe("Use case: submitReport, idempotency", () => {
  it("replays the first case for the same key and the same report, stored under the key's reference", async () => {
    const { submit, caseStore, jobs } = setup();
    const first = await submit(inParish, { ...alice, idempotencyKey: "abc12345" });
    // The same report, laid out differently and with the padding the schema trims.
    const resent = reportInputSchema.parse({
      description: "  Fast cars ",
      location: { lng: 2, lat: 2 },
      answers: { outcome: "speedwatch", "road-type": "residential", danger: "no" },
      service: "speeding",
    });
    const again = await submit(resent, { ...alice, idempotencyKey: "abc12345" });
    const reference = keyedReference("SPD", scopedKey("ip:alice", "speeding", "abc12345"));
    expect(first).toMatchObject({ reference, replayed: false });
    expect(again).toMatchObject({ reference, replayed: true });
    expect(caseStore.cases.size).toBe(1);
    // No separate record of the key: storing the case claimed it.
    expect(caseStore.keys.size).toBe(0);
    // The replay re-queues a case not yet sent: sending is idempotent, losing the job is not.
    expect(jobs).toHaveLength(2);
  });

  it("refuses the same key with a different report, naming the key, and stores nothing", async () => {
    const { submit, caseStore } = setup();
    await submit(inParish, { ...alice, idempotencyKey: "abc12345" });
    const changed = submit({ ...inParish, description: "Changed" }, { ...alice, idempotencyKey: "abc12345" });
    await expect(changed).rejects.toBeInstanceOf(IdempotencyConflictError);
    await expect(changed).rejects.toMatchObject({ key: "abc12345" });
    expect(caseStore.cases.size).toBe(1);
  });

  it("gives another client using the same key a case of its own (finding 7)", async () => {
    const { submit, caseStore } = setup({ references: ["SPD-2222-2222", "SPD-3333-3333"] });
    const mine = await submit(inParish, { ...alice, idempotencyKey: "shared-key" });
    const theirs = await submit(
      { ...inParish, description: "Bob's own report" },
      { ...bob, idempotencyKey: "shared-key" },
    );
    expect(theirs).toMatchObject({ outcome: "created", replayed: false });
    if (mine.outcome !== "created" || theirs.outcome !== "created") throw new Error("not created");
    expect(theirs.reference).not.toBe(mine.reference);
    expect((await caseStore.get(theirs.reference))?.description).toBe("Bob's own report");
    expect((await caseStore.get(mine.reference))?.description).toBe("Fast cars");
    // Bob's key stands for a reference of its own: he could not have predicted Alice's.
    expect(theirs.reference).toBe(keyedReference("SPD", scopedKey("ip:bob", "speeding", "shared-key")));
  });

  it("claims the key on a record of its own when the key's reference is another case's", async () => {
    const { submit, caseStore } = setup({ references: ["SPD-2222-2222", "SPD-5555-5555"] });
    const scoped = scopedKey("ip:alice", "speeding", "collide1");
    const taken = keyedReference("SPD", scoped);
    caseStore.cases.set(taken, await anotherCase(taken));
    const first = await submit(inParish, { ...alice, idempotencyKey: "collide1" });
    expect(first).toMatchObject({ reference: "SPD-2222-2222", replayed: false });
    expect(caseStore.keys.get(scoped)).toBe("SPD-2222-2222");
    expect(caseStore.keyHashes.get(scoped)).toBe(submissionHash(inParish));
    expect(await submit(inParish, { ...alice, idempotencyKey: "collide1" })).toMatchObject({
      reference: "SPD-2222-2222",
      replayed: true,
    });
    // The claim record keeps the body's hash, so a different report under it is refused there too.
    await expect(
      submit({ ...inParish, description: "Changed" }, { ...alice, idempotencyKey: "collide1" }),
    ).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it("finishes a first try that claimed the key and stopped before storing, under its reference", async () => {
    const { submit, caseStore } = setup();
    const scoped = scopedKey("ip:alice", "speeding", "crashed1");
    const stopped = keyedReference("SPD", scoped);
    caseStore.cases.set(stopped, await anotherCase(stopped));
    caseStore.keys.set(scoped, "SPD-3333-3333");
    caseStore.keyHashes.set(scoped, submissionHash(inParish));
    const resumed = await submit(inParish, { ...alice, idempotencyKey: "crashed1" });
    expect(resumed).toMatchObject({ reference: "SPD-3333-3333", replayed: false });
    expect(await caseStore.get("SPD-3333-3333")).toBeDefined();
  });

  it("makes a new case for a key used again after a day, even with another report", async () => {
    const caseStore = new MemoryCaseStore({ now: () => new Date("2026-11-23T10:00:00Z") });
    await setup({ caseStore }).submit(inParish, { ...alice, idempotencyKey: "daily-01" });
    const nextDay = setup({ caseStore, now: "2026-11-24T10:00:00Z", references: ["SPD-4444-4444"] });
    expect(
      await nextDay.submit({ ...inParish, description: "Again" }, { ...alice, idempotencyKey: "daily-01" }),
    ).toMatchObject({ reference: "SPD-4444-4444", replayed: false });
  });
});

describe("Use case: submitReport, consent", () => {
  const reporter = { name: "Sam", email: "sam@example.org", shareWithParish: true };

  it("records the parish as shared with when the resident agreed and the case goes to it", async () => {
    const { submit, caseStore } = setup();
    await submit({ ...inParish, reporter });
    expect((await caseStore.get("SPD-2222-2222"))?.reporter?.sharedWith).toEqual(["E04000001"]);
  });

  it("records no one when the resident did not agree", async () => {
    const { submit, caseStore } = setup();
    await submit({ ...inParish, reporter: { ...reporter, shareWithParish: false } });
    expect((await caseStore.get("SPD-2222-2222"))?.reporter?.sharedWith).toEqual([]);
  });

  it("records no one when the case goes to the district, whatever the resident agreed", async () => {
    const { submit, caseStore } = setup();
    await submit({ ...inParish, location: { lat: 2, lng: 7 }, reporter });
    const stored = await caseStore.get("SPD-2222-2222");
    expect(stored?.destination.kind).toBe("district");
    expect(stored?.reporter?.sharedWith).toEqual([]);
  });
});

describe("Function: submissionHash", () => {
  it("hashes the same report the same however it is laid out, and any change differently", () => {
    const laidOut = reportInputSchema.parse({
      location: { lng: 2, lat: 2 },
      description: "Fast cars\n",
      answers: { outcome: "speedwatch", danger: "no", "road-type": "residential" },
      service: "speeding",
    });
    expect(submissionHash(laidOut)).toBe(submissionHash(inParish));
    expect(submissionHash({ ...inParish, description: "Fast cars!" })).not.toBe(submissionHash(inParish));
    expect(submissionHash({ ...inParish, location: { lat: 2, lng: 2.0001 } })).not.toBe(
      submissionHash(inParish),
    );
    expect(submissionHash(inParish)).toMatch(/^[0-9a-f]{32}$/);
  });
});
