import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Case, type CaseStatus, destinationTarget } from "#core/case/case.js";
import { event } from "#core/case/timeline.js";
import { DuplicateCaseError, NotFoundError } from "#core/errors.js";
import { type CasePageQuery, type CaseStore, caseSortKey } from "#core/ports/case-store.js";

/** A store under test, on the clock it is given; `close` frees whatever it started. */
export type MakeCaseStore = (now: () => Date) => Promise<{ store: CaseStore; close?: () => Promise<void> }>;

const START = new Date("2026-11-23T10:00:00.000Z");
const KEPT = Date.parse("2030-01-01T00:00:00Z") / 1000;
const ashcombe = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const brookfield = { kind: "parish" as const, code: "E04999002", name: "Brookfield" };
const district = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };

/** The store's first council (`firstCouncil`): a case without `council` is its case. */
export const FIRST_COUNCIL = "exampleshire-vale";
/** Every list and count below is of the first council's cases, unless a test says otherwise. */
const ours = { council: FIRST_COUNCIL };

/** A case received `minute` minutes into 1 November 2026 (GMT), unless told otherwise. */
export function aCase(reference: string, overrides: Partial<Case> = {}, minute = 0): Case {
  const createdAt = new Date(Date.UTC(2026, 10, 1) + minute * 60_000).toISOString();
  const destination = overrides.destination ?? ashcombe;
  return {
    reference,
    service: "speeding",
    status: "new",
    delivery: "queued",
    createdAt,
    updatedAt: createdAt,
    answers: { danger: "no" },
    location: { lat: 54.5, lng: 2.3, postcode: "ZX1 5ZB" },
    description: "Fast cars",
    destination,
    routing: { ruleId: "r", requested: destinationTarget(destination), area: destination, reason: "test" },
    retainUntil: KEPT,
    ...overrides,
  };
}

/**
 * What every CaseStore promises (the port in core/ports/case-store.ts), run against each
 * implementation: the DynamoDB adapter and the in-memory double the core's unit tests rely on.
 */
