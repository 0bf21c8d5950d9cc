import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { signpostApp } from "../../infra/synth.js";

/** One function's bundle as the synth staged it, and the environment Lambda would give it. */
export interface FunctionBundle {
  /** The construct id in the app stack: Intake, Web, Dispatch... */
  name: string;
  /** The staged asset folder (what Lambda unpacks to /var/task). */
  dir: string;
  /** The function's environment from the template, with references given stand-in values. */
  env: Record<string, string>;
}

interface LambdaResource {
  Type: string;
  Properties: {
    Code?: { S3Key?: unknown };
    Environment?: { Variables?: Record<string, unknown> };
  };
}

/** Values for environment variables the template fills from other resources at deploy time. */
const STAND_INS: Record<string, string> = {
  TABLE_NAME: "signpost-bench",
  DISPATCH_QUEUE_URL: "https://sqs.eu-west-2.amazonaws.com/000000000000/signpost-bench",
  STAFF_USER_POOL_ID: "eu-west-2_Bench1",
  STAFF_CLIENT_ID: "bench-client",
  SES_CONFIGURATION_SET: "signpost-bench",
  // Secrets Manager dynamic references in the template.
  CLIENT_HASH_SECRET: "bench-client-hash-secret-0123456789abcdef",
};

/**
 * Synthesises the app with bundling (exactly the options `npx cdk synth` uses) and finds each
 * function's staged asset.
 */
export function synthBundles(): FunctionBundle[] {
  const { app, application } = signpostApp({}, { bundle: true, acknowledgeFindings: true });
  const assembly = app.synth();
  return bundlesIn(assembly.directory, `${application.artifactId}.template.json`);
}

/**
 * Each function's staged asset in a cloud assembly, found by the S3 key the app stack's template
 * names (`<asset hash>.zip` → `asset.<hash>`).
 */
export function bundlesIn(assemblyDir: string, templateFile: string): FunctionBundle[] {
  const template = JSON.parse(readFileSync(join(assemblyDir, templateFile), "utf8")) as {
    Resources: Record<string, LambdaResource>;
  };
  return Object.entries(template.Resources).flatMap(([logicalId, resource]) => {
    const key = resource.Type === "AWS::Lambda::Function" ? resource.Properties.Code?.S3Key : undefined;
    if (typeof key !== "string") return [];
    const dir = join(assemblyDir, `asset.${key.replace(/\.zip$/, "")}`);
    if (!existsSync(join(dir, "index.mjs"))) return [];
    const variables = resource.Properties.Environment?.Variables ?? {};
    const env = Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [
        name,
        // Files Lambda finds under /var/task are in the staged folder here.
        typeof value === "string" ? value.replace(/^\/var\/task(?=\/|$)/, dir) : (STAND_INS[name] ?? "bench"),
      ]),
    );
    return [{ name: logicalId.replace(/[0-9A-F]{8}$/, ""), dir, env }];
  });
}
