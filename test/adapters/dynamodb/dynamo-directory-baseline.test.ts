import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoContactCache } from "#adapters/dynamodb/dynamo-contact-cache.js";
import { createDynamoDirectoryBaseline } from "#adapters/dynamodb/dynamo-directory-baseline.js";
import type { DirectoryBaseline } from "#core/ports/directory-baseline.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";

// The weekly summary's baseline in the reports table: nothing before the first summary, then what
// the last one recorded, and never among the cached contacts the directory page lists.

let baseline: DirectoryBaseline;
let cache: DynamoContactCache;
let close: () => Promise<void>;
beforeAll(async () => {
  const dynalite = await startDynaliteClient("directory-baseline");
  baseline = createDynamoDirectoryBaseline({ client: dynalite.client, tableName: dynalite.tableName });
  cache = new DynamoContactCache({ client: dynalite.client, tableName: dynalite.tableName });
  close = dynalite.close;
});
afterAll(() => close());

describe("the directory baseline (dynalite)", () => {
  it("is undefined before the first summary, then holds the last one's snapshots", async () => {
    expect(await baseline.get()).toBeUndefined();
    const snapshots = new Map([
      ["E04999001", { email: "clerk@ashcombe.example", problems: [] }],
      ["E04999003", { problems: [{ code: "no-email" as const, message: "no email address" }] }],
    ]);
    await baseline.put(snapshots, "2026-12-07T06:00:00.000Z");
    expect(await baseline.get()).toEqual(snapshots);
    await baseline.put(new Map([["E04999001", { problems: [] }]]), "2026-12-14T06:00:00.000Z");
    expect(await baseline.get()).toEqual(new Map([["E04999001", { problems: [] }]]));
  });

  it("is not listed as a cached contact", async () => {
    expect(await cache.list()).toEqual(new Map());
  });
});
