import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoTokenBucket, type DynamoTokenBucketOptions } from "#adapters/dynamodb/dynamo-token-bucket.js";
import { UpstreamError } from "#core/errors.js";
import { PacingBusyError } from "#core/ports/request-pacing.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";

// Issue 17: one request a second per Modern.Gov host across containers. Each DynamoTokenBucket is
// one container; they share one dynalite table. Time is simulated (never the wall clock): a
// container's sleep returns when every running container is asleep and the simulated clock has
// reached its instant, and containers due at the same instant wake together and race for the token.

const INTERVAL = 1000;
/** The bucket's default margin: turns are this far apart at least. */
const SPACING = INTERVAL + 50;

/** A discrete-event clock for `workers` containers running at once. */
class SimulatedTime {
  now = 1_800_000_000_000;
  #running: number;
  #sleepers: Array<{ at: number; wake: () => void }> = [];

  constructor(workers: number) {
    this.#running = workers;
  }

  sleep = (ms: number) =>
    new Promise<void>((wake) => {
      this.#sleepers.push({ at: this.now + ms, wake });
      this.#advance();
    });

  finished() {
    this.#running--;
    this.#advance();
  }

  #advance() {
    if (this.#running === 0 || this.#sleepers.length < this.#running) return;
    const at = Math.min(...this.#sleepers.map((s) => s.at));
    this.now = Math.max(this.now, at);
    const due = this.#sleepers.filter((s) => s.at === at);
    this.#sleepers = this.#sleepers.filter((s) => s.at !== at);
    for (const s of due) s.wake();
  }
}

let client: Awaited<ReturnType<typeof startDynaliteClient>>;
const operations: string[] = [];
beforeAll(async () => {
  client = await startDynaliteClient("token-bucket", { onRequest: (op) => operations.push(op) });
});
afterAll(() => client.close());

let hostNumber = 0;
const aHost = () => `council-${++hostNumber}.moderngov.example`;

function container(time: SimulatedTime, options: Partial<DynamoTokenBucketOptions> = {}) {
  return new DynamoTokenBucket({
    client: client.client,
    tableName: client.tableName,
    minIntervalMs: INTERVAL,
    maxWaitMs: 60_000,
    now: () => time.now,
    sleep: time.sleep,
    ...options,
  });
}

/** Each container takes `turns` turns at `host`s, one after another; returns every grant instant. */
async function run(
  time: SimulatedTime,
  jobs: Array<{ bucket: DynamoTokenBucket; host: string; turns: number }>,
) {
  const grants: Array<{ host: string; at: number }> = [];
  await Promise.all(
    jobs.map(async ({ bucket, host, turns }) => {
      for (let i = 0; i < turns; i++) {
        await bucket.waitTurn(host);
        grants.push({ host, at: time.now });
      }
      time.finished();
    }),
  );
  return grants;
}

/** Grants per aligned interval of the simulated clock (never more than one for one host). */
function mostPerInterval(ats: number[]): number {
  const counts = new Map<number, number>();
  for (const at of ats)
    counts.set(Math.floor(at / INTERVAL), (counts.get(Math.floor(at / INTERVAL)) ?? 0) + 1);
  return Math.max(...counts.values());
}

const gaps = (ats: number[]) =>
  [...ats]
    .sort((a, b) => a - b)
    .slice(1)
    .map((at, i) => at - ([...ats].sort((a, b) => a - b)[i] ?? 0));

describe("DynamoTokenBucket (dynalite, simulated time)", () => {
  it("paces two containers sharing one host together: one grant an interval between them", async () => {
    const time = new SimulatedTime(2);
    const host = aHost();
    const grants = await run(time, [
      { bucket: container(time), host, turns: 6 },
      { bucket: container(time), host, turns: 6 },
    ]);
    const ats = grants.map((g) => g.at);
    expect(ats).toHaveLength(12);
    expect(mostPerInterval(ats)).toBe(1);
    expect(Math.min(...gaps(ats))).toBeGreaterThanOrEqual(SPACING);
    // Paced, not starved: twelve turns in twelve intervals, give or take the first.
    expect(Math.max(...ats) - Math.min(...ats)).toBeLessThanOrEqual(12 * INTERVAL);
  });

  it("keeps different hosts independent: each gets its own turn in the same instant", async () => {
    const time = new SimulatedTime(2);
    const [a, b] = [aHost(), aHost()];
    const grants = await run(time, [
      { bucket: container(time), host: a, turns: 4 },
      { bucket: container(time), host: b, turns: 4 },
    ]);
    const of = (host: string) => grants.filter((g) => g.host === host).map((g) => g.at);
    expect(of(a)).toEqual(of(b));
    expect(mostPerInterval(of(a))).toBe(1);
    expect(gaps(of(a))).toEqual([SPACING, SPACING, SPACING]);
  });

  it("never grants two tokens for one interval under contention from many containers", async () => {
    const time = new SimulatedTime(5);
    const host = aHost();
    const grants = await run(
      time,
      Array.from({ length: 5 }, () => ({ bucket: container(time), host, turns: 4 })),
    );
    const ats = grants.map((g) => g.at);
    expect(ats).toHaveLength(20);
    expect(mostPerInterval(ats)).toBe(1);
    expect(Math.min(...gaps(ats))).toBeGreaterThanOrEqual(SPACING);
  });

  it("gives exactly one of ten simultaneous callers the token, and the rest give up when they may not wait", async () => {
    const time = new SimulatedTime(10);
    const host = aHost();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => container(time, { maxWaitMs: 0 }).waitTurn(host)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(9);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(PacingBusyError);
      expect(r.reason).toBeInstanceOf(UpstreamError);
      expect((r.reason as Error).message).toContain(`Signpost's own request limit for ${host} was busy`);
    }
  });

  it("stops waiting when the caller gives up, and never takes a turn afterwards", async () => {
    const time = new SimulatedTime(1);
    const host = aHost();
    await container(time).waitTurn(host);
    const stop = new AbortController();
    let sleeping = false;
    const bucket = container(time, {
      // The caller's look-up runs out of time while this container sleeps until its turn.
      sleep: () => {
        sleeping = true;
        stop.abort(new Error("the look-up ran out of time"));
        return new Promise<void>(() => undefined);
      },
    });
    await expect(bucket.waitTurn(host, stop.signal)).rejects.toThrow("the look-up ran out of time");
    expect(sleeping).toBe(true);
    // The turn it was waiting for is still there for the next caller, one spacing after the first.
    time.now += SPACING;
    const updates = operations.length;
    await container(time, { maxWaitMs: 0 }).waitTurn(host);
    expect(operations.slice(updates)).toEqual(["UpdateItem"]);
  });

  it("takes no turn for a caller that had already given up", async () => {
    const time = new SimulatedTime(1);
    const host = aHost();
    const before = operations.length;
    await expect(container(time).waitTurn(host, AbortSignal.abort(new Error("too late")))).rejects.toThrow(
      "too late",
    );
    expect(operations.length).toBe(before);
  });

  it("gives up with PacingBusyError, without sleeping past its limit, when the bucket is booked far ahead", async () => {
    const time = new SimulatedTime(1);
    const host = aHost();
    // A container whose clock ran an hour fast booked the next turn an hour ahead.
    await container(time, { now: () => time.now + 3_600_000 }).waitTurn(host);
    const slept: number[] = [];
    const bucket = container(time, {
      maxWaitMs: 5_000,
      sleep: (ms) => {
        slept.push(ms);
        return time.sleep(ms);
      },
    });
    await expect(bucket.waitTurn(host)).rejects.toThrow(
      /request limit for .* was busy \(no turn within 5000 ms\)/,
    );
    expect(slept).toEqual([]);
  });

  it("measures the DynamoDB calls per turn: uncontended, and with two containers contending", async () => {
    const measure = async (containers: number, turns: number) => {
      const time = new SimulatedTime(containers);
      const host = aHost();
      operations.length = 0;
      await run(
        time,
        Array.from({ length: containers }, () => ({ bucket: container(time), host, turns })),
      );
      const count = (op: string) => operations.filter((o) => o === op).length;
      return {
        perTurn: operations.length / (containers * turns),
        updates: count("UpdateItem"),
        reads: count("GetItem"),
      };
    };
    const alone = await measure(1, 20);
    const two = await measure(2, 20);
    console.log(
      `DynamoDB calls per waitTurn: uncontended ${alone.perTurn.toFixed(2)} (${alone.updates} UpdateItem, ${alone.reads} GetItem for 20 turns); ` +
        `two containers contending ${two.perTurn.toFixed(2)} (${two.updates} UpdateItem, ${two.reads} GetItem for 40 turns)`,
    );
    // Alone, a container sleeps until the turn it booked: one conditional write a turn, no read.
    expect(alone).toEqual({ perTurn: 1, updates: 20, reads: 0 });
    // Contending, a refused write costs a read and another write: at most three calls a turn.
    expect(two.perTurn).toBeGreaterThan(1);
    expect(two.perTurn).toBeLessThanOrEqual(3);
  });
});
