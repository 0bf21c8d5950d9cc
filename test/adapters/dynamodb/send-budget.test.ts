import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoHeldReports, type DynamoHeldReports } from "#adapters/dynamodb/dynamo-held-reports.js";
import { createDynamoSendBudget, mailboxOf } from "#adapters/dynamodb/send-budget.js";
import { createWindowCounters } from "#adapters/dynamodb/window-counters.js";
import type { SendBudget } from "#core/ports/send-budget.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";

// The daily caps against dynalite: a body's Nth email of a London day is taken, the N+1th is held
// for its digest; bodies, days and addresses each count alone.

const CAP = 3;
const ACKS = 2;
const PROGRESS = 3;
let dynamo: Awaited<ReturnType<typeof startDynaliteClient>>;
let held: DynamoHeldReports;
let budget: SendBudget;

beforeAll(async () => {
  dynamo = await startDynaliteClient("send-budget");
  const table = {
    client: dynamo.client,
    tableName: dynamo.tableName,
    now: () => new Date("2026-12-02T12:00:00Z"),
  };
  held = createDynamoHeldReports(table, { retentionDays: 30 });
  budget = createDynamoSendBudget(
    { counters: createWindowCounters(table), heldReports: held },
    {
      bodyEmailsPerDay: CAP,
      acknowledgementsPerAddressPerDay: ACKS,
      progressEmailsPerAddressPerDay: PROGRESS,
    },
  );
});
afterAll(() => dynamo?.close());

const take = (body: string, n: number, at: Date, prefix = body) =>
  Promise.all(Array.from({ length: n }, (_, i) => budget.takeReportEmail(body, `${prefix}-${i + 1}`, at)));

