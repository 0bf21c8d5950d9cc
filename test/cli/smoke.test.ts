import { describe, expect, it } from "vitest";
import { parseSmokeArgs, type SmokeArgs } from "../../functions/cli/smoke/smoke-args.js";
import { type CheckResult, runSmoke, type SmokeDeps } from "../../functions/cli/smoke/smoke-checks.js";

// `npm run smoke` against fakes: its arguments, and the order and verdicts of its checks. It never
// runs against AWS in CI.

describe("smoke arguments", () => {
  it("needs --env, and takes the test report's postcode and mailbox together", () => {
    expect(parseSmokeArgs(["--env", "staging"])).toEqual({
      ok: true,
      args: { env: "staging", timeoutMs: 600_000 },
    });
    expect(
      parseSmokeArgs([
        "--env=staging",
        "--region",
        "eu-west-2",
        "--postcode",
        "ZX1 1AA",
        "--mailbox",
        "test@example.org",
        "--timeout-minutes",
        "3",
      ]),
    ).toEqual({
      ok: true,
      args: {
        env: "staging",
        region: "eu-west-2",
        report: { postcode: "ZX1 1AA", mailbox: "test@example.org" },
        timeoutMs: 180_000,
      },
    });
  });

  it.each([
    [[], /--env <name> is required/],
    [["--env", "a b"], /letters, digits and hyphens/],
    [["--env", "staging", "--region", "London"], /AWS region/],
    [["--env", "staging", "--postcode", "ZX1 1AA"], /--postcode and --mailbox go together/],
    [["--env", "staging", "--mailbox", "not-an-address", "--postcode", "ZX1 1AA"], /email address/],
    [["--env", "staging", "--timeout-minutes", "0"], /from 1 to 60/],
    [["--env", "staging", "--timeout-minutes", "ten"], /must be a number/],
    [["--env", "staging", "--colour"], /Unknown option '--colour'/],
    [["--env", "staging", "extra"], /Unexpected argument 'extra'/],
  ])("refuses %j", (argv, message) => {
    const parsed = parseSmokeArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join("\n")).toMatch(message);
  });
});

const OUTPUTS = {
  Data: { TableName: "reports" },
  Messaging: { AlarmTopicArn: "arn:aws:sns:eu-west-2:111122223333:alarms", SendingDomain: "council.example" },
  App: { ApiUrl: "https://api.example/", SmokeAlarmName: "Signpost-staging-App-DispatchDeadLetters" },
};

/** A deployed, healthy environment in memory; `change` breaks one part of it. */
function fakeAws(change: Partial<SmokeDeps> = {}) {
  let clock = Date.parse("2026-12-03T10:00:00Z");
  const calls: string[] = [];
  const alarmStates: string[] = [];
  let reads = 0;
  const deps: SmokeDeps = {
    async describeStack(name) {
      const part = name.split("-").at(-1) as keyof typeof OUTPUTS;
      return { status: "UPDATE_COMPLETE", outputs: OUTPUTS[part] };
    },
    async fetch(url, init) {
      calls.push(`${init?.method ?? "GET"} ${url}`);
      if (url.endsWith("/health")) return new Response("{}", { status: 200 });
      return new Response(JSON.stringify({ reference: "SPD-SMOK-E01" }), { status: 201 });
    },
    sesIdentity: async () => ({ verification: "Success", dkim: "Success" }),
    topicSubscriptions: async () => [
      { protocol: "email", arn: "arn:aws:sns:eu-west-2:111122223333:alarms:1" },
    ],
    async setAlarmState(name, state) {
      alarmStates.push(`${name} ${state}`);
    },
    alarmActionHistory: async () => [
      "Successfully executed action arn:aws:sns:eu-west-2:111122223333:alarms",
    ],
    async readCase() {
      reads += 1;
      // Queued, then sent, then the delivery event lands.
      if (reads === 1) return { delivery: "queued", events: ["submitted", "queued"] };
      if (reads === 2) return { delivery: "sent", recipient: "d@x", events: ["submitted", "queued", "sent"] };
      return { delivery: "sent", recipient: "d@x", events: ["submitted", "queued", "sent", "delivered"] };
    },
    now: () => new Date(clock),
    async sleep(ms) {
      clock += ms;
    },
    ...change,
  };
  return { deps, calls, alarmStates };
}

const args: SmokeArgs = { env: "staging", timeoutMs: 120_000 };
const withReport: SmokeArgs = { ...args, report: { postcode: "ZX1 1AA", mailbox: "test@example.org" } };
const verdicts = (results: CheckResult[]) => results.map((r) => `${r.ok ? "ok" : "FAIL"} ${r.name}`);

