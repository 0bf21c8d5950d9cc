/**
 * `npm run load`: a bounded load test of the embedded local stack, loopback only. Sends 20,000
 * reports (a mix of parish, unparished, signposted and outside-the-district ones) with autocannon,
 * lets dispatch drain, then checks that nothing was lost:
 *   stored cases = 201 responses; emails in the SES emulator = stored cases; no 5xx.
 * Prints throughput and latency. Not part of `npm test`.
 */
import { createRequire } from "node:module";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import autocannon from "autocannon";
import { demoPostcodes } from "../helpers/demo-data.js";
import { withUnmetLimits } from "../helpers/unmet-limits.js";

// Set before the functions load: the logger reads its level once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
const { startLocalStack } = await import("../../functions/local/local-stack.js");

const TOTAL = Number(process.env.LOAD_REQUESTS ?? 20_000);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 16);
const TIME_LIMIT_S = 600;

const postcodes = demoPostcodes();
const inside = postcodes.filter((p) => p.expected !== "outside");
const outside = postcodes.filter((p) => p.expected === "outside");
const bodies = Array.from({ length: 100 }, (_, i) => {
  const signpost = i % 20 === 0;
  const away = i % 25 === 1;
  const place = away ? outside[i % outside.length] : inside[i % inside.length];
  return JSON.stringify({
    service: "speeding",
    answers: signpost
      ? { danger: "yes" }
      : { danger: "no", "road-type": "residential", outcome: i % 3 === 0 ? "enforcement" : "speedwatch" },
    location: { postcode: place?.postcode },
    description: `Load test report ${i}`,
  });
});

// One client sends every report: the load is on the stack, not on the per-client limits.
const stack = await startLocalStack(withUnmetLimits({ queue: { visibilityTimeoutMs: 30_000 } }));
console.log(`Local stack up at ${stack.urls.api}; sending ${TOTAL} reports over ${CONNECTIONS} connections…`);

let next = 0;
const statuses = new Map<number, number>();
const result = await autocannon({
  url: `${stack.urls.api}/api/reports`,
  connections: CONNECTIONS,
  amount: TOTAL,
  duration: TIME_LIMIT_S,
  timeout: 30,
  requests: [
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      onResponse: (status) => statuses.set(status, (statuses.get(status) ?? 0) + 1),
    },
  ],
});

const drainStarted = Date.now();
await stack.queue.drained(TIME_LIMIT_S * 1000);
const drainSeconds = (Date.now() - drainStarted) / 1000;

const dynamo = new DynamoDBClient({
  endpoint: stack.urls.dynamodb,
  region: "eu-west-2",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
});
let cases = 0;
let sent = 0;
let start: Record<string, never> | undefined;
do {
  const page = await dynamo.send(
    new ScanCommand({
      TableName: stack.config.TABLE_NAME,
      FilterExpression: "sk = :case",
      ExpressionAttributeValues: { ":case": { S: "CASE" } },
      ProjectionExpression: "delivery",
      ExclusiveStartKey: start,
    }),
  );
  cases += page.Count ?? 0;
  sent += (page.Items ?? []).filter((item) => item.delivery?.S === "sent").length;
  start = page.LastEvaluatedKey as typeof start;
} while (start);
const sesStore = createRequire(import.meta.url)("aws-ses-v2-local/dist/store.js") as {
  getStoreReadonly(): { emails: unknown[] };
};
const emails = sesStore.getStoreReadonly().emails.length;
await stack.close();

const created = statuses.get(201) ?? 0;
const fiveHundreds = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
console.log(`
Requests           ${result.requests.total} in ${result.duration.toFixed(1)} s (${result.requests.average.toFixed(0)} req/s average)
Latency            p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms
Responses          ${JSON.stringify(Object.fromEntries([...statuses].sort()))}
Dispatch drained   ${drainSeconds.toFixed(1)} s after the last request
Stored cases       ${cases} (201 responses: ${created})
Cases sent         ${sent}
Emails in SES      ${emails}
5xx responses      ${fiveHundreds}
`);

const problems = [
  cases !== created && `stored cases ${cases} ≠ 201 responses ${created}`,
  emails !== cases && `emails ${emails} ≠ stored cases ${cases}`,
  sent !== cases && `sent cases ${sent} ≠ stored cases ${cases}`,
  fiveHundreds > 0 && `${fiveHundreds} responses were 5xx`,
  result.requests.total < TOTAL && `only ${result.requests.total} of ${TOTAL} requests were sent`,
].filter(Boolean);
if (problems.length > 0) {
  console.error(`FAILED: ${problems.join("; ")}`);
  process.exit(1);
}
console.log("OK: every accepted report was stored and emailed exactly once.");
process.exit(0);
