import { describe, expect, it } from "vitest";
import { UpstreamError } from "#core/errors.js";
import { SendInProgressError } from "#core/errors.js";
import type { ClerkContact, Directory } from "#core/ports/directory.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { createDispatchReport } from "#core/use-cases/dispatch-report.js";
import { createDeadLetterCases } from "#core/use-cases/redrive.js";
import { createSubmitReport } from "#core/use-cases/submit-report.js";
import { oneCouncilSending, testCouncil } from "../../helpers/councils.js";
import { directoryOf } from "../../helpers/fake-directory.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { oneCouncilRouting } from "../../helpers/one-council-routing.js";

const TESTSHIRE = testCouncil({
  id: "testshire",
  name: "Testshire District Council",
  area: { code: "E07000001", name: "Testshire" },
  email: "team@district.example",
});

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];
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
const clock = { now: () => new Date("2026-11-23T10:00:00Z") };
const answers = { danger: "no", "road-type": "residential", outcome: "speedwatch" };

function setup(options: { queueFails?: boolean; contact?: ClerkContact | Error; mailFails?: boolean } = {}) {
  const caseStore = new MemoryCaseStore();
  const jobs: DispatchJob[] = [];
  const sent: OutgoingEmail[] = [];
  const submit = createSubmitReport({
    services,
    ...oneCouncilRouting(boundaries),
    postcodes: { lookup: async () => undefined },
    caseStore,
    queue: {
      send: async (job) => {
        if (options.queueFails) throw new Error("queue down");
        jobs.push(job);
      },
    },
    clock,
    retentionDays: 30,
    newReference: () => "SPD-2222-2222",
  });
  const directory: Directory = directoryOf(() => {
    if (options.contact instanceof Error) throw options.contact;
    return options.contact;
  });
  const mailer: Mailer = {
    send: async (email) => {
      if (options.mailFails) throw new Error("SES throttled");
      sent.push(email);
      return { messageId: `m-${sent.length}` };
    },
  };
  const dispatch = createDispatchReport({
    services,
    caseStore,
    ...oneCouncilSending(directory, TESTSHIRE),
    mailer,
    clock,
  });
  return { caseStore, jobs, sent, submit, dispatch };
}

const inParish = { service: "speeding", answers, location: { lat: 2, lng: 2 }, description: "Fast cars" };

describe("Use case: submitReport", () => {
  it("stores the case with its routing reason and retention, then queues it", async () => {
    const { submit, caseStore, jobs } = setup();
    const result = await submit(inParish);
    expect(result).toEqual({
      outcome: "created",
      reference: "SPD-2222-2222",
      destination: { kind: "parish", code: "E04000001", name: "Saint Anne" },
      replayed: false,
    });
    const stored = await caseStore.get("SPD-2222-2222");
    expect(stored?.routing).toMatchObject({ ruleId: "parish-speedwatch-or-sign", requested: "parish" });
    expect(stored?.retainUntil).toBe(Date.parse("2026-11-23T10:00:00Z") / 1000 + 30 * 86_400);
    expect(jobs).toEqual([{ reference: "SPD-2222-2222" }]);
    expect((await caseStore.timeline("SPD-2222-2222")).map((e) => e.type)).toEqual(["submitted", "queued"]);
  });

  it("has already stored the case when queueing fails, so the report is not lost", async () => {
    const { submit, caseStore } = setup({ queueFails: true });
    await expect(submit(inParish)).rejects.toThrow("queue down");
    expect(await caseStore.get("SPD-2222-2222")).toMatchObject({ delivery: "queued" });
  });

  it("stores a keyless report under a fresh reference when its random one is another case's", async () => {
    const caseStore = new MemoryCaseStore();
    const references = ["SPD-2222-2222", "SPD-2222-2222", "SPD-5555-5555"];
    const submit = createSubmitReport({
      services,
      ...oneCouncilRouting(boundaries),
      postcodes: { lookup: async () => undefined },
      caseStore,
      queue: { send: async () => undefined },
      clock,
      retentionDays: 30,
      newReference: () => references.shift() ?? "SPD-9999-9999",
    });
    await submit(inParish);
    const second = await submit({ ...inParish, description: "Another resident's report" });
    expect(second).toMatchObject({ reference: "SPD-5555-5555", replayed: false });
    expect((await caseStore.get("SPD-5555-5555"))?.description).toBe("Another resident's report");
    expect((await caseStore.get("SPD-2222-2222"))?.description).toBe("Fast cars");
  });

  it("stores nothing for a signpost", async () => {
    const { submit, caseStore } = setup();
    expect(await submit({ ...inParish, answers: { danger: "yes" } })).toMatchObject({ outcome: "signpost" });
    expect(caseStore.cases.size).toBe(0);
  });
});

