import type { AddressInfo } from "node:net";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { createTableInput } from "#adapters/dynamodb/table-definition.js";

/**
 * dynalite as a real DynamoDB endpoint on loopback. With `path` its LevelDB files persist, so cases
 * survive a restart. The table comes from the same definition the CDK stack uses.
 */
export async function startDynalite(options: { path?: string; port?: number; tableName: string }) {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.path ? { path: options.path } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint: url,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: options.tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(createTableInput(options.tableName)));
  }
  client.destroy();
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