describe("send budget (dynalite)", () => {
  it("takes exactly the cap of a body's emails in a day, even when taken at once, and holds the rest", async () => {
    const at = new Date("2026-12-02T10:00:00Z");
    const taken = await take("E04000001", CAP + 2, at, "SPD-ONE");
    expect(taken.filter(Boolean)).toHaveLength(CAP);
    const holds = await held.pending("2026-12-02", 100);
    expect(holds).toHaveLength(2);
    expect(holds.every((h) => h.bodyCode === "E04000001" && h.day === "2026-12-02")).toBe(true);
    // Which two were held depends on who got there first; that they were the refused two does not.
    const refused = taken.flatMap((ok, i) => (ok ? [] : [`SPD-ONE-${i + 1}`]));
    expect(holds.map((h) => h.reference).sort()).toEqual(refused.sort());
  });

  it("counts each body alone", async () => {
    const at = new Date("2026-12-02T11:00:00Z");
    expect(await take("E04000002", CAP, at)).toEqual([true, true, true]);
    expect(await budget.takeReportEmail("E04000002", "SPD-TWO-9", at)).toBe(false);
    expect(await budget.takeReportEmail("E04000003", "SPD-THREE-1", at)).toBe(true);
  });

  it("starts again each London day, at London midnight (BST: 23:00 UTC)", async () => {
    // 30 June 2027: London's day starts at 23:00 UTC on the 29th.
    const lateOn29th = new Date("2027-06-29T22:59:59Z");
    const earlyOn30th = new Date("2027-06-29T23:00:00Z");
    expect(await take("E04000004", CAP, lateOn29th)).toEqual([true, true, true]);
    expect(await budget.takeReportEmail("E04000004", "SPD-FOUR-A", lateOn29th)).toBe(false);
    expect(await take("E04000004", CAP, earlyOn30th, "SPD-FOUR-B")).toEqual([true, true, true]);
    expect(await budget.takeReportEmail("E04000004", "SPD-FOUR-C", new Date("2027-06-30T22:00:00Z"))).toBe(
      false,
    );
    const holds = (await held.pending("2027-06-30", 100)).filter((h) => h.bodyCode === "E04000004");
    expect(holds.map((h) => [h.day, h.reference])).toEqual([
      ["2027-06-29", "SPD-FOUR-A"],
      ["2027-06-30", "SPD-FOUR-C"],
    ]);
  });

  it("lists holds up to a day, oldest first, within a limit, and forgets one when done", async () => {
    const upTo2nd = await held.pending("2026-12-02", 100);
    expect(upTo2nd.every((h) => h.day <= "2026-12-02")).toBe(true);
    const all = await held.pending("2027-12-31", 100);
    expect(all.map((h) => h.day)).toEqual([...all.map((h) => h.day)].sort());
    expect(await held.pending("2027-12-31", 2)).toEqual(all.slice(0, 2));
    await held.done(all[0] as never);
    expect(await held.pending("2027-12-31", 100)).toEqual(all.slice(1));
  });

  it("caps acknowledgements per address per day, whatever the address's case", async () => {
    const at = new Date("2026-12-02T09:00:00Z");
    expect(await budget.takeAcknowledgement("dave@example.com", at)).toBe(true);
    expect(await budget.takeAcknowledgement(" Dave@Example.com ", at)).toBe(true);
    expect(await budget.takeAcknowledgement("dave@example.com", at)).toBe(false);
    expect(await budget.takeAcknowledgement("sam@example.com", at)).toBe(true);
    expect(await budget.takeAcknowledgement("dave@example.com", new Date("2026-12-03T09:00:00Z"))).toBe(true);
  });

  it("caps progress emails per address per day apart from acknowledgements", async () => {
    const at = new Date("2026-12-02T09:00:00Z");
    // This address's acknowledgements are spent: its progress emails are not.
    expect(await budget.takeAcknowledgement("many@example.com", at)).toBe(true);
    expect(await budget.takeAcknowledgement("many@example.com", at)).toBe(true);
    expect(await budget.takeAcknowledgement("many@example.com", at)).toBe(false);
    const taken = await Promise.all(
      Array.from({ length: PROGRESS + 2 }, () => budget.takeProgressEmail(" Many@example.com", at)),
    );
    expect(taken.filter(Boolean)).toHaveLength(PROGRESS);
    // …and taking progress emails leaves another address's acknowledgements alone.
    expect(await budget.takeProgressEmail("other@example.com", at)).toBe(true);
    expect(await budget.takeAcknowledgement("other@example.com", at)).toBe(true);
    expect(await budget.takeProgressEmail("many@example.com", new Date("2026-12-03T09:00:00Z"))).toBe(true);
  });

  it("counts sub-addresses and Gmail's dotted forms as the mailbox they deliver to", async () => {
    const at = new Date("2026-12-02T09:00:00Z");
    expect(await budget.takeAcknowledgement("victim+1@example.net", at)).toBe(true);
    expect(await budget.takeAcknowledgement("victim+2@example.net", at)).toBe(true);
    expect(await budget.takeAcknowledgement("victim@example.net", at)).toBe(false);
    expect(await budget.takeAcknowledgement("v.i.c.t.i.m@gmail.com", at)).toBe(true);
    expect(await budget.takeAcknowledgement("victim+x@googlemail.com", at)).toBe(true);
    expect(await budget.takeAcknowledgement("Vic.Tim@Gmail.com", at)).toBe(false);
    // Elsewhere a dot is part of the name: two people.
    expect(mailboxOf("a.b@example.org")).not.toBe(mailboxOf("ab@example.org"));
  });

  it("keeps no address in any key", async () => {
    const { Items } = await dynamo.client.send(new ScanCommand({ TableName: dynamo.tableName }));
    const keys = JSON.stringify((Items ?? []).map((item) => [item.pk, item.sk]));
    expect(keys).toContain("COUNTER#acknowledgements#");
    expect(keys.toLowerCase()).not.toContain("example.com");
  });

  it("takes none when the acknowledgement cap is 0", async () => {
    const none = createDynamoSendBudget(
      {
        counters: createWindowCounters({
          client: dynamo.client,
          tableName: dynamo.tableName,
          now: () => new Date(),
        }),
        heldReports: held,
      },
      { bodyEmailsPerDay: CAP, acknowledgementsPerAddressPerDay: 0, progressEmailsPerAddressPerDay: 0 },
    );
    expect(await none.takeAcknowledgement("new@example.org", new Date("2026-12-02T09:00:00Z"))).toBe(false);
    expect(await none.takeProgressEmail("new@example.org", new Date("2026-12-02T09:00:00Z"))).toBe(false);
  });
});
