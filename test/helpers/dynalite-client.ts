import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { startDynalite } from "../../functions/local/start-dynalite.js";

/**
 * A fresh in-memory dynalite with the reports table, and a document client for it configured as
 * the functions configure theirs. Tests build the store they need on top.
 */
export async function startDynaliteClient(tableName: string) {
  const dynalite = await startDynalite({ tableName });
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynalite.url,
      region: "eu-west-2",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return { client, tableName, close: () => dynalite.close() };
}

/** A repeatable pseudo-random `n → [0, n)` for seeding test data. */
export function seededRandom(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}
