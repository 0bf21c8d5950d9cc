import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoClerkBounces } from "#adapters/dynamodb/dynamo-clerk-bounces.js";
import { DynamoContactCache } from "#adapters/dynamodb/dynamo-contact-cache.js";
import { DynamoDirectoryOverrides } from "#adapters/dynamodb/dynamo-directory-overrides.js";
import type { ClerkOverride } from "#core/ports/directory-overrides.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";

let dynalite: Awaited<ReturnType<typeof startDynaliteClient>>;
const requests: string[] = [];
beforeAll(async () => {
  dynalite = await startDynaliteClient("directory-overrides-test", { onRequest: (op) => requests.push(op) });
});
afterAll(() => dynalite?.close());

const override = (email: string, setAt: string, extra: Partial<ClerkOverride> = {}): ClerkOverride => ({
  parishCode: "E04999001",
  councilName: "Ashcombe Parish Council",
  email,
  reason: "The clerk wrote to us",
  setBy: "staff@example.org",
  setAt,
  ...extra,
});

describe("Class: DynamoDirectoryOverrides (against dynalite)", () => {
  it("sets, changes and removes an override, auditing each change newest first", async () => {
    const overrides = new DynamoDirectoryOverrides(dynalite);
    expect(await overrides.get("E04999001")).toBeUndefined();
    await overrides.set(override("first@ashcombe.example", "2026-12-01T09:00:00.000Z"));
    await overrides.set(
      override("second@ashcombe.example", "2026-12-02T09:00:00.000Z", {
        clerkName: "Pat Clerk",
        setBy: "other@example.org",
        reason: "New clerk",
      }),
    );
    expect(await overrides.get("E04999001")).toEqual(
      override("second@ashcombe.example", "2026-12-02T09:00:00.000Z", {
        clerkName: "Pat Clerk",
        setBy: "other@example.org",
        reason: "New clerk",
      }),
    );
    expect(
      await overrides.remove("E04999001", {
        actor: "third@example.org",
        at: "2026-12-03T09:00:00.000Z",
        reason: "Modern.Gov is right again",
      }),
    ).toBe(true);
    expect(await overrides.get("E04999001")).toBeUndefined();
    expect(
      await overrides.remove("E04999001", {
        actor: "x@example.org",
        at: "2026-12-04T00:00:00Z",
        reason: "x",
      }),
    ).toBe(false);

    const history = await overrides.history("E04999001");
    expect(history.map((h) => [h.action, h.actor, h.reason])).toEqual([
      ["removed", "third@example.org", "Modern.Gov is right again"],
      ["set", "other@example.org", "New clerk"],
      ["set", "staff@example.org", "The clerk wrote to us"],
    ]);
    expect(history[1]?.before?.email).toBe("first@ashcombe.example");
    expect(history[1]?.after).toEqual({
      councilName: "Ashcombe Parish Council",
      email: "second@ashcombe.example",
      clerkName: "Pat Clerk",
    });
    expect(history[0]?.before?.email).toBe("second@ashcombe.example");
    expect(history[0]?.after).toBeUndefined();
    expect(history[2]?.before).toBeUndefined();
  });

  it("lists every parish's override in one query, apart from the contacts and bounces beside them", async () => {
    const overrides = new DynamoDirectoryOverrides(dynalite);
    await overrides.set(override("a@one.example", "2026-12-01T09:00:00.000Z", { parishCode: "E04999011" }));
    await overrides.set(override("b@two.example", "2026-12-01T09:00:00.000Z", { parishCode: "E04999012" }));
    await new DynamoContactCache(dynalite).put("E04999011", {
      lookup: { problems: [] },
      fetchedAt: "2026-12-01T00:00:00.000Z",
    });
    requests.length = 0;
    const listed = await overrides.list();
    expect(requests).toEqual(["Query"]);
    expect([...listed.keys()].sort()).toEqual(["E04999011", "E04999012"]);
    expect(listed.get("E04999012")?.email).toBe("b@two.example");
    expect(await overrides.history("E04999011")).toHaveLength(1);
    // Overrides and their audit are kept for good: neither carries the table's expiry attribute.
    for (const pk of ["DIRECTORY", "DIRECTORYAUDIT#E04999011"]) {
      const { Items = [] } = await dynalite.client.send(
        new QueryCommand({
          TableName: dynalite.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk },
        }),
      );
      const kept = Items.filter((item) => /^(OVERRIDE|CHANGE)#/.test(String(item.sk)));
      expect(kept.length, pk).toBeGreaterThan(0);
      for (const item of kept) expect(item, pk).not.toHaveProperty("expiresAt");
    }
  });
});

describe("Class: DynamoClerkBounces (against dynalite)", () => {
  it("keeps each parish's latest bounce, lists them in one query, and leaves expired ones out", async () => {
    let now = new Date("2026-12-03T12:00:00.000Z");
    const bounces = new DynamoClerkBounces({ ...dynalite, keepDays: 30, now: () => now });
    await bounces.record({
      parishCode: "E04999021",
      address: "old@clerk.example",
      at: "2026-12-01T10:00:00.000Z",
      reference: "SPD-AAAA-AAAA",
      detail: "Permanent/General",
    });
    await bounces.record({
      parishCode: "E04999021",
      address: "new@clerk.example",
      at: "2026-12-02T10:00:00.000Z",
      reference: "SPD-BBBB-BBBB",
    });
    await bounces.record({
      parishCode: "E04999022",
      address: "c@clerk.example",
      at: "2026-11-01T10:00:00.000Z",
      reference: "SPD-CCCC-CCCC",
    });
    requests.length = 0;
    const listed = await bounces.list();
    expect(requests).toEqual(["Query"]);
    expect(listed.get("E04999021")).toEqual({
      parishCode: "E04999021",
      address: "new@clerk.example",
      at: "2026-12-02T10:00:00.000Z",
      reference: "SPD-BBBB-BBBB",
    });
    // 32 days old with 30 kept: gone, though dynalite never deletes it.
    expect(listed.has("E04999022")).toBe(false);
    now = new Date("2026-10-15T00:00:00.000Z");
    expect((await bounces.list()).has("E04999022")).toBe(true);
  });
});
