import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import { caseKey } from "#adapters/dynamodb/keys.js";
import type { Destination } from "#core/case/case.js";
import { createStaffActions, MAX_NOTE_LENGTH, MAX_STAFF_REROUTES } from "#core/use-cases/staff-actions.js";
import { aStoredCase } from "../../helpers/builders.js";
import { countingIds } from "../../helpers/counting-ids.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";
import { TEST_FIRST_COUNCIL } from "../../helpers/memory-case-store.js";

// Re-routes write their reasons onto the case item with the move: as many as a case may have, each
// with the longest reason in the widest characters, still leave the item far below DynamoDB's
// 400 KB (dynalite refuses a larger item, as DynamoDB does).

const TABLE = "reroute-size";
const REF = "SPD-AAAA-AAA4";
const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const BROOKFIELD: Destination = { kind: "parish", code: "E04999002", name: "Brookfield" };
const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };

let dynalite: Awaited<ReturnType<typeof startDynaliteClient>>;
beforeAll(async () => {
  dynalite = await startDynaliteClient(TABLE);
});
afterAll(() => dynalite?.close());

describe("reroute against DynamoDB (dynalite)", () => {
  it(`keeps a case re-routed ${MAX_STAFF_REROUTES} times with 2,000-character reasons well under 400 KB`, async () => {
    const caseStore = new DynamoCaseStore({
      firstCouncil: TEST_FIRST_COUNCIL,
      client: dynalite.client,
      tableName: TABLE,
    });
    await caseStore.create(
      aStoredCase(REF, {
        delivery: "sent",
        destination: ASHCOMBE,
        routing: { ruleId: "r", requested: "parish", area: ASHCOMBE, reason: "in Ashcombe" },
      }),
      [],
    );
    const actions = createStaffActions({
      caseStore,
      clock: { now: () => new Date() },
      ids: countingIds(),
      queue: { send: async () => undefined },
    });
    // Three bytes each in UTF-8, the most a character of one UTF-16 unit takes.
    const reason = "€".repeat(MAX_NOTE_LENGTH);
    for (let i = 0; i < MAX_STAFF_REROUTES; i++) {
      await actions.reroute(REF, i % 2 ? ASHCOMBE : BROOKFIELD, reason, "officer@district.example");
    }
    await expect(actions.reroute(REF, DISTRICT, "Once more", "officer")).rejects.toThrow();

    const { Item } = await dynalite.client.send(new GetCommand({ TableName: TABLE, Key: caseKey(REF) }));
    const bytes = Buffer.byteLength(JSON.stringify(Item), "utf8");
    expect(bytes).toBeGreaterThan(MAX_STAFF_REROUTES * MAX_NOTE_LENGTH * 3);
    expect(bytes).toBeLessThan(150 * 1024);
    expect((await caseStore.timeline(REF)).filter((e) => e.type === "rerouted")).toHaveLength(
      MAX_STAFF_REROUTES,
    );
  });
});