describe("smoke checks", () => {
  it("passes a healthy environment, in order, and leaves the alarm back at OK", async () => {
    const { deps, calls, alarmStates } = fakeAws();
    const results = await runSmoke(withReport, deps);
    expect(verdicts(results)).toEqual([
      "ok stacks deployed",
      "ok health endpoint",
      "ok SES identity verified",
      "ok alarm subscription confirmed",
      "ok alarm reaches the alarm topic",
      "ok test report sent and delivered",
    ]);
    expect(calls).toEqual(["GET https://api.example/health", "POST https://api.example/api/reports"]);
    expect(alarmStates).toEqual([
      "Signpost-staging-App-DispatchDeadLetters ALARM",
      "Signpost-staging-App-DispatchDeadLetters OK",
    ]);
    expect(results.at(-1)?.detail).toMatch(/SPD-SMOK-E01 sent to d@x and delivered/);
  });

  it("skips the test report without --postcode and --mailbox", async () => {
    const results = await runSmoke(args, fakeAws().deps);
    expect(verdicts(results)).not.toContain("ok test report sent and delivered");
    expect(results).toHaveLength(5);
  });

  it("stops after the stacks when a stack is missing or its outputs are not there", async () => {
    const missing = await runSmoke(args, fakeAws({ describeStack: async () => undefined }).deps);
    expect(verdicts(missing)).toEqual(["FAIL stacks deployed"]);
    expect(missing[0]?.detail).toMatch(/Signpost-staging-Data does not exist/);

    const old = await runSmoke(
      args,
      fakeAws({ describeStack: async () => ({ status: "UPDATE_COMPLETE", outputs: {} }) }).deps,
    );
    expect(old[0]?.detail).toMatch(/missing stack outputs: ApiUrl, SmokeAlarmName/);

    const rolledBack = await runSmoke(
      args,
      fakeAws({ describeStack: async () => ({ status: "UPDATE_ROLLBACK_COMPLETE", outputs: {} }) }).deps,
    );
    expect(rolledBack[0]?.detail).toMatch(/UPDATE_ROLLBACK_COMPLETE/);
  });

  it("reports each broken part and still runs the other checks", async () => {
    const { deps } = fakeAws({
      fetch: async (url) => new Response("", { status: url.endsWith("/health") ? 502 : 201 }),
      sesIdentity: async () => ({ verification: "Pending", dkim: "Pending" }),
      topicSubscriptions: async () => [{ protocol: "email", arn: "PendingConfirmation" }],
      alarmActionHistory: async () => ["Failed to execute action arn:aws:sns:...: KMS.AccessDenied"],
    });
    const results = await runSmoke(withReport, deps);
    expect(verdicts(results)).toEqual([
      "ok stacks deployed",
      "FAIL health endpoint",
      "FAIL SES identity verified",
      "FAIL alarm subscription confirmed",
      "FAIL alarm reaches the alarm topic",
      "FAIL test report sent and delivered",
    ]);
    expect(results.map((r) => r.detail).slice(1)).toEqual([
      "GET /health answered 502",
      expect.stringMatching(/council.example verification is Pending/),
      expect.stringMatching(/click the link/),
      expect.stringMatching(/could not publish: Failed to execute action .*KMS.AccessDenied/),
      expect.stringMatching(/POST \/api\/reports answered 201/),
    ]);
  });

  it("gives up on an alarm with no action, and on a report never delivered, at the timeout", async () => {
    const { deps, alarmStates } = fakeAws({
      alarmActionHistory: async () => [],
      readCase: async () => ({ delivery: "sent", events: ["submitted", "queued", "sent"] }),
    });
    const results = await runSmoke(withReport, deps);
    expect(results.at(-2)?.detail).toMatch(/no action in .* history after 2 minutes/);
    expect(results.at(-1)?.detail).toMatch(/SPD-SMOK-E01 not delivered after 2 minutes \(sent; timeline/);
    // Put back even when the check failed.
    expect(alarmStates.at(-1)).toMatch(/ OK$/);
  });

  it("reads the action's outcome from its history data as well as its summary", async () => {
    const succeeded = fakeAws({
      alarmActionHistory: async () => ['Alarm action {"actionState":"Succeeded"}'],
    });
    expect((await runSmoke(args, succeeded.deps)).at(-1)?.ok).toBe(true);
    const failed = fakeAws({ alarmActionHistory: async () => ['Alarm action {"actionState":"Failed"}'] });
    expect((await runSmoke(args, failed.deps)).at(-1)).toMatchObject({ ok: false });
  });

  it("fails at once on a bounce", async () => {
    const { deps } = fakeAws({
      readCase: async () => ({ delivery: "sent", events: ["submitted", "queued", "sent", "bounced"] }),
    });
    const results = await runSmoke(withReport, deps);
    expect(results.at(-1)).toMatchObject({ ok: false, detail: expect.stringMatching(/bounced/) });
  });
});
