import * as z from "zod";
import type { SmokeArgs } from "./smoke-args.js";

/** What the smoke check needs from AWS and the network: real clients in smoke.ts, fakes in tests. */
export interface SmokeDeps {
  /** A CloudFormation stack's status and outputs, or undefined if there is no such stack. */
  describeStack(name: string): Promise<{ status: string; outputs: Record<string, string> } | undefined>;
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** SES verification and DKIM status of an identity (undefined if SES does not know it). */
  sesIdentity(identity: string): Promise<{ verification?: string; dkim?: string }>;
  /** The alarm topic's subscriptions: protocol and ARN ("PendingConfirmation" until confirmed). */
  topicSubscriptions(topicArn: string): Promise<Array<{ protocol: string; arn: string }>>;
  setAlarmState(name: string, state: "ALARM" | "OK", reason: string): Promise<void>;
  /** The alarm's action history items since a time, each as its summary and its data (JSON) text. */
  alarmActionHistory(name: string, since: Date): Promise<string[]>;
  /** A case's delivery state and the types of its timeline events (undefined if not stored). */
  readCase(
    tableName: string,
    reference: string,
  ): Promise<{ delivery: string; recipient?: string; events: string[] } | undefined>;
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** The stack outputs the checks read (each stack declares them; see infra/stacks/*). */
const outputsSchema = z.object({
  ApiUrl: z.url(),
  SmokeAlarmName: z.string().min(1),
  AlarmTopicArn: z.string().startsWith("arn:"),
  SendingDomain: z.string().min(1),
  TableName: z.string().min(1),
});
type Outputs = z.infer<typeof outputsSchema>;
/** The output names the stacks must declare (a CDK test checks them). */
export const SMOKE_OUTPUTS = Object.keys(outputsSchema.shape);

const POLL_MS = 10_000;
/** An action history item: its summary ("Successfully executed action arn:...") and its data's actionState. */
const ACTION_SUCCEEDED = /successfully executed action|"actionState":\s*"Succeeded"/i;
const ACTION_FAILED = /failed to execute action|"actionState":\s*"Failed"/i;

class CheckFailed extends Error {}

/**
 * Runs the checks in order, each reported as it ends. Stack outputs come first: without them
 * nothing else can run. The rest run even after a failure, so one run shows everything wrong.
 */
export async function runSmoke(
  args: SmokeArgs,
  deps: SmokeDeps,
  report: (result: CheckResult) => void = () => {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const check = async (name: string, run: () => Promise<string>) => {
    let result: CheckResult;
    try {
      result = { name, ok: true, detail: await run() };
    } catch (error) {
      result = { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
    results.push(result);
    report(result);
    return result.ok;
  };

  let outputs: Outputs | undefined;
  await check("stacks deployed", async () => {
    const all: Record<string, string> = {};
    for (const part of ["Data", "Messaging", "App"]) {
      const name = `Signpost-${args.env}-${part}`;
      const stack = await deps.describeStack(name);
      if (!stack) throw new CheckFailed(`${name} does not exist (wrong --env or --region?)`);
      if (!/_COMPLETE$/.test(stack.status) || /ROLLBACK|DELETE/.test(stack.status))
        throw new CheckFailed(`${name} is ${stack.status}`);
      Object.assign(all, stack.outputs);
    }
    const parsed = outputsSchema.safeParse(all);
    if (!parsed.success)
      throw new CheckFailed(
        `missing stack outputs: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")} (deploy this version first)`,
      );
    outputs = parsed.data;
    return `outputs read; API at ${outputs.ApiUrl}`;
  });
  if (!outputs) return results;
  const o = outputs;
  const api = (path: string) => new URL(path, o.ApiUrl.endsWith("/") ? o.ApiUrl : `${o.ApiUrl}/`).toString();

  await check("health endpoint", async () => {
    const response = await deps.fetch(api("health"));
    if (response.status !== 200) throw new CheckFailed(`GET /health answered ${response.status}`);
    return "GET /health answered 200";
  });

  await check("SES identity verified", async () => {
    const identity = await deps.sesIdentity(o.SendingDomain);
    if (identity.verification !== "Success")
      throw new CheckFailed(
        `${o.SendingDomain} verification is ${identity.verification ?? "unknown"}: publish its DKIM records`,
      );
    if (identity.dkim !== "Success")
      throw new CheckFailed(
        `${o.SendingDomain} DKIM is ${identity.dkim ?? "unknown"}: publish its DKIM records`,
      );
    return `${o.SendingDomain} verified, DKIM signing`;
  });

  await check("alarm subscription confirmed", async () => {
    const subscriptions = await deps.topicSubscriptions(o.AlarmTopicArn);
    const confirmed = subscriptions.filter((s) => s.arn.startsWith("arn:"));
    if (confirmed.length === 0)
      throw new CheckFailed(
        subscriptions.length === 0
          ? "the alarm topic has no subscriptions"
          : "no alarm subscription is confirmed yet: click the link in the AWS Notifications email",
      );
    return `${confirmed.length} confirmed (${[...new Set(confirmed.map((s) => s.protocol))].join(", ")})`;
  });

  await check("alarm reaches the alarm topic", async () => {
    const since = deps.now();
    const reason = `Signpost smoke test at ${since.toISOString()}: not a real alarm`;
    await deps.setAlarmState(o.SmokeAlarmName, "ALARM", reason);
    try {
      const deadline = since.getTime() + args.timeoutMs;
      while (deps.now().getTime() < deadline) {
        const history = await deps.alarmActionHistory(o.SmokeAlarmName, since);
        const failed = history.find((h) => ACTION_FAILED.test(h));
        if (failed) throw new CheckFailed(`CloudWatch could not publish: ${failed}`);
        if (history.some((h) => ACTION_SUCCEEDED.test(h)))
          return `${o.SmokeAlarmName} published to the alarm topic: check the alarm email arrived`;
        await deps.sleep(POLL_MS);
      }
      throw new CheckFailed(
        `no action in ${o.SmokeAlarmName}'s history after ${args.timeoutMs / 60_000} minutes`,
      );
    } finally {
      await deps.setAlarmState(o.SmokeAlarmName, "OK", "Signpost smoke test finished");
    }
  });

  if (args.report) {
    const { postcode, mailbox } = args.report;
    await check("test report sent and delivered", async () => {
      const response = await deps.fetch(api("api/reports"), {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": `smoke-${deps.now().getTime()}` },
        body: JSON.stringify(smokeReport(postcode, mailbox)),
      });
      const body = (await response.json().catch(() => ({}))) as { reference?: string };
      if (response.status !== 201 || !body.reference)
        throw new CheckFailed(`POST /api/reports answered ${response.status}: ${JSON.stringify(body)}`);
      const reference = body.reference;
      // Sent: the dispatch queue and SES took it. Delivered: SES's delivery event came back through
      // SNS and the delivery-events queue onto the case, so the receiving server accepted it.
      const deadline = deps.now().getTime() + args.timeoutMs;
      let last = "not stored";
      while (deps.now().getTime() < deadline) {
        const stored = await deps.readCase(o.TableName, reference);
        if (stored) {
          last = `${stored.delivery}; timeline ${stored.events.join(", ")}`;
          if (stored.delivery === "failed" || stored.events.includes("bounced"))
            throw new CheckFailed(`${reference}: ${last}`);
          if (stored.delivery === "sent" && stored.events.includes("delivered"))
            return `${reference} sent to ${stored.recipient ?? "the district"} and delivered; the acknowledgement went to ${mailbox}`;
        }
        await deps.sleep(POLL_MS);
      }
      throw new CheckFailed(`${reference} not delivered after ${args.timeoutMs / 60_000} minutes (${last})`);
    });
  }
  return results;
}

/** A report that routes to the district (speeding, enforcement), marked as a test. */
export function smokeReport(postcode: string, mailbox: string) {
  return {
    service: "speeding",
    answers: { danger: "no", "road-type": "residential", outcome: "enforcement" },
    location: { postcode },
    description: "Signpost smoke test after a deployment. Please close this case; no action is needed.",
    reporter: { name: "Signpost smoke test", email: mailbox },
  };
}
