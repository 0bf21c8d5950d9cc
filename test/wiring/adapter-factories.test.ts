import { describe, expect, it } from "vitest";
import { readConfig } from "../../functions/config/env.js";
import { createAdapters } from "../../functions/wiring/adapters/all-adapters.js";
import { createBaseAdapters } from "../../functions/wiring/adapters/base-adapters.js";
import { sqsQueue } from "../../functions/wiring/adapters/sqs-queue.js";
import { cognitoStaffAuth } from "../../functions/wiring/adapters/staff-auth.js";
import type { AwsCall } from "../../functions/wiring/record-calls.js";

// Each function now builds only its own adapters, through small factories; every SDK client they
// build must still report its calls (the IAM replay test depends on it) and go to its *_ENDPOINT.
// Nothing listens on the endpoint: the call is recorded before it is sent, and then it fails.
const NOWHERE = "http://127.0.0.1:1";
const config = readConfig({
  TABLE_NAME: "factories",
  SENDER_EMAIL: "signpost@example.org",
  DISTRICT_EMAIL: "district@example.org",
  DISTRICT_COUNCIL_NAME: "Example District Council",
  DISTRICT_CODE: "E07999999",
  DISTRICT_NAME: "Example",
  MODERNGOV_BASE_URL: NOWHERE,
  DYNAMODB_ENDPOINT: NOWHERE,
  SES_ENDPOINT: NOWHERE,
  SQS_ENDPOINT: NOWHERE,
  COGNITO_ENDPOINT: NOWHERE,
  DISPATCH_QUEUE_URL: "https://sqs.eu-west-2.amazonaws.com/000000000000/dispatch",
});

function recording() {
  const calls: AwsCall[] = [];
  return { calls, recordCall: (call: AwsCall) => calls.push(call) };
}

/** The call fails (nothing listens); what it reached for is the point. */
const attempt = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("adapter factories", () => {
  it("build the DynamoDB client that records its calls and goes to DYNAMODB_ENDPOINT", async () => {
    const { calls, recordCall } = recording();
    const error = await attempt(createBaseAdapters(config, { recordCall }).caseStore.get("SP-0000-0000"));
    expect(calls.map((c) => c.action)).toEqual(["dynamodb:GetItem"]);
    expect(calls[0]?.resources).toEqual(["arn:aws:dynamodb:eu-west-2:000000000000:table/factories"]);
    expect(String(error)).toMatch(/ECONNREFUSED|connect/);
  });

  it("build the SQS queue through SQS_ENDPOINT, recording its calls", async () => {
    const { calls, recordCall } = recording();
    const queue = sqsQueue(config, createBaseAdapters(config, { recordCall }));
    expect(String(await attempt(queue.send({ reference: "SP-0000-0000" })))).toMatch(/ECONNREFUSED|connect/);
    expect(calls).toEqual([
      {
        action: "sqs:SendMessage",
        resources: ["arn:aws:sqs:eu-west-2:000000000000:dispatch"],
        iamAuthorised: true,
      },
    ]);
  });

  it("build the SES mailer that records its sends", async () => {
    const { calls, recordCall } = recording();
    const { mailer } = createAdapters(config, { recordCall });
    await attempt(
      mailer.send({
        to: ["clerk@example.org"],
        subject: "s",
        text: "t",
        html: "<p>t</p>",
        reference: "SP-1",
      }),
    );
    expect(calls).toEqual([
      {
        action: "ses:SendEmail",
        resources: ["arn:aws:ses:eu-west-2:000000000000:identity/example.org"],
        iamAuthorised: true,
      },
    ]);
  });

  it("build Cognito sign-in that records its calls", async () => {
    const { calls, recordCall } = recording();
    const { recorded } = createBaseAdapters(config, { recordCall });
    const auth = cognitoStaffAuth(config, recorded, { userPoolId: "eu-west-2_Pool1", clientId: "client" });
    await attempt(
      auth.signIn("clerk@example.org", "password", {
        ipAddress: "127.0.0.1",
        serverName: "localhost",
        serverPath: "/staff/sign-in",
        headers: {},
      }),
    );
    expect(calls.map((c) => c.action)).toEqual(["cognito-idp:AdminInitiateAuth"]);
    expect(calls[0]?.resources).toEqual([
      "arn:aws:cognito-idp:eu-west-2:000000000000:userpool/eu-west-2_Pool1",
    ]);
  });
});
