import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoContactCache } from "#adapters/dynamodb/dynamo-contact-cache.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";

let dynalite: Awaited<ReturnType<typeof startDynaliteClient>>;
const requests: string[] = [];
beforeAll(async () => {
  dynalite = await startDynaliteClient("contact-cache-test", { onRequest: (op) => requests.push(op) });
});
afterAll(() => dynalite?.close());

const entry = (email: string, fetchedAt = "2026-11-23T10:00:00.000Z") => ({
  lookup: {
    contact: {
      email,
      councilName: "Ashcombe Parish Council",
      source: "directory",
      via: "web-service" as const,
    },
    problems: [],
  },
  fetchedAt,
});

describe("Class: DynamoContactCache (against dynalite)", () => {
  it("reads the table once per memo period, and sees another process's write after it", async () => {
    let now = 0;
    const mine = new DynamoContactCache({ ...dynalite, memoMs: 1000, now: () => now });
    const other = new DynamoContactCache({ ...dynalite, memoMs: 1000, now: () => now });
    expect(await mine.get("E04999001")).toBeUndefined();
    await other.put("E04999001", entry("old@ashcombe.example"));
    requests.length = 0;

    expect((await mine.get("E04999001"))?.lookup.contact?.email).toBe("old@ashcombe.example");
    expect((await mine.get("E04999001"))?.lookup.contact?.email).toBe("old@ashcombe.example");
    expect(requests).toEqual(["GetItem"]);

    await other.put("E04999001", entry("new@ashcombe.example", "2026-11-24T10:00:00.000Z"));
    expect((await mine.get("E04999001"))?.lookup.contact?.email).toBe("old@ashcombe.example");
    now = 1001;
    expect((await mine.get("E04999001"))?.lookup.contact?.email).toBe("new@ashcombe.example");
  });

  it("remembers what it wrote itself without reading it back", async () => {
    const cache = new DynamoContactCache({ ...dynalite });
    await cache.put("E04999002", entry("clerk@brookfield.example"));
    requests.length = 0;
    expect((await cache.get("E04999002"))?.lookup.contact?.email).toBe("clerk@brookfield.example");
    expect(requests).toEqual([]);
  });

  it("lists every parish it holds in one query, problems included", async () => {
    const cache = new DynamoContactCache({ ...dynalite });
    await cache.put("E04999003", {
      lookup: { problems: [{ code: "no-match", message: "no council in Modern.Gov matches Brook" }] },
      fetchedAt: "2026-11-23T10:00:00.000Z",
    });
    requests.length = 0;
    const all = await cache.list();
    expect(requests).toEqual(["Query"]);
    expect(all.get("E04999003")?.lookup.problems[0]?.code).toBe("no-match");
    expect(all.get("E04999001")?.lookup.contact?.email).toBe("new@ashcombe.example");
  });
});
