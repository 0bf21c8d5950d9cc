/**
 * `npm run rotate-link-key`: rotates the key clerks' one-click links are signed with (ADR 0011).
 * Needs CLERK_LINK_SECRET_ID (the secret's ARN or name: the Data stack's LinkKeySecretName output,
 * or the one `npm start` prints) and AWS credentials allowed secretsmanager:GetSecretValue and
 * PutSecretValue on it; SECRETS_MANAGER_ENDPOINT points it at the local endpoint instead. Prints
 * key ids only, never a key.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import * as z from "zod";
import { rotateLinkKeySecret } from "./rotate-link-key-secret.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const env = z
  .object({
    CLERK_LINK_SECRET_ID: z.string().min(1, "Set CLERK_LINK_SECRET_ID to the link key secret's ARN or name"),
    SECRETS_MANAGER_ENDPOINT: z.url().optional(),
    AWS_REGION: z.string().min(1).optional(),
  })
  .safeParse(process.env);
if (!env.success) {
  console.error(env.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));
  process.exit(1);
}
const { CLERK_LINK_SECRET_ID, SECRETS_MANAGER_ENDPOINT, AWS_REGION } = env.data;

const client = new SecretsManagerClient(
  SECRETS_MANAGER_ENDPOINT
    ? {
        endpoint: SECRETS_MANAGER_ENDPOINT,
        region: AWS_REGION ?? "eu-west-2",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      }
    : AWS_REGION
      ? { region: AWS_REGION }
      : {},
);
try {
  const rotation = await rotateLinkKeySecret({ client, secretId: CLERK_LINK_SECRET_ID });
  console.log(`New links are signed with key ${rotation.added} (secret version ${rotation.versionId}).`);
  console.log(`Keys kept for links still valid: ${[...rotation.ring.keys.keys()].join(", ")}`);
  if (rotation.dropped.length > 0)
    console.log(`Dropped (every link they signed has expired): ${rotation.dropped.join(", ")}`);
  if (rotation.undated.length > 0)
    console.log(
      `Kept, not made by this tool (remove by hand once 31 days retired): ${rotation.undated.join(", ")}`,
    );
  console.log("Every function uses the new key within 5 minutes (their cache of the ring).");
} catch (error) {
  console.error(`The key was not rotated: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  client.destroy();
}
