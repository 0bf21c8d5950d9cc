import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoClerkBounces } from "#adapters/dynamodb/dynamo-clerk-bounces.js";
import { DynamoContactCache } from "#adapters/dynamodb/dynamo-contact-cache.js";
import { DynamoDirectoryOverrides } from "#adapters/dynamodb/dynamo-directory-overrides.js";
import { type ClerkOverride, OverrideConflictError } from "#core/ports/directory-overrides.js";
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
      1,
    );
    expect(await overrides.get("E04999001")).toEqual(
      override("second@ashcombe.example", "2026-12-02T09:00:00.000Z", {
        clerkName: "Pat Clerk",
        setBy: "other@example.org",
        reason: "New clerk",
        version: 2,
      }),
    );
    expect(
      await overrides.remove(
        "E04999001",
        { actor: "third@example.org", at: "2026-12-03T09:00:00.000Z", reason: "Modern.Gov is right again" },
        2,
      ),
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

  it("refuses a change made against a version someone else has changed since", async () => {
    const overrides = new DynamoDirectoryOverrides(dynalite);
    const parishCode = "E04999021";
    await overrides.set(override("first@x.example", "2026-12-01T09:00:00.000Z", { parishCode }));
    // Two staff both saw version 1; the first change wins, the second is refused, not applied.
    await overrides.set(override("a@x.example", "2026-12-01T10:00:00.000Z", { parishCode }), 1);
    await expect(
      overrides.set(override("b@x.example", "2026-12-01T10:00:01.000Z", { parishCode }), 1),
    ).rejects.toBeInstanceOf(OverrideConflictError);
    // Setting where staff saw none, when there is one now, is refused too.
    await expect(
      overrides.set(override("c@x.example", "2026-12-01T10:00:02.000Z", { parishCode })),
    ).rejects.toBeInstanceOf(OverrideConflictError);
    await expect(
      overrides.remove(parishCode, { actor: "x@example.org", at: "2026-12-01T11:00:00Z", reason: "x" }, 1),
    ).rejects.toBeInstanceOf(OverrideConflictError);
    expect((await overrides.get(parishCode))?.email).toBe("a@x.example");
    // A removal keeps counting: a change made against the override before it is refused.
    await overrides.remove(
      parishCode,
      { actor: "x@example.org", at: "2026-12-01T11:00:00Z", reason: "x" },
      2,
    );
    await overrides.set(override("d@x.example", "2026-12-01T12:00:00.000Z", { parishCode }));
    expect((await overrides.get(parishCode))?.version).toBe(4);
  });

  it("writes on condition of the version it read, so a change between its read and write wins", async () => {
    const parishCode = "E04999022";
    const other = new DynamoDirectoryOverrides(dynalite);
    await other.set(override("first@y.example", "2026-12-01T09:00:00.000Z", { parishCode }));
    let raced = false;
    // Between this adapter's read and its write, another change lands.
    const client = {
      send: async (command: unknown) => {
        if (command instanceof PutCommand && command.input.Item?.sk === `OVERRIDE#${parishCode}` && !raced) {
          raced = true;
          await other.set(override("other@y.example", "2026-12-01T10:00:00.000Z", { parishCode }), 1);
        }
        return dynalite.client.send(command as PutCommand);
      },
    } as unknown as typeof dynalite.client;
    const slow = new DynamoDirectoryOverrides({ client, tableName: dynalite.tableName });
    await expect(
      slow.set(override("mine@y.example", "2026-12-01T10:00:01.000Z", { parishCode }), 1),
    ).rejects.toBeInstanceOf(OverrideConflictError);
    expect(raced).toBe(true);
    expect((await other.get(parishCode))?.email).toBe("other@y.example");
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
    // Other tests' parishes (E0499902x) share the table.
    expect([...listed.keys()].filter((k) => k.startsWith("E0499901")).sort()).toEqual([
      "E04999011",
      "E04999012",
    ]);
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

  it("keeps the newer bounce when an older event arrives after it", async () => {
    const bounces = new DynamoClerkBounces({ ...dynalite, now: () => new Date("2026-12-03T12:00:00.000Z") });
    const bounce = (address: string, at: string) => ({
      parishCode: "E04999031",
      address,
      at,
      reference: "SPD-DDDD-DDDD",
    });
    await bounces.record(bounce("newer@clerk.example", "2026-12-02T10:00:00.000Z"));
    await bounces.record(bounce("older@clerk.example", "2026-12-01T10:00:00.000Z"));
    expect((await bounces.list()).get("E04999031")?.address).toBe("newer@clerk.example");
  });
});
