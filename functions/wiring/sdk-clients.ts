import type { Config } from "../config/env.js";
import { type RecordCall, recordCalls } from "./record-calls.js";

export interface AdapterOptions {
  /**
   * Told of every AWS call the clients make (the local stack checks them against the synthesised
   * IAM policies). Absent in AWS, where the clients are built unchanged.
   */
  recordCall?: RecordCall;
}

/** The account recorded ARNs name: only the local runtime records, and it has no account. */
const LOCAL_ACCOUNT = "000000000000";

/** Wraps an SDK client so that it reports its calls when the options ask for it. */
export type Recorded = <C extends Parameters<typeof recordCalls>[0]>(client: C) => C;

export function recorder(config: Config, options: AdapterOptions): Recorded {
  return (client) =>
    recordCalls(client, { record: options.recordCall, region: config.AWS_REGION, account: LOCAL_ACCOUNT });
}

/** An SDK client's settings: the region, or a local emulator's endpoint with dummy credentials. */
export function sdkClientConfig(config: Config, endpoint: string | undefined) {
  return endpoint
    ? { endpoint, region: config.AWS_REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
    : { region: config.AWS_REGION };
}
