import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { startDynalite } from "../../functions/local/start-dynalite.js";

/**
 * A fresh in-memory dynalite with the reports table, and a document client for it configured as
 * the functions configure theirs. Tests build the store they need on top. `onRequest` hears the
 * operation (`"Query"`, `"PutItem"`…) of every request as it leaves for the endpoint, retries
 * included, so tests can count the calls behind a read.
 */
export async function startDynaliteClient(
  tableName: string,
  options: { onRequest?: (operation: string) => void } = {},
) {
  const dynalite = await startDynalite({ tableName });
  const base = new DynamoDBClient({
    endpoint: dynalite.url,
    region: "eu-west-2",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  const { onRequest } = options;
  if (onRequest) {
    base.middlewareStack.add(
      (next) => async (args) => {
        const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
        onRequest(headers["x-amz-target"]?.split(".").at(-1) ?? "unknown");
        return next(args);
      },
      // After the retry middleware (finalizeRequest, high priority): once per attempt.
      { step: "finalizeRequest", priority: "low", name: "countRequests" },
    );
  }
  const client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
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
