import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { parseKeyRing } from "#adapters/links/key-ring.js";
import { keyRingJson, type Rotation, rotateKeyRing } from "./link-keys.js";

/**
 * One rotation of the link key secret through the Secrets Manager API: read the ring (AWSCURRENT),
 * add a new key and make it current, drop keys whose links have all expired, and store the result
 * as the new AWSCURRENT version. Functions pick it up within their cache time (5 minutes).
 */
export async function rotateLinkKeySecret(options: {
  client: SecretsManagerClient;
  secretId: string;
  now?: Date;
}): Promise<Rotation & { versionId: string }> {
  const read = await options.client.send(new GetSecretValueCommand({ SecretId: options.secretId }));
  if (read.SecretString === undefined) throw new Error("The link signing secret has no string value");
  const rotation = rotateKeyRing(parseKeyRing(read.SecretString), options.now ?? new Date());
  const put = await options.client.send(
    new PutSecretValueCommand({ SecretId: options.secretId, SecretString: keyRingJson(rotation.ring) }),
  );
  return { ...rotation, versionId: put.VersionId ?? "" };
}
