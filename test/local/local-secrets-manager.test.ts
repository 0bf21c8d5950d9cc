import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LocalSecretsManager,
  startLocalSecretsManager,
} from "../../functions/local/local-secrets-manager.js";

// The local Secrets Manager endpoint answers the real SDK client as the Secrets Manager API
// reference describes GetSecretValue and PutSecretValue: the fields, the staging labels, the errors.

let local: LocalSecretsManager;
let client: SecretsManagerClient;
const clientOf = (endpoint: string) =>
  new SecretsManagerClient({
    endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
beforeAll(async () => {
  local = await startLocalSecretsManager();
  client = clientOf(local.endpoint);
});
afterAll(async () => {
  client.destroy();
  await local.close();
});

describe("the local Secrets Manager endpoint", () => {
  it("returns a secret's current value with its ARN, name, version, labels and date", async () => {
    const made = new Date("2026-11-01T09:30:00Z");
    const secret = local.secrets.create("app-keys", '{"a":"1"}', made.getTime());
    expect(secret.arn).toMatch(
      /^arn:aws:secretsmanager:eu-west-2:000000000000:secret:app-keys-[A-Za-z0-9]{6}$/,
    );
    const out = await client.send(new GetSecretValueCommand({ SecretId: "app-keys" }));
    expect(out).toMatchObject({
      ARN: secret.arn,
      Name: "app-keys",
      SecretString: '{"a":"1"}',
      VersionStages: ["AWSCURRENT"],
      CreatedDate: made,
    });
    expect(out.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    // By full ARN, and by the ARN without its random suffix (a partial ARN), as Secrets Manager takes them.
    for (const id of [secret.arn, secret.arn.slice(0, -7)])
      expect((await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString).toBe('{"a":"1"}');
  });

  it("makes a new value AWSCURRENT and the one it replaces AWSPREVIOUS", async () => {
    local.secrets.create("rotated", "first");
    const first = await client.send(new GetSecretValueCommand({ SecretId: "rotated" }));
    const put = await client.send(new PutSecretValueCommand({ SecretId: "rotated", SecretString: "second" }));
    expect(put).toMatchObject({ ARN: first.ARN, Name: "rotated", VersionStages: ["AWSCURRENT"] });
    expect(put.VersionId).not.toBe(first.VersionId);
    const current = await client.send(new GetSecretValueCommand({ SecretId: "rotated" }));
    expect(current).toMatchObject({ SecretString: "second", VersionId: put.VersionId });
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: "rotated", VersionStage: "AWSPREVIOUS" }),
    );
    expect(previous).toMatchObject({
      SecretString: "first",
      VersionId: first.VersionId,
      VersionStages: ["AWSPREVIOUS"],
    });
    const byId = await client.send(
      new GetSecretValueCommand({ SecretId: "rotated", VersionId: first.VersionId }),
    );
    expect(byId.SecretString).toBe("first");
  });

  it("treats a retried put (same token, same value) as the same version, and refuses a changed one", async () => {
    local.secrets.create("idempotent", "v1");
    const token = "a".repeat(32);
    const once = await client.send(
      new PutSecretValueCommand({ SecretId: "idempotent", SecretString: "v2", ClientRequestToken: token }),
    );
    const again = await client.send(
      new PutSecretValueCommand({ SecretId: "idempotent", SecretString: "v2", ClientRequestToken: token }),
    );
    expect(again.VersionId).toBe(once.VersionId);
    await expect(
      client.send(
        new PutSecretValueCommand({ SecretId: "idempotent", SecretString: "v3", ClientRequestToken: token }),
      ),
    ).rejects.toMatchObject({ name: "ResourceExistsException" });
  });

  it("answers with Secrets Manager's errors", async () => {
    const missing = client.send(new GetSecretValueCommand({ SecretId: "no-such-secret" }));
    await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(missing).rejects.toMatchObject({
      message: "Secrets Manager can't find the specified secret.",
      $metadata: { httpStatusCode: 400 },
    });
    // A full ARN names one secret exactly: the right name with another suffix is not it.
    const secret = local.secrets.create("exact", "x");
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: `${secret.arn.slice(0, -6)}zzzzzz` })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: "exact", VersionStage: "AWSPENDING" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: expect.stringContaining("AWSPENDING"),
    });
    await expect(client.send(new PutSecretValueCommand({ SecretId: "exact" }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    const unknown = await fetch(local.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "secretsmanager.DeleteSecret",
      },
      body: "{}",
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ __type: "UnknownOperationException" });
    await expect(client.send(new GetSecretValueCommand({ SecretId: "" }))).rejects.toBeInstanceOf(
      SecretsManagerServiceException,
    );
  });

  it("keeps its secrets in a file across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "signpost-secrets-"));
    try {
      const persistPath = join(dir, "secrets.json");
      const first = await startLocalSecretsManager({ persistPath });
      const arn = first.secrets.create("kept", "before").arn;
      const firstClient = clientOf(first.endpoint);
      await firstClient.send(new PutSecretValueCommand({ SecretId: arn, SecretString: "after" }));
      firstClient.destroy();
      await first.close();
      const second = await startLocalSecretsManager({ persistPath });
      const secondClient = clientOf(second.endpoint);
      try {
        expect(await secondClient.send(new GetSecretValueCommand({ SecretId: "kept" }))).toMatchObject({
          ARN: arn,
          SecretString: "after",
        });
      } finally {
        secondClient.destroy();
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
