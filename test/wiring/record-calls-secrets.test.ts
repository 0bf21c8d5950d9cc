import { describe, expect, it } from "vitest";
import { actionOf, resourcesOf } from "../../functions/wiring/record-calls.js";

// Secrets Manager calls as IAM sees them, for the IAM replay (test/infra/iam-replay.test.ts).

const where = { region: "eu-west-2", account: "000000000000" };

describe("Secrets Manager calls", () => {
  it("are authorised as secretsmanager actions", () => {
    expect(actionOf("SecretsManagerClient", "GetSecretValueCommand")).toBe("secretsmanager:GetSecretValue");
    expect(actionOf("SecretsManagerClient", "PutSecretValueCommand")).toBe("secretsmanager:PutSecretValue");
  });

  it("name the secret by its full ARN when the call does", () => {
    const arn = "arn:aws:secretsmanager:eu-west-2:000000000000:secret:link-keys-AbC123";
    expect(resourcesOf("secretsmanager:GetSecretValue", { SecretId: arn }, where)).toEqual([arn]);
  });

  it("name a secret asked for by name by its ARN without the random suffix, which only the service knows", () => {
    expect(resourcesOf("secretsmanager:GetSecretValue", { SecretId: "link-keys" }, where)).toEqual([
      "arn:aws:secretsmanager:eu-west-2:000000000000:secret:link-keys",
    ]);
    expect(resourcesOf("secretsmanager:GetSecretValue", {}, where)).toEqual([]);
  });
});
