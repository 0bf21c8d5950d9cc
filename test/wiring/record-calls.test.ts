import { describe, expect, it } from "vitest";
import { actionOf, leadingKeysOf } from "../../functions/wiring/record-calls.js";

// The IAM replay test checks each recorded call's action against the synthesised policies, so the
// action must be the one IAM evaluates, which is not always the operation's name.

describe("actionOf", () => {
  it("names an SDK command's IAM action by its client's service prefix", () => {
    expect(actionOf("DynamoDBClient", "QueryCommand")).toBe("dynamodb:Query");
    expect(actionOf("SQSClient", "SendMessageCommand")).toBe("sqs:SendMessage");
    expect(actionOf("SESClient", "SendEmailCommand")).toBe("ses:SendEmail");
    expect(actionOf("CognitoIdentityProviderClient", "AdminInitiateAuthCommand")).toBe(
      "cognito-idp:AdminInitiateAuth",
    );
  });

  it("authorises an SQS batch operation as its single action, as SQS does", () => {
    expect(
      ["SendMessageBatch", "DeleteMessageBatch", "ChangeMessageVisibilityBatch"].map((op) =>
        actionOf("SQSClient", `${op}Command`),
      ),
    ).toEqual(["sqs:SendMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]);
  });

  it("leaves other services' batch operations as they are", () => {
    expect(actionOf("DynamoDBClient", "BatchWriteItemCommand")).toBe("dynamodb:BatchWriteItem");
    expect(actionOf("DynamoDBClient", "BatchGetItemCommand")).toBe("dynamodb:BatchGetItem");
  });

  it("records nothing for a client the wiring does not build", () => {
    expect(actionOf("S3Client", "GetObjectCommand")).toBeUndefined();
  });
});

describe("leadingKeysOf", () => {
  it("names the partitions a DynamoDB call touches, as dynamodb:LeadingKeys has them", () => {
    expect(leadingKeysOf("dynamodb:GetItem", { Key: { pk: "DIRECTORY", sk: "CONTACT#E1" } })).toEqual([
      "DIRECTORY",
    ]);
    expect(leadingKeysOf("dynamodb:PutItem", { Item: { pk: "CASE#SPD-A", sk: "CASE" } })).toEqual([
      "CASE#SPD-A",
    ]);
    expect(
      leadingKeysOf("dynamodb:BatchGetItem", {
        RequestItems: {
          t: {
            Keys: [
              { pk: "CASE#A", sk: "CASE" },
              { pk: "CASE#B", sk: "CASE" },
            ],
          },
        },
      }),
    ).toEqual(["CASE#A", "CASE#B"]);
    expect(
      leadingKeysOf("dynamodb:Query", {
        KeyConditionExpression: "#sk = :s AND #pk = :pk",
        ExpressionAttributeNames: { "#pk": "pk", "#sk": "sk" },
        ExpressionAttributeValues: { ":pk": "DIRECTORY", ":s": "X" },
      }),
    ).toEqual(["DIRECTORY"]);
    // On an index, the index's partition key.
    expect(
      leadingKeysOf("dynamodb:Query", {
        IndexName: "byStatus",
        KeyConditionExpression: "gsi1pk = :p",
        ExpressionAttributeValues: { ":p": "STATUS#new" },
      }),
    ).toEqual(["STATUS#new"]);
    expect(leadingKeysOf("sqs:SendMessage", { QueueUrl: "x" })).toBeUndefined();
  });
});