export function caseStoreContract(name: string, makeStore: MakeCaseStore) {
  describe(`CaseStore contract: ${name}`, () => {
    let now = START;
    let store: CaseStore;
    let close: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      now = START;
      ({ store, close } = await makeStore(() => now));
    });
    afterEach(() => close?.());

    const refs = (cases: Case[]) => cases.map((c) => c.reference);

    describe("create and get", () => {
      it("round-trips a case", async () => {
        await store.create(aCase("SPD-AAAA-0001"), []);
        expect(await store.get("SPD-AAAA-0001")).toEqual(aCase("SPD-AAAA-0001"));
        expect(await store.get("SPD-NONE-0001")).toBeUndefined();
      });

      it("counts a case once, however many times it is stored", async () => {
        await store.create(aCase("SPD-AAAA-0004"), []);
        const again = () => store.create(aCase("SPD-AAAA-0004"), []);
        await Promise.allSettled([again(), again()]);
        expect(await store.countByStatus(ours)).toEqual({ new: 1, "in-progress": 0, closed: 0 });
      });

      it("refuses a second case with the same reference and keeps the first", async () => {
        await store.create(aCase("SPD-AAAA-0002"), [event(START, "submitted", "first")]);
        await expect(
          store.create(aCase("SPD-AAAA-0002", { description: "second" }), [
            event(START, "submitted", "second"),
          ]),
        ).rejects.toBeInstanceOf(DuplicateCaseError);
        expect((await store.get("SPD-AAAA-0002"))?.description).toBe("Fast cars");
        expect((await store.timeline("SPD-AAAA-0002")).map((e) => e.summary)).toEqual(["first"]);
      });

      it("keeps a keyed case's idempotency key and body hash out of the record, and names them when refusing a duplicate", async () => {
        await store.create(aCase("SPD-KEYD-0001"), [], {
          idempotencyKey: "ip:a#speeding#key-0001",
          bodyHash: "hash-1",
        });
        expect(await store.get("SPD-KEYD-0001")).toEqual(aCase("SPD-KEYD-0001"));
        const keyed = await store
          .create(aCase("SPD-KEYD-0001"), [], {
            idempotencyKey: "ip:a#speeding#key-0002",
            bodyHash: "hash-2",
          })
          .catch((error: unknown) => error);
        expect(keyed).toBeInstanceOf(DuplicateCaseError);
        expect((keyed as DuplicateCaseError).existing).toEqual({
          idempotencyKey: "ip:a#speeding#key-0001",
          bodyHash: "hash-1",
          createdAt: aCase("SPD-KEYD-0001").createdAt,
        });
        await store.create(aCase("SPD-KEYD-0002"), []);
        const unkeyed = await store
          .create(aCase("SPD-KEYD-0002"), [], { idempotencyKey: "speeding#key-0003" })
          .catch((error: unknown) => error);
        expect((unkeyed as DuplicateCaseError).existing).toEqual({
          createdAt: aCase("SPD-KEYD-0002").createdAt,
        });
      });

      it("hands out copies: changing one changes nothing stored", async () => {
        await store.create(aCase("SPD-AAAA-0003"), []);
        const got = await store.get("SPD-AAAA-0003");
        if (got) got.destination.name = "Changed";
        expect((await store.get("SPD-AAAA-0003"))?.destination.name).toBe("Ashcombe");
      });
    });

    describe("getMany", () => {
      const many = (count: number, prefix: string) =>
        [...Array(count).keys()].map((i) => `SPD-${prefix}-${String(i).padStart(4, "0")}`);

      it("reads cases in the order given, each once, leaving out those it does not have", async () => {
        for (const reference of ["SPD-MANY-000A", "SPD-MANY-000B", "SPD-MANY-000C"])
          await store.create(aCase(reference), []);
        const found = await store.getMany([
          "SPD-MANY-000C",
          "SPD-NONE-0001",
          "SPD-MANY-000A",
          "SPD-MANY-000C",
          "SPD-MANY-000B",
        ]);
        expect(found).toEqual([aCase("SPD-MANY-000C"), aCase("SPD-MANY-000A"), aCase("SPD-MANY-000B")]);
        expect(await store.getMany([])).toEqual([]);
      });

      it("reads more cases than one DynamoDB batch holds (100)", async () => {
        const stored = many(250, "BTCH");
        await Promise.all(stored.map((reference, i) => store.create(aCase(reference, {}, i), [])));
        const asked = [...stored]
          .reverse()
          .flatMap((reference, i) => (i % 50 === 0 ? [reference, `${reference}X`] : [reference]));
        expect(refs(await store.getMany(asked))).toEqual([...stored].reverse());
      });

      it("reads every case of a batch too large for one answer", async () => {
        // 120 cases of about 20 KB: over what one answer carries in dynalite (1 MB; DynamoDB's is
        // 16 MB), which leaves the rest as unprocessed keys for the store to ask for again.
        const stored = many(120, "LARG");
        const description = "A long account of the traffic. ".repeat(650);
        await Promise.all(stored.map((reference) => store.create(aCase(reference, { description }), [])));
        const found = await store.getMany(stored);
        expect(refs(found)).toEqual(stored);
        expect(found.every((c) => c.description === description)).toBe(true);
      });
    });

    describe("timeline", () => {
      it("keeps the events of create and appendEvents in time order, appended order within a time", async () => {
        const at = new Date("2026-11-23T10:00:00Z");
        const earlier = new Date("2026-11-23T09:59:00Z");
        await store.create(aCase("SPD-TIME-0001"), [event(at, "submitted", "one")]);
        await store.appendEvents("SPD-TIME-0001", [
          event(at, "queued", "two"),
          event(at, "sent", "three", { recipient: "a@b.c" }),
        ]);
        await store.appendEvents("SPD-TIME-0001", [event(earlier, "note", "before", {}, "staff-1")]);
        expect(await store.timeline("SPD-TIME-0001")).toEqual([
          { at: earlier.toISOString(), type: "note", actor: "staff-1", summary: "before", data: {} },
          { at: at.toISOString(), type: "submitted", actor: "system", summary: "one" },
          { at: at.toISOString(), type: "queued", actor: "system", summary: "two" },
          {
            at: at.toISOString(),
            type: "sent",
            actor: "system",
            summary: "three",
            data: { recipient: "a@b.c" },
          },
        ]);
      });

      it("merges the events written with the case and with its changes into the same order", async () => {
        const at = new Date("2026-11-23T10:00:00Z");
        const later = new Date("2026-11-23T10:01:00Z");
        await store.create(aCase("SPD-TIME-0002"), [
          event(at, "submitted", "one"),
          event(at, "queued", "two"),
        ]);
        await store.appendEvents("SPD-TIME-0002", [event(at, "note", "three", undefined, "staff-1")]);
        await store.transitionDelivery("SPD-TIME-0002", ["queued"], { delivery: "sending" }, [
          event(later, "sent", "five"),
        ]);
        await store.recordEvents("SPD-TIME-0002", [event(at, "delivered", "four")]);
        await store.update("SPD-TIME-0002", {}, [event(later, "requeued", "six")]);
        expect((await store.timeline("SPD-TIME-0002")).map((e) => e.summary)).toEqual([
          "one",
          "two",
          "three",
          "four",
          "five",
          "six",
        ]);
      });

      it("is empty for a case it does not know", async () => {
        expect(await store.timeline("SPD-NONE-0002")).toEqual([]);
      });
    });

    describe("update", () => {
      it("sets the fields given, stamps updatedAt and leaves undefined fields as they are", async () => {
        await store.create(aCase("SPD-UPDT-0001", { sendingSince: "2026-11-01T00:00:00.000Z" }), []);
        now = new Date("2026-11-24T09:00:00Z");
        const updated = await store.update("SPD-UPDT-0001", {
          recipient: "clerk@example.org",
          sendingSince: undefined,
        });
        expect(updated).toEqual(
          aCase("SPD-UPDT-0001", {
            sendingSince: "2026-11-01T00:00:00.000Z",
            recipient: "clerk@example.org",
            updatedAt: "2026-11-24T09:00:00.000Z",
          }),
        );
        expect(await store.get("SPD-UPDT-0001")).toEqual(updated);
      });

      it("stamps updatedAt alone when given nothing (the requeue sweep relies on it)", async () => {
        await store.create(aCase("SPD-UPDT-0002"), []);
        now = new Date("2026-11-24T09:30:00Z");
        expect(await store.update("SPD-UPDT-0002", {})).toEqual(
          aCase("SPD-UPDT-0002", { updatedAt: "2026-11-24T09:30:00.000Z" }),
        );
      });

      it("moves a case to its new destination's list when rerouted", async () => {
        await store.create(aCase("SPD-UPDT-0003"), []);
        await store.update("SPD-UPDT-0003", { destination: district });
        expect(
          refs((await store.listCases({ ...ours, destination: district.code, limit: 10 })).cases),
        ).toEqual(["SPD-UPDT-0003"]);
        expect((await store.listCases({ ...ours, destination: ashcombe.code, limit: 10 })).cases).toEqual([]);
      });

      it("rejects with NotFoundError for a case it does not know", async () => {
        await expect(store.update("SPD-NONE-0003", { delivery: "sent" })).rejects.toBeInstanceOf(
          NotFoundError,
        );
      });
    });

    describe("changeStatus", () => {
      it("moves the status from the one given, stamping updatedAt", async () => {
        await store.create(aCase("SPD-STAT-0001"), []);
        now = new Date("2026-11-24T10:00:00Z");
        const moved = await store.changeStatus("SPD-STAT-0001", "new", "in-progress");
        expect(moved).toEqual(
          aCase("SPD-STAT-0001", {
            status: "in-progress",
            updatedAt: "2026-11-24T10:00:00.000Z",
            firstActionAt: "2026-11-24T10:00:00.000Z",
          }),
        );
        expect(await store.get("SPD-STAT-0001")).toEqual(moved);
      });

      it("keeps the first action's time, and stamps each close (kept when reopened)", async () => {
        await store.create(aCase("SPD-STAT-0006"), []);
        now = new Date("2026-11-24T10:00:00Z");
        await store.changeStatus("SPD-STAT-0006", "new", "in-progress");
        now = new Date("2026-11-25T10:00:00Z");
        await store.changeStatus("SPD-STAT-0006", "in-progress", "closed");
        now = new Date("2026-11-26T10:00:00Z");
        const reopened = await store.changeStatus("SPD-STAT-0006", "closed", "in-progress");
        expect(reopened?.firstActionAt).toBe("2026-11-24T10:00:00.000Z");
        expect(reopened?.closedAt).toBe("2026-11-25T10:00:00.000Z");
        now = new Date("2026-11-27T10:00:00Z");
        const closed = await store.changeStatus("SPD-STAT-0006", "in-progress", "closed");
        expect(closed).toMatchObject({
          firstActionAt: "2026-11-24T10:00:00.000Z",
          closedAt: "2026-11-27T10:00:00.000Z",
        });
      });

      it("refuses a change from a status the case no longer has, and a case it does not know", async () => {
        await store.create(aCase("SPD-STAT-0002", { status: "closed" }), []);
        expect(await store.changeStatus("SPD-STAT-0002", "new", "in-progress")).toBeUndefined();
        expect(await store.get("SPD-STAT-0002")).toEqual(aCase("SPD-STAT-0002", { status: "closed" }));
        expect(await store.changeStatus("SPD-NONE-0004", "new", "closed")).toBeUndefined();
      });

      it("lets exactly one of two changes from the same status win", async () => {
        await store.create(aCase("SPD-STAT-0003"), []);
        const outcomes = await Promise.all([
          store.changeStatus("SPD-STAT-0003", "new", "in-progress"),
          store.changeStatus("SPD-STAT-0003", "new", "closed"),
        ]);
        expect(outcomes.filter(Boolean)).toHaveLength(1);
        expect((await store.get("SPD-STAT-0003"))?.status).toBe(outcomes.find(Boolean)?.status);
      });

      it("moves the case between the status lists and the counts with it", async () => {
        await store.create(aCase("SPD-STAT-0004"), []);
        await store.create(aCase("SPD-STAT-0005", {}, 1), []);
        await store.changeStatus("SPD-STAT-0004", "new", "closed");
        await store.changeStatus("SPD-STAT-0005", "new", "new");
        expect(await store.countByStatus(ours)).toEqual({ new: 1, "in-progress": 0, closed: 1 });
        expect(refs((await store.listCases({ ...ours, status: "closed", limit: 10 })).cases)).toEqual([
          "SPD-STAT-0004",
        ]);
        const range = { from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T00:00:00.000Z", limit: 10 };
        expect(refs(await store.listByStatus({ ...ours, ...range, status: "new" }))).toEqual([
          "SPD-STAT-0005",
        ]);
      });
    });

    describe("transitionDelivery", () => {
      it("moves the delivery state from one of those given, with the rest of the update", async () => {
        await store.create(aCase("SPD-DLVR-0001"), []);
        now = new Date("2026-11-23T10:05:00Z");
        const claimed = await store.transitionDelivery("SPD-DLVR-0001", ["queued", "failed"], {
          delivery: "sending",
          sendingSince: now.toISOString(),
        });
        expect(claimed).toEqual(
          aCase("SPD-DLVR-0001", {
            delivery: "sending",
            sendingSince: "2026-11-23T10:05:00.000Z",
            updatedAt: "2026-11-23T10:05:00.000Z",
          }),
        );
        expect(await store.get("SPD-DLVR-0001")).toEqual(claimed);
      });

      it("refuses when the state has moved on, and for a case it does not know", async () => {
        await store.create(aCase("SPD-DLVR-0002", { delivery: "sent" }), []);
        expect(
          await store.transitionDelivery("SPD-DLVR-0002", ["queued"], { delivery: "sending" }),
        ).toBeUndefined();
        expect(await store.get("SPD-DLVR-0002")).toEqual(aCase("SPD-DLVR-0002", { delivery: "sent" }));
        expect(
          await store.transitionDelivery("SPD-NONE-0005", ["queued"], { delivery: "sent" }),
        ).toBeUndefined();
      });

      it("given a destination, moves only while the case is still with that body", async () => {
        const parish = { kind: "parish" as const, code: "E04000001", name: "Ashcombe" };
        const district = { kind: "district" as const, code: "E07000001", name: "Vale" };
        await store.create(aCase("SPD-DLVR-0005", { destination: parish, delivery: "sent" }), []);
        const move = (expected: string) =>
          store.transitionDelivery(
            "SPD-DLVR-0005",
            ["sent", "queued"],
            { delivery: "queued", destination: district },
            [event(START, "rerouted", "moved")],
            { destination: expected },
          );
        expect(await move("E04000002")).toBeUndefined();
        expect((await store.get("SPD-DLVR-0005"))?.destination).toEqual(parish);
        expect((await move(parish.code))?.destination).toEqual(district);
        // The same move again finds the case gone from the parish: nothing is written twice.
        expect(await move(parish.code)).toBeUndefined();
        expect((await store.timeline("SPD-DLVR-0005")).map((e) => e.summary)).toEqual(["moved"]);
      });

      it("records the events given with a transition, and none with one refused", async () => {
        await store.create(aCase("SPD-DLVR-0004"), []);
        const sent = [event(START, "sent", "emailed")];
        expect(
          await store.transitionDelivery("SPD-DLVR-0004", ["queued"], { delivery: "sent" }, sent),
        ).toBeDefined();
        expect(
          await store.transitionDelivery("SPD-DLVR-0004", ["queued"], { delivery: "sent" }, [
            event(START, "sent", "again"),
          ]),
        ).toBeUndefined();
        expect((await store.timeline("SPD-DLVR-0004")).map((e) => e.summary)).toEqual(["emailed"]);
      });

      it("gives a send claim to exactly one of two claimants", async () => {
        await store.create(aCase("SPD-DLVR-0003"), []);
        const claims = await Promise.all(
          [1, 2].map(() => store.transitionDelivery("SPD-DLVR-0003", ["queued"], { delivery: "sending" })),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
      });
    });

    describe("recordEvents", () => {
      it("records the events and answers the case as it is", async () => {
        await store.create(aCase("SPD-RCRD-0001", { delivery: "sent", recipient: "clerk@example.org" }), []);
        now = new Date("2026-11-24T10:00:00Z");
        expect(await store.recordEvents("SPD-RCRD-0001", [event(now, "delivered", "arrived")])).toEqual(
          aCase("SPD-RCRD-0001", { delivery: "sent", recipient: "clerk@example.org" }),
        );
        expect((await store.timeline("SPD-RCRD-0001")).map((e) => e.summary)).toEqual(["arrived"]);
      });

      it("records nothing for a case it does not know, or one past its retention date", async () => {
        expect(await store.recordEvents("SPD-NONE-0006", [event(START, "delivered", "x")])).toBeUndefined();
        expect(await store.timeline("SPD-NONE-0006")).toEqual([]);
        expect(await store.get("SPD-NONE-0006")).toBeUndefined();
        await store.create(
          aCase("SPD-RCRD-0002", { retainUntil: Date.parse("2026-12-01T00:00:00Z") / 1000 }),
          [],
        );
        now = new Date("2026-12-02T00:00:00Z");
        expect(await store.recordEvents("SPD-RCRD-0002", [event(now, "delivered", "x")])).toBeUndefined();
      });
    });

    describe("setPossibleDuplicates", () => {
      it("sets the list with its events only while it is still what the caller read", async () => {
        await store.create(aCase("SPD-DUPS-0001"), []);
        const marked = await store.setPossibleDuplicates(
          "SPD-DUPS-0001",
          [],
          ["SPD-DUPS-0002"],
          [event(now, "possible-duplicate", "Possible duplicate of SPD-DUPS-0002")],
        );
        expect(marked?.possibleDuplicates).toEqual(["SPD-DUPS-0002"]);
        // A caller who read the list before that change writes nothing.
        expect(await store.setPossibleDuplicates("SPD-DUPS-0001", [], ["SPD-DUPS-0003"])).toBeUndefined();
        const both = ["SPD-DUPS-0002", "SPD-DUPS-0003"];
        expect(
          (await store.setPossibleDuplicates("SPD-DUPS-0001", ["SPD-DUPS-0002"], both))?.possibleDuplicates,
        ).toEqual(both);
        expect(await store.setPossibleDuplicates("SPD-DUPS-0001", ["SPD-DUPS-0002"], [])).toBeUndefined();
        expect((await store.setPossibleDuplicates("SPD-DUPS-0001", both, []))?.possibleDuplicates).toEqual(
          [],
        );
        // Emptied, the list reads as never set.
        expect(
          (await store.setPossibleDuplicates("SPD-DUPS-0001", [], ["SPD-DUPS-0004"]))?.possibleDuplicates,
        ).toEqual(["SPD-DUPS-0004"]);
        expect((await store.get("SPD-DUPS-0001"))?.possibleDuplicates).toEqual(["SPD-DUPS-0004"]);
        expect((await store.timeline("SPD-DUPS-0001")).map((e) => e.type)).toEqual(["possible-duplicate"]);
      });

      it("writes nothing for a case it does not know", async () => {
        expect(await store.setPossibleDuplicates("SPD-NONE-0007", [], ["SPD-DUPS-0002"])).toBeUndefined();
        expect(await store.get("SPD-NONE-0007")).toBeUndefined();
      });
    });

    describe("claimIdempotencyKey", () => {
      it("binds a key to the first reference that claims it", async () => {
        expect(await store.claimIdempotencyKey("key-1", "SPD-IDEM-0001", KEPT)).toBe("SPD-IDEM-0001");
        expect(await store.claimIdempotencyKey("key-1", "SPD-IDEM-0002", KEPT)).toBe("SPD-IDEM-0001");
        expect(await store.claimIdempotencyKey("key-2", "SPD-IDEM-0002", KEPT)).toBe("SPD-IDEM-0002");
      });

      it("binds a submission key with its body hash, and hands back the first claim", async () => {
        const first = { reference: "SPD-IDEM-0003", bodyHash: "hash-1" };
        expect(await store.claimSubmissionKey("ip:a#speeding#k", first, KEPT)).toEqual(first);
        expect(
          await store.claimSubmissionKey(
            "ip:a#speeding#k",
            { reference: "SPD-IDEM-0004", bodyHash: "hash-2" },
            KEPT,
          ),
        ).toEqual(first);
        // Keys are whole strings: another client's scope is another key.
        const other = { reference: "SPD-IDEM-0004", bodyHash: "hash-2" };
        expect(await store.claimSubmissionKey("ip:b#speeding#k", other, KEPT)).toEqual(other);
      });

      it("frees a key once its claim has expired", async () => {
        const expiresAt = Date.parse("2026-11-24T10:00:00Z") / 1000;
        const first = { reference: "SPD-IDEM-0005", bodyHash: "hash-1" };
        const later = { reference: "SPD-IDEM-0006", bodyHash: "hash-2" };
        expect(await store.claimSubmissionKey("ip:a#speeding#old", first, expiresAt)).toEqual(first);
        expect(await store.claimSubmissionKey("ip:a#speeding#old", later, KEPT)).toEqual(first);
        now = new Date("2026-11-24T10:00:01Z");
        expect(await store.claimSubmissionKey("ip:a#speeding#old", later, KEPT)).toEqual(later);
        expect(await store.claimIdempotencyKey("ip:a#speeding#old", "SPD-IDEM-0007", KEPT)).toBe(
          "SPD-IDEM-0006",
        );
      });
    });

    describe("listByStatus", () => {
      it("lists one status within [from, to] inclusive, newest first (ties by reference), up to limit", async () => {
        await store.create(aCase("SPD-LIST-0001", {}, 0), []);
        await store.create(aCase("SPD-LIST-0002", {}, 10), []);
        await store.create(aCase("SPD-LIST-0003", {}, 10), []);
        await store.create(aCase("SPD-LIST-0004", { service: "street-furniture" }, 20), []);
        await store.create(aCase("SPD-LIST-0005", { status: "closed" }, 20), []);
        await store.create(aCase("SPD-LIST-0006", {}, 30), []);
        const range = { from: "2026-11-01T00:00:00.000Z", to: "2026-11-01T00:20:00.000Z" };
        expect(refs(await store.listByStatus({ ...ours, ...range, status: "new", limit: 10 }))).toEqual([
          "SPD-LIST-0004",
          "SPD-LIST-0003",
          "SPD-LIST-0002",
          "SPD-LIST-0001",
        ]);
        expect(refs(await store.listByStatus({ ...ours, ...range, status: "new", limit: 2 }))).toEqual([
          "SPD-LIST-0004",
          "SPD-LIST-0003",
        ]);
        expect(
          refs(
            await store.listByStatus({ ...ours, ...range, status: "new", service: "speeding", limit: 10 }),
          ),
        ).toEqual(["SPD-LIST-0003", "SPD-LIST-0002", "SPD-LIST-0001"]);
        expect(refs(await store.listByStatus({ ...ours, ...range, status: "closed", limit: 10 }))).toEqual([
          "SPD-LIST-0005",
        ]);
      });
    });

    describe("listAwaitingDispatch", () => {
      const window = { from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T00:00:00.000Z" };
      const untouchedSince = "2026-11-01T12:00:00.000Z";
      const seed = async () => {
        const stalled = { updatedAt: "2026-11-01T06:00:00.000Z" };
        await store.create(aCase("SPD-WAIT-0001", { ...stalled }, 60), []);
        await store.create(aCase("SPD-WAIT-0002", { ...stalled, status: "closed" }, 30), []);
        await store.create(
          aCase(
            "SPD-WAIT-0003",
            { ...stalled, delivery: "sending", sendingSince: "2026-11-01T06:00:00.000Z" },
            90,
          ),
          [],
        );
        await store.create(aCase("SPD-WAIT-0004", { ...stalled }, 120), []);
        // Not stalled: touched lately, sent, a fresh claim, or outside the window.
        await store.create(aCase("SPD-BUSY-0001", { updatedAt: "2026-11-01T13:00:00.000Z" }, 10), []);
        await store.create(aCase("SPD-BUSY-0002", { ...stalled, delivery: "sent" }, 10), []);
        await store.create(
          aCase(
            "SPD-BUSY-0003",
            { ...stalled, delivery: "sending", sendingSince: "2026-11-01T12:30:00.000Z" },
            10,
          ),
          [],
        );
        await store.create(aCase("SPD-BUSY-0004", { ...stalled }, 3 * 24 * 60), []);
      };

      it("lists queued cases untouched since, and sending ones with a claim that old, oldest first", async () => {
        await seed();
        expect(
          refs(await store.listAwaitingDispatch({ ...ours, ...window, untouchedSince, limit: 10 })),
        ).toEqual(["SPD-WAIT-0002", "SPD-WAIT-0001", "SPD-WAIT-0003", "SPD-WAIT-0004"]);
      });

      it("past the limit, takes the newest `limit` of each status and gives the oldest of those", async () => {
        await seed();
        expect(
          refs(await store.listAwaitingDispatch({ ...ours, ...window, untouchedSince, limit: 2 })),
        ).toEqual(["SPD-WAIT-0002", "SPD-WAIT-0003"]);
      });
    });

    describe("listCases", () => {
      const statuses: CaseStatus[] = ["new", "in-progress", "closed"];
      const places = [ashcombe, brookfield, district];
      const seeded = Array.from({ length: 60 }, (_, i) =>
        aCase(
          `SPD-PAGE-${String(i).padStart(4, "0")}`,
          {
            status: statuses[i % 3] ?? "new",
            destination: places[Math.floor(i / 3) % 3] ?? ashcombe,
            service: i % 7 === 0 ? "street-furniture" : "speeding",
            delivery: i % 11 === 0 ? "failed" : i % 13 === 0 ? "unconfirmed" : "sent",
          },
          // Pairs share a minute, so ties are broken by reference.
          Math.floor(i / 2),
        ),
      );
      const expected = (filter: Omit<CasePageQuery, "limit" | "cursor" | "council">) =>
        seeded
          .filter(
            (c) =>
              (!filter.status || c.status === filter.status) &&
              (!filter.destination || c.destination.code === filter.destination) &&
              (!filter.destinationKind || c.destination.kind === filter.destinationKind) &&
              (!filter.service || c.service === filter.service) &&
              (!filter.notSent || c.delivery === "failed" || c.delivery === "unconfirmed") &&
              (!filter.from || c.createdAt >= filter.from) &&
              (!filter.to || c.createdAt <= filter.to),
          )
          .map(caseSortKey)
          .sort()
          .reverse();

      it.each([
        ["everything", {}],
        ["one status", { status: "closed" as const }],
        ["one destination", { destination: brookfield.code }],
        ["a status and a destination", { status: "new" as const, destination: district.code }],
        ["any parish", { destinationKind: "parish" as const }],
        ["one service", { service: "street-furniture" }],
        ["emails not sent", { notSent: true }],
        ["a date range", { from: "2026-11-01T00:05:00.000Z", to: "2026-11-01T00:20:00.000Z" }],
        ["from a date", { from: "2026-11-01T00:20:00.000Z" }],
        ["to a date", { to: "2026-11-01T00:07:00.000Z" }],
      ])(
        "pages through %s newest first, with no gaps or repeats",
        async (_, filter: Omit<CasePageQuery, "limit" | "council">) => {
          for (const c of seeded) await store.create(c, []);
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.listCases({
              ...ours,
              ...filter,
              limit: 7,
              ...(cursor ? { cursor } : {}),
            });
            expect(page.cases.length).toBeLessThanOrEqual(7);
            if (page.next) expect(page.next < (cursor ?? "~")).toBe(true);
            seen.push(...page.cases.map(caseSortKey));
            cursor = page.next;
          } while (cursor);
          expect(seen).toEqual(expected(filter));
        },
      );

      it("gives an empty last page for a cursor from before the date range", async () => {
        await store.create(aCase("SPD-PAGE-0100", {}, 100), []);
        const page = await store.listCases({
          ...ours,
          limit: 10,
          from: "2026-11-01T01:00:00.000Z",
          cursor: `2026-11-01T00:30:00.000Z#SPD-PAGE-0001`,
        });
        expect(page).toEqual({ cases: [] });
      });
    });

    describe("listCases search", () => {
      // Postcodes as intake stores them; roads as residents type them.
      const places: Array<[string, Case["location"]]> = [
        ["SPD-SRCH-0001", { lat: 54.5, lng: 2.3, postcode: "ZX1 5ZB", roadName: "Mill Lane" }],
        ["SPD-SRCH-0002", { lat: 54.5, lng: 2.3, postcode: "ZX1 5QA" }],
        ["SPD-SRCH-0003", { lat: 54.5, lng: 2.3, postcode: "ZX1 6RD", roadName: "MILL  LANE EAST" }],
        ["SPD-SRCH-0004", { lat: 54.5, lng: 2.3, postcode: "ZX10 1AB", roadName: "High Street" }],
        ["SPD-SRCH-0005", { lat: 54.5, lng: 2.3, roadName: "the a38 near the bridge" }],
        ["SPD-SRCH-0006", { lat: 54.5, lng: 2.3 }],
      ];
      const seeded = places.map(([reference, location], i) =>
        aCase(reference, { location, status: i % 2 ? "closed" : "new" }, i),
      );
      const search = async (query: Omit<CasePageQuery, "limit" | "council">, limit = 10) => {
        for (const c of seeded) await store.create(c, []);
        const seen: Case[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.listCases({ ...ours, ...query, limit, ...(cursor ? { cursor } : {}) });
          seen.push(...page.cases);
          cursor = page.next;
        } while (cursor);
        return refs(seen);
      };

      it.each([
        ["a whole postcode", { postcodePrefix: "ZX1 5ZB" }, ["SPD-SRCH-0001"]],
        ["a sector", { postcodePrefix: "ZX1 5" }, ["SPD-SRCH-0002", "SPD-SRCH-0001"]],
        // The district's trailing space keeps ZX10 out of ZX1.
        ["a district", { postcodePrefix: "ZX1 " }, ["SPD-SRCH-0003", "SPD-SRCH-0002", "SPD-SRCH-0001"]],
        [
          "part of a road, whatever its case and spacing",
          { road: "mill lane" },
          ["SPD-SRCH-0003", "SPD-SRCH-0001"],
        ],
        ["a road inside a longer name", { road: "a38" }, ["SPD-SRCH-0005"]],
        [
          "a postcode or a road",
          { postcodePrefix: "ZX10 ", road: "a38" },
          ["SPD-SRCH-0005", "SPD-SRCH-0004"],
        ],
        ["a search with a status", { postcodePrefix: "ZX1 ", status: "closed" as const }, ["SPD-SRCH-0002"]],
        [
          "a search with a date",
          { postcodePrefix: "ZX1 ", from: aCase("x", {}, 1).createdAt },
          ["SPD-SRCH-0003", "SPD-SRCH-0002"],
        ],
        ["a search with a destination", { postcodePrefix: "ZX1 ", destination: "E04999002" }, []],
        ["nothing like it", { road: "nowhere road" }, []],
      ])(
        "finds %s, newest first",
        async (_, query: Omit<CasePageQuery, "limit" | "council">, expected: string[]) => {
          expect(await search(query)).toEqual(expected);
        },
      );

      it("pages through a search with no gaps or repeats", async () => {
        expect(await search({ postcodePrefix: "ZX1 " }, 1)).toEqual([
          "SPD-SRCH-0003",
          "SPD-SRCH-0002",
          "SPD-SRCH-0001",
        ]);
      });

      it("keeps what it searches by out of the case record", async () => {
        await search({});
        const page = await store.listCases({ ...ours, road: "mill", limit: 10 });
        expect(page.cases).toEqual([seeded[2], seeded[0]]);
        expect(await store.get("SPD-SRCH-0001")).toEqual(seeded[0]);
      });
    });

    describe("countByStatus", () => {
      it("counts each status by the London day a case arrived on, in summer time too", async () => {
        // 23:30 UTC on 9 June is 00:30 BST on 10 June.
        await store.create(aCase("SPD-CNT0-0001", { createdAt: "2026-06-09T23:30:00.000Z" }), []);
        await store.create(
          aCase("SPD-CNT0-0002", { createdAt: "2026-06-09T22:30:00.000Z", status: "closed" }),
          [],
        );
        await store.create(aCase("SPD-CNT0-0003", { createdAt: "2026-06-11T09:00:00.000Z" }), []);
        expect(await store.countByStatus(ours)).toEqual({ new: 2, "in-progress": 0, closed: 1 });
        const tenth = { from: "2026-06-09T23:00:00.000Z", to: "2026-06-10T22:59:59.999Z" };
        expect(await store.countByStatus({ ...ours, ...tenth })).toEqual({
          new: 1,
          "in-progress": 0,
          closed: 0,
        });
        expect(await store.countByStatus({ ...ours, from: "2026-06-10T12:00:00.000Z" })).toEqual({
          new: 2,
          "in-progress": 0,
          closed: 0,
        });
        expect(await store.countByStatus({ ...ours, to: "2026-06-09T12:00:00.000Z" })).toEqual({
          new: 0,
          "in-progress": 0,
          closed: 1,
        });
      });
    });

    describe("retention", () => {
      const soon = Date.parse("2026-12-01T00:00:00Z") / 1000;

      it("hides a case past its retention date everywhere, as DynamoDB TTL would delete it", async () => {
        await store.create(aCase("SPD-GONE-0001", { retainUntil: soon }), [event(START, "submitted", "x")]);
        await store.create(aCase("SPD-KEPT-0001", {}, 1), []);
        expect(await store.get("SPD-GONE-0001")).toBeDefined();
        now = new Date("2026-12-02T00:00:00Z");
        expect(await store.get("SPD-GONE-0001")).toBeUndefined();
        expect(await store.timeline("SPD-GONE-0001")).toEqual([]);
        expect(refs(await store.getMany(["SPD-GONE-0001", "SPD-KEPT-0001"]))).toEqual(["SPD-KEPT-0001"]);
        expect(refs((await store.listCases({ ...ours, limit: 10 })).cases)).toEqual(["SPD-KEPT-0001"]);
        const range = { from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T00:00:00.000Z" };
        expect(refs(await store.listByStatus({ ...ours, ...range, status: "new", limit: 10 }))).toEqual([
          "SPD-KEPT-0001",
        ]);
        const stalled = { ...range, untouchedSince: "2026-11-30T00:00:00.000Z", limit: 10 };
        expect(refs(await store.listAwaitingDispatch({ ...ours, ...stalled }))).toEqual(["SPD-KEPT-0001"]);
        await expect(store.update("SPD-GONE-0001", {})).rejects.toBeInstanceOf(NotFoundError);
        expect(await store.changeStatus("SPD-GONE-0001", "new", "closed")).toBeUndefined();
        expect(
          await store.transitionDelivery("SPD-GONE-0001", ["queued"], { delivery: "sent" }),
        ).toBeUndefined();
        // Its reference stays taken until the item is really gone.
        await expect(store.create(aCase("SPD-GONE-0001"), [])).rejects.toBeInstanceOf(DuplicateCaseError);
      });

      it("keeps a day's counts until the last case created on that day expires", async () => {
        await store.create(aCase("SPD-GONE-0002", { retainUntil: soon }), []);
        await store.create(aCase("SPD-GONE-0003", {}, 5), []);
        await store.create(aCase("SPD-GONE-0004", { retainUntil: soon }, 24 * 60), []);
        now = new Date("2026-12-02T00:00:00Z");
        expect(await store.countByStatus(ours)).toEqual({ new: 2, "in-progress": 0, closed: 0 });
      });
    });

    describe("councils", () => {
      // Two councils' cases in one store: the first council's (some stored without `council`, as
      // before councils) and Harrowfield's, at the same times, to the same bodies and services.
      const HARROWFIELD = "harrowfield";
      const theirs = { council: HARROWFIELD };
      const seed = async () => {
        for (let minute = 0; minute < 6; minute++) {
          const first = minute % 2 === 0 ? {} : { council: FIRST_COUNCIL };
          await store.create(aCase(`SPD-OURS-000${minute}`, first, minute), []);
          await store.create(aCase(`SPD-HARR-000${minute}`, { council: HARROWFIELD }, minute), []);
        }
      };
      const ofCouncil = (prefix: string) => (list: string[]) => list.every((r) => r.startsWith(prefix));
      const allOurs = ofCouncil("SPD-OURS");
      const allTheirs = ofCouncil("SPD-HARR");

      it("lists, pages and searches each council's cases only", async () => {
        await seed();
        for (const [query, only, count] of [
          [ours, allOurs, 6],
          [theirs, allTheirs, 6],
        ] as const) {
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.listCases({ ...query, limit: 4, ...(cursor ? { cursor } : {}) });
            seen.push(...refs(page.cases));
            cursor = page.next;
          } while (cursor);
          expect(seen).toHaveLength(count);
          expect(only(seen)).toBe(true);
          const byDestination = refs(
            (await store.listCases({ ...query, destination: ashcombe.code, limit: 20 })).cases,
          );
          expect(byDestination).toHaveLength(count);
          expect(only(byDestination)).toBe(true);
          const searched = refs(
            (await store.listCases({ ...query, postcodePrefix: "ZX1 ", limit: 20 })).cases,
          );
          expect(only(searched)).toBe(true);
        }
      });

      it("gives one council's cursor no way into another's cases", async () => {
        await seed();
        const page = await store.listCases({ ...ours, limit: 2 });
        expect(page.next).toBeDefined();
        const next = await store.listCases({
          ...theirs,
          limit: 20,
          ...(page.next ? { cursor: page.next } : {}),
        });
        expect(allTheirs(refs(next.cases))).toBe(true);
      });

      it("counts, lists by status and finds stalled cases per council, after status changes too", async () => {
        await seed();
        await store.changeStatus("SPD-OURS-0000", "new", "closed");
        await store.changeStatus("SPD-HARR-0001", "new", "in-progress");
        await store.changeStatus("SPD-HARR-0002", "new", "in-progress");
        expect(await store.countByStatus(ours)).toEqual({ new: 5, "in-progress": 0, closed: 1 });
        expect(await store.countByStatus(theirs)).toEqual({ new: 4, "in-progress": 2, closed: 0 });
        expect(await store.countByStatus({ council: "saltmere" })).toEqual({
          new: 0,
          "in-progress": 0,
          closed: 0,
        });
        const range = { from: "2026-11-01T00:00:00.000Z", to: "2026-11-02T00:00:00.000Z", limit: 20 };
        expect(refs(await store.listByStatus({ ...theirs, ...range, status: "in-progress" }))).toEqual([
          "SPD-HARR-0002",
          "SPD-HARR-0001",
        ]);
        expect(refs(await store.listByStatus({ ...ours, ...range, status: "closed" }))).toEqual([
          "SPD-OURS-0000",
        ]);
        expect(refs((await store.listCases({ ...ours, status: "in-progress", limit: 20 })).cases)).toEqual(
          [],
        );
        const stalled = { ...range, untouchedSince: "2026-11-30T00:00:00.000Z" };
        const waiting = refs(await store.listAwaitingDispatch({ ...theirs, ...stalled }));
        expect(waiting).toHaveLength(6);
        expect(allTheirs(waiting)).toBe(true);
      });

      it("keeps a re-routed case in its own council's lists", async () => {
        await seed();
        await store.transitionDelivery("SPD-HARR-0003", ["queued"], {
          delivery: "queued",
          destination: brookfield,
        });
        expect(
          refs((await store.listCases({ ...theirs, destination: brookfield.code, limit: 20 })).cases),
        ).toEqual(["SPD-HARR-0003"]);
        expect((await store.listCases({ ...ours, destination: brookfield.code, limit: 20 })).cases).toEqual(
          [],
        );
      });
    });
  });
}
