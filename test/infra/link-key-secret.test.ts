import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { FIRST_KEY_ID } from "../../functions/cli/link-keys.js";
import { signpostApp } from "./synth.js";

// Clerks' link keys in AWS: one secret in the stateful Data stack, generated in the key ring's
// flat shape, readable (GetSecretValue only) by the functions that sign or check links.

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
let synth: ReturnType<typeof signpostApp>;
let data: Template;
let app: Template;
beforeAll(() => {
  synth = signpostApp();
  data = Template.fromStack(synth.data);
  app = Template.fromStack(synth.application);
});

const secretId = () => Stack.of(synth.data).getLogicalId(synth.data.linkKeySecret.node.defaultChild as never);

/** Every statement of the role the function runs as. */
function roleStatements(fn: keyof typeof synth.application.functions) {
  const role = synth.application.getLogicalId(
    synth.application.functions[fn].role?.node.defaultChild as never,
  );
  return Object.values(app.findResources("AWS::IAM::Policy"))
    .filter((p) => JSON.stringify((p as Resource).Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap(
      (p) =>
        ((p as Resource).Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> })
          .Statement,
    );
}

const environmentOf = (fn: keyof typeof synth.application.functions) => {
  const id = synth.application.getLogicalId(synth.application.functions[fn].node.defaultChild as never);
  const resource = app.findResources("AWS::Lambda::Function")[id] as Resource;
  return (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
};

describe("the link key secret", () => {
  it("is in the Data stack, kept when the stack is deleted, generated as a one-key ring", () => {
    const secrets = data.findResources("AWS::SecretsManager::Secret");
    expect(Object.keys(secrets)).toEqual([secretId()]);
    const secret = secrets[secretId()] as Resource;
    expect(secret.DeletionPolicy).toBe("Retain");
    expect(secret.Properties.Name).toBe(`${synth.data.stackName}-LinkKeys`);
    expect(secret.Properties.Name).not.toMatch(/-[A-Za-z0-9]{6}$/);
    const generate = secret.Properties.GenerateSecretString as Record<string, unknown>;
    expect(JSON.parse(generate.SecretStringTemplate as string)).toEqual({ current: FIRST_KEY_ID });
    expect(generate.GenerateStringKey).toBe(FIRST_KEY_ID);
    // 64 letters and digits: no punctuation to escape in JSON, over the ring's 32-character minimum.
    expect(generate.PasswordLength).toBeGreaterThanOrEqual(64);
    expect(generate.ExcludePunctuation).toBe(true);
    expect(generate.IncludeSpace ?? false).toBe(false);
    data.hasOutput("LinkKeySecretName", { Value: `${synth.data.stackName}-LinkKeys` });
  });

  it("is read (GetSecretValue, nothing more) by dispatch, the digest and the form only", () => {
    const readers = Object.keys(synth.application.functions).filter((fn) =>
      roleStatements(fn as never).some((s) => JSON.stringify(s.Action).includes("secretsmanager:")),
    );
    expect(readers.sort()).toEqual(["digest", "dispatch", "web"]);
    for (const fn of readers) {
      const statements = roleStatements(fn as never).filter((s) =>
        JSON.stringify(s.Action).includes("secretsmanager:"),
      );
      expect(statements).toHaveLength(1);
      expect(statements[0]?.Action).toBe("secretsmanager:GetSecretValue");
      // The secret's full ARN (its Ref, imported from the Data stack), never a wildcard.
      expect(JSON.stringify(statements[0]?.Resource)).toMatch(/Fn::ImportValue/);
      expect(JSON.stringify(statements[0]?.Resource)).not.toContain("*");
    }
  });

  it("is named to those three functions, and the emails' addresses given to dispatch and the digest", () => {
    for (const fn of ["dispatch", "digest", "web"] as const)
      expect(environmentOf(fn).CLERK_LINK_SECRET_ID).toBe(`${synth.data.stackName}-LinkKeys`);
    for (const fn of [
      "intake",
      "open311",
      "caseLog",
      "requeue",
      "deliveryEvents",
      "directoryRefresh",
    ] as const)
      expect(environmentOf(fn).CLERK_LINK_SECRET_ID).toBeUndefined();
    const stageUrl = JSON.stringify(synth.application.resolve(synth.application.api.stage.url));
    for (const fn of ["dispatch", "digest"] as const) {
      const env = environmentOf(fn);
      expect(JSON.stringify(env.PUBLIC_URL)).toBe(stageUrl);
      expect(JSON.stringify(env.CASE_LOG_URL)).toContain("staff/");
    }
    // The form builds its links relative (its own API's URL would be a cycle).
    expect(environmentOf("web").PUBLIC_URL).toBeUndefined();
  });
});
