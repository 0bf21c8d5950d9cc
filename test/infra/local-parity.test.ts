import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { LOCAL_OPEN311_JURISDICTIONS, localQueueSettings } from "../../functions/local/local-stack.js";
import { startDynalite } from "../../functions/local/start-dynalite.js";
import { demoConfig, templates } from "./synth.js";

// Local and AWS must not drift: the table the local runtime creates in dynalite and the queue it
// runs are compared with what the CDK stacks synthesise.

type Key = { AttributeName: string; KeyType: string };
type Index = { IndexName: string; KeySchema: Key[]; Projection: { ProjectionType: string } };
const normalise = (
  keys: Key[],
  attributes: Array<{ AttributeName: string; AttributeType: string }>,
  indexes: Index[],
) => ({
  keys,
  attributes: [...attributes].sort((a, b) => a.AttributeName.localeCompare(b.AttributeName)),
  indexes: indexes
    .map((i) => ({ name: i.IndexName, keys: i.KeySchema, projection: i.Projection.ProjectionType }))
    .sort((a, b) => a.name.localeCompare(b.name)),
});

let t: ReturnType<typeof templates>;
beforeAll(() => {
  t = templates();
});

describe("Local runtime and CDK stack", () => {
  it("use the same table keys, attributes and indexes", async () => {
    const dynalite = await startDynalite({ tableName: "parity-check" });
    const client = new DynamoDBClient({
      endpoint: dynalite.url,
      region: "eu-west-2",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    });
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: "parity-check" }));
      const local = normalise(
        Table?.KeySchema as Key[],
        Table?.AttributeDefinitions as never,
        Table?.GlobalSecondaryIndexes as unknown as Index[],
      );
      const [cdkTable] = Object.values(t.data.findResources("AWS::DynamoDB::Table")) as Array<{
        Properties: { KeySchema: Key[]; AttributeDefinitions: never; GlobalSecondaryIndexes: Index[] };
      }>;
      const cdk = normalise(
        cdkTable?.Properties.KeySchema as Key[],
        cdkTable?.Properties.AttributeDefinitions as never,
        cdkTable?.Properties.GlobalSecondaryIndexes as Index[],
      );
      expect(local).toEqual(cdk);
      expect(local.indexes.length).toBeGreaterThan(0);
    } finally {
      client.destroy();
      await dynalite.close();
    }
  });

  it("use the same queue visibility timeout, redrive count and batch size", () => {
    const local = localQueueSettings();
    const queues = Object.values(t.messaging.findResources("AWS::SQS::Queue")) as Array<{
      Properties: { VisibilityTimeout?: number; RedrivePolicy?: { maxReceiveCount: number } };
    }>;
    const jobs = queues.find((q) => q.Properties.RedrivePolicy);
    expect(jobs?.Properties.VisibilityTimeout).toBe(local.visibilityTimeoutMs / 1000);
    expect(jobs?.Properties.RedrivePolicy?.maxReceiveCount).toBe(local.maxReceiveCount);
    expect(demoConfig.maxReceiveCount).toBe(local.maxReceiveCount);
    const [mapping] = Object.values(t.app.findResources("AWS::Lambda::EventSourceMapping")) as Array<{
      Properties: { BatchSize: number };
    }>;
    expect(mapping?.Properties.BatchSize).toBe(local.batchSize);
  });

  it("take the same council domains as Open311 jurisdictions", () => {
    expect(LOCAL_OPEN311_JURISDICTIONS).toEqual(demoConfig.open311Jurisdictions);
    expect(LOCAL_OPEN311_JURISDICTIONS.length).toBeGreaterThan(0);
  });
});
