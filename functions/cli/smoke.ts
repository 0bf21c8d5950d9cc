/**
 * `npm run smoke -- --env <name>`: checks a deployed environment with the caller's AWS credentials
 * (see README, "Deploying to AWS"). Never run in CI. Exit code 0: every check passed; 1: a check
 * failed; 2: the command line is wrong.
 */
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  GetIdentityDkimAttributesCommand,
  GetIdentityVerificationAttributesCommand,
  SESClient,
} from "@aws-sdk/client-ses";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import { parseSmokeArgs, SMOKE_USAGE, type SmokeArgs } from "./smoke/smoke-args.js";
import { runSmoke, type SmokeDeps } from "./smoke/smoke-checks.js";

function awsDeps(args: SmokeArgs): SmokeDeps {
  const config = args.region ? { region: args.region } : {};
  const cloudFormation = new CloudFormationClient(config);
  const cloudWatch = new CloudWatchClient(config);
  const ses = new SESClient(config);
  const sns = new SNSClient(config);
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient(config));
  return {
    async describeStack(name) {
      try {
        const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: name }));
        const stack = Stacks?.[0];
        if (!stack) return undefined;
        const outputs = Object.fromEntries(
          (stack.Outputs ?? []).map((o) => [o.OutputKey ?? "", o.OutputValue ?? ""]),
        );
        return { status: stack.StackStatus ?? "UNKNOWN", outputs };
      } catch (error) {
        if ((error as Error).message.includes("does not exist")) return undefined;
        throw error;
      }
    },
    fetch: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(30_000) }),
    async sesIdentity(identity) {
      const [verification, dkim] = await Promise.all([
        ses.send(new GetIdentityVerificationAttributesCommand({ Identities: [identity] })),
        ses.send(new GetIdentityDkimAttributesCommand({ Identities: [identity] })),
      ]);
      return {
        verification: verification.VerificationAttributes?.[identity]?.VerificationStatus,
        dkim: dkim.DkimAttributes?.[identity]?.DkimVerificationStatus,
      };
    },
    async topicSubscriptions(topicArn) {
      const all: Array<{ protocol: string; arn: string }> = [];
      let NextToken: string | undefined;
      do {
        const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
        for (const s of page.Subscriptions ?? [])
          all.push({ protocol: s.Protocol ?? "", arn: s.SubscriptionArn ?? "" });
        NextToken = page.NextToken;
      } while (NextToken);
      return all;
    },
    async setAlarmState(name, state, reason) {
      await cloudWatch.send(
        new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: reason }),
      );
    },
    async alarmActionHistory(name, since) {
      const { AlarmHistoryItems } = await cloudWatch.send(
        new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: "Action", StartDate: since }),
      );
      return (AlarmHistoryItems ?? []).map(
        (item) => `${item.HistorySummary ?? ""} ${item.HistoryData ?? ""}`,
      );
    },
    async readCase(tableName, reference) {
      // Reads one case by reference: no index key is written, so the first council is moot here.
      const store = new DynamoCaseStore({ client: documents, tableName, firstCouncil: "" });
      const found = await store.get(reference);
      if (!found) return undefined;
      const events = (await store.timeline(reference)).map((e) => e.type);
      return { delivery: found.delivery, ...(found.recipient ? { recipient: found.recipient } : {}), events };
    },
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

const parsed = parseSmokeArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error([...parsed.errors.map((e) => `error: ${e}`), "", SMOKE_USAGE].join("\n"));
  process.exitCode = 2;
} else {
  console.log(`Smoke check of Signpost-${parsed.args.env}-*`);
  const results = await runSmoke(parsed.args, awsDeps(parsed.args), (r) =>
    console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name}: ${r.detail}`),
  );
  const failed = results.filter((r) => !r.ok);
  console.log(failed.length === 0 ? "All checks passed." : `${failed.length} check(s) failed.`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}
