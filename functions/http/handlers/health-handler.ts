import middy from "@middy/core";
import type { APIGatewayProxyResultV2 } from "aws-lambda";

/** `GET /health`: the function is up and its configuration loaded (it is built after config). */
export function createHealthHandler(info: { service: string; district: string }) {
  return middy<unknown, APIGatewayProxyResultV2>().handler(async () => ({
    statusCode: 200,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
    body: JSON.stringify({ status: "ok", ...info }),
  }));
}