/** A case made by another submission, without a key, standing under `reference`. */
describe("Use case: dispatchReport", () => {
  const contact: ClerkContact = {
    councilName: "St Anne Parish Council",
    email: "clerk@stanne.example",
    source: "http://mg/x",
    via: "web-service",
  };

  it("emails the clerk once; a second run for the same case sends nothing", async () => {
    const { submit, dispatch, sent, caseStore } = setup({ contact });
    await submit(inParish);
    expect(await dispatch("SPD-2222-2222")).toEqual({
      outcome: "sent",
      recipient: "clerk@stanne.example",
      destination: "parish",
    });
    expect(await dispatch("SPD-2222-2222")).toEqual({ outcome: "already-sent" });
    expect(sent.map((e) => e.to)).toEqual([["clerk@stanne.example"]]);
    expect(sent[0]?.replyTo).toEqual(["team@district.example"]);
    expect((await caseStore.get("SPD-2222-2222"))?.delivery).toBe("sent");
  });

  it("falls back to the district when the directory fails, and says so", async () => {
    const { submit, dispatch, sent, caseStore } = setup({
      contact: new UpstreamError("Modern.Gov", "timed out"),
    });
    await submit(inParish);
    await dispatch("SPD-2222-2222");
    expect(sent[0]?.to).toEqual(["team@district.example"]);
    expect((await caseStore.get("SPD-2222-2222"))?.destination).toEqual({
      kind: "district",
      code: "E07000001",
      name: "Testshire",
    });
    const rerouted = (await caseStore.timeline("SPD-2222-2222")).find((e) => e.type === "rerouted");
    expect(rerouted?.summary).toContain("could not be fetched (Modern.Gov: timed out)");
  });

  it("records a failed send and rethrows so the queue retries", async () => {
    const { submit, dispatch, caseStore } = setup({ contact, mailFails: true });
    await submit(inParish);
    await expect(dispatch("SPD-2222-2222")).rejects.toThrow("SES throttled");
    const failed = (await caseStore.timeline("SPD-2222-2222")).find((e) => e.type === "send-failed");
    expect(failed?.data).toEqual({ recipient: "clerk@stanne.example", error: "Error: SES throttled" });
    expect((await caseStore.get("SPD-2222-2222"))?.delivery).toBe("queued");
  });

  it("never emails twice when an attempt dies between sending and recording it", async () => {
    const { submit, dispatch, sent, caseStore } = setup({ contact });
    await submit(inParish);
    // The attempt sends, then its process dies before the "sent" write lands.
    const transition = caseStore.transitionDelivery.bind(caseStore);
    caseStore.transitionDelivery = async (ref, from, update, events) => {
      if (update.delivery === "sent") throw new Error("crashed");
      return transition(ref, from, update, events);
    };
    await expect(dispatch("SPD-2222-2222")).rejects.toThrow("crashed");
    caseStore.transitionDelivery = transition;
    expect(sent).toHaveLength(1);

    // A retry inside the claim's lease waits; after it, the case is marked unconfirmed, not resent.
    await expect(dispatch("SPD-2222-2222")).rejects.toBeInstanceOf(SendInProgressError);
    const retry = createDispatchReport({
      services,
      caseStore,
      ...oneCouncilSending(
        directoryOf(() => contact),
        TESTSHIRE,
      ),
      mailer: { send: async () => ({ messageId: "second" }) },
      clock: { now: () => new Date("2026-11-23T10:05:00Z") },
    });
    expect(await retry("SPD-2222-2222")).toEqual({ outcome: "unconfirmed" });
    expect((await caseStore.get("SPD-2222-2222"))?.delivery).toBe("unconfirmed");
    expect((await caseStore.timeline("SPD-2222-2222")).map((e) => e.type)).toContain("send-unconfirmed");
    expect(await retry("SPD-2222-2222")).toEqual({ outcome: "not-queued" });
  });
});

describe("Use case: dead letters and re-drive", () => {
  it("marks a case not sent, then re-drives it once", async () => {
    const { submit, caseStore, jobs } = setup();
    await submit(inParish);
    const deadLetters = createDeadLetterCases({
      caseStore,
      queue: { send: async (job) => void jobs.push(job) },
      clock,
    });
    await deadLetters.markNotSent("SPD-2222-2222", 5, "Error: SES down");
    expect((await caseStore.get("SPD-2222-2222"))?.delivery).toBe("failed");
    expect(await deadLetters.redrive("SPD-2222-2222", "staff:ana")).toBe("redriven");
    expect(await deadLetters.redrive("SPD-2222-2222", "staff:ana")).toBe("not-needed");
    expect((await caseStore.get("SPD-2222-2222"))?.delivery).toBe("queued");
    const types = (await caseStore.timeline("SPD-2222-2222")).map((e) => [e.type, e.actor]);
    expect(types).toContainEqual(["dead-lettered", "system"]);
    expect(types).toContainEqual(["redriven", "staff:ana"]);
    expect(jobs).toHaveLength(2);
  });
});
