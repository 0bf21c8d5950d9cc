import { describe, expect, it } from "vitest";
import { TooManyRequestsError, ValidationError } from "#core/errors.js";
import type { ReportInput } from "#core/input/report-input.js";
import type { ClientLimitCounters, ClientLimits } from "#core/ports/client-limits.js";
import { limitClients } from "#core/use-cases/limit-clients.js";
import type { createSubmitReport, SubmitReportResult } from "#core/use-cases/submit-report.js";

const LIMITS: ClientLimits = {
  resident: { perMinute: 3, perHour: 5 },
  apiKey: { perMinute: 10, perHour: 100 },
};
const RESIDENT = "ip:resident";
const NEIGHBOUR = "ip:neighbour";
const API_CLIENT = "key:client";

/** Fixed windows in memory, as the DynamoDB adapter keeps them; counts every write it is asked for. */
class MemoryCounters implements ClientLimitCounters {
  readonly counts = new Map<string, number>();
  writes = 0;
  async take(client: string, at: Date) {
    this.writes++;
    return { minute: this.add(client, 60, at, 1), hour: this.add(client, 3600, at, 1) };
  }
  async giveBack(client: string, at: Date) {
    this.writes++;
    this.add(client, 60, at, -1);
    this.add(client, 3600, at, -1);
  }
  private add(client: string, seconds: number, at: Date, amount: number) {
    const start = Math.floor(at.getTime() / (seconds * 1000)) * seconds * 1000;
    const key = `${client}/${seconds}/${start}`;
    const count = (this.counts.get(key) ?? 0) + amount;
    this.counts.set(key, count);
    return { count, windowEndsAt: new Date(start + seconds * 1000) };
  }
}

const input = { service: "speeding" } as ReportInput;

/** Intake as the decorator sees it: a keyed submission made twice is a replay; `invalid` throws. */
function setup(limits = LIMITS) {
  let now = new Date("2026-12-03T10:00:15Z");
  const counters = new MemoryCounters();
  const made = new Map<string, string>();
  let handled = 0;
  let invalid = false;
  const submit = (async (_input, options = {}): Promise<SubmitReportResult> => {
    handled++;
    if (invalid) throw new ValidationError([{ field: "description", message: "Enter a description" }]);
    const key = options.idempotencyKey;
    const earlier = key ? made.get(key) : undefined;
    const destination = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };
    if (earlier) return { outcome: "created", reference: earlier, destination, replayed: true };
    const reference = `SPD-${handled}`;
    if (key) made.set(key, reference);
    return { outcome: "created", reference, destination, replayed: false };
  }) as ReturnType<typeof createSubmitReport>;
  const limited = limitClients(submit, { counters, clock: { now: () => now }, limits });
  return {
    counters,
    send: (client?: string, idempotencyKey?: string) =>
      limited(input, { ...(client ? { client } : {}), ...(idempotencyKey ? { idempotencyKey } : {}) }),
    /** Moves the clock to a time in the same hour. */
    at: (time: string) => {
      now = new Date(`2026-12-03T${time}Z`);
    },
    handled: () => handled,
    failValidation: () => {
      invalid = true;
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<TooManyRequestsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TooManyRequestsError);
  return error as TooManyRequestsError;
}

describe("per-client limits on submitted reports", () => {
  it("refuses a client's report over its per-minute limit, until the end of that minute", async () => {
    const intake = setup();
    for (let i = 0; i < 3; i++) await intake.send(RESIDENT);
    const refused = await refusal(intake.send(RESIDENT));
    // 10:00:15 → the minute ends at 10:01:00.
    expect(refused).toMatchObject({ retryAfterSeconds: 45, scope: "per minute" });
    expect(intake.handled()).toBe(3);
  });

  it("lets the client send again in the next minute, up to the hour's limit, then refuses to the hour's end", async () => {
    const intake = setup();
    for (let i = 0; i < 3; i++) await intake.send(RESIDENT);
    intake.at("10:01:00");
    await intake.send(RESIDENT);
    await intake.send(RESIDENT);
    const refused = await refusal(intake.send(RESIDENT));
    // The minute has room for a third, but the hour has none.
    expect(refused).toMatchObject({ retryAfterSeconds: 59 * 60, scope: "per hour" });
    intake.at("10:30:00");
    expect(await refusal(intake.send(RESIDENT))).toMatchObject({
      retryAfterSeconds: 30 * 60,
      scope: "per hour",
    });
  });

  it("gives the longer wait when both windows refuse: the minute's end would meet the hour's refusal", async () => {
    const intake = setup({ ...LIMITS, resident: { perMinute: 2, perHour: 2 } });
    await intake.send(RESIDENT);
    await intake.send(RESIDENT);
    expect(await refusal(intake.send(RESIDENT))).toMatchObject({
      retryAfterSeconds: 3600 - 15,
      scope: "per hour",
    });
  });

  it("rounds a wait up to whole seconds, and never says zero", async () => {
    const intake = setup();
    intake.at("10:00:59.500");
    for (let i = 0; i < 3; i++) await intake.send(RESIDENT);
    expect(await refusal(intake.send(RESIDENT))).toMatchObject({ retryAfterSeconds: 1 });
  });

  it("limits each client on its own", async () => {
    const intake = setup();
    for (let i = 0; i < 3; i++) await intake.send(RESIDENT);
    await refusal(intake.send(RESIDENT));
    await expect(intake.send(NEIGHBOUR)).resolves.toMatchObject({ outcome: "created" });
  });

  it("gives an API key its own, larger budget", async () => {
    const intake = setup();
    for (let i = 0; i < 10; i++) await intake.send(API_CLIENT);
    expect(await refusal(intake.send(API_CLIENT))).toMatchObject({ scope: "per minute" });
    // The key's flood leaves residents' budgets alone.
    for (let i = 0; i < 3; i++) await intake.send(RESIDENT);
  });

  it("does not count a replayed submission: a resident's retries never use up the budget", async () => {
    const intake = setup();
    const first = await intake.send(RESIDENT, "form-token-1");
    for (let i = 0; i < 5; i++)
      await expect(intake.send(RESIDENT, "form-token-1")).resolves.toEqual({ ...first, replayed: true });
    // Five replays later, two new reports still fit in the minute (three in all).
    await intake.send(RESIDENT, "form-token-2");
    await intake.send(RESIDENT);
    await refusal(intake.send(RESIDENT));
  });

  it("counts invalid submissions before they are looked at, so a flood of them is refused unread", async () => {
    const intake = setup();
    intake.failValidation();
    for (let i = 0; i < 3; i++) await expect(intake.send(RESIDENT)).rejects.toBeInstanceOf(ValidationError);
    await refusal(intake.send(RESIDENT));
    expect(intake.handled()).toBe(3);
  });

  it("refuses a client it has just refused without counting again, until the window ends", async () => {
    const intake = setup();
    for (let i = 0; i < 3; i++) await intake.send(RESIDENT);
    await refusal(intake.send(RESIDENT));
    const writes = intake.counters.writes;
    intake.at("10:00:50");
    expect(await refusal(intake.send(RESIDENT))).toMatchObject({ retryAfterSeconds: 10 });
    expect(intake.counters.writes).toBe(writes);
    intake.at("10:01:00");
    await expect(intake.send(RESIDENT)).resolves.toMatchObject({ outcome: "created" });
  });

  it("does not limit a submission with no client (tests, internal callers)", async () => {
    const intake = setup();
    for (let i = 0; i < 10; i++) await intake.send();
    expect(intake.handled()).toBe(10);
    expect(intake.counters.writes).toBe(0);
  });
});
