import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { clerkDirectoryVariable, publicInfoVariable, readEnvironmentConfig } from "../../infra/config.js";
import { demoConfig, signpostApp } from "./synth.js";

// Lambda refuses a function whose environment is over 4 KB: every key and value, as UTF-8 bytes.
// infra/config.ts caps the two variables a deployment can grow (CLERK_DIRECTORY_CONFIG and
// PUBLIC_INFO); this synthesises the stack with both as large as those caps allow and sums what
// each function would really carry.
const LAMBDA_ENVIRONMENT_LIMIT = 4096;

/**
 * A value CloudFormation fills in at deploy (a table name, a queue URL, an ARN) is counted as 256
 * bytes: longer than any name, URL or ARN it resolves to here (a table name is at most 255, an SQS
 * URL about 130), so the sum is an upper bound.
 */
const DEPLOY_TIME_VALUE_BYTES = 256;

type Demo = Record<string, unknown>;

/** Grows `text` in `make(text)` until the variable `measure` gives is exactly `chars` long. */
function growTo(chars: number, make: (padding: string[]) => Demo, measure: (demo: Demo) => string): Demo {
  const padding: string[] = [];
  for (let guard = 0; guard < 5000; guard++) {
    const length = measure(make(padding)).length;
    if (length === chars) return make(padding);
    if (length > chars) throw new Error(`overshot ${chars} characters (${length})`);
    const last = padding.length - 1;
    if (last >= 0 && (padding[last] as string).length < 250) padding[last] += "x";
    else padding.push("x");
  }
  throw new Error(`could not reach ${chars} characters`);
}

const config = (demo: Demo) => readEnvironmentConfig({ demo }, "demo");

/** The clerk directory JSON grown to `chars`, by parish names that never match. */
const withClerkDirectory = (demo: Demo, chars: number) =>
  growTo(
    chars,
    (padding) => ({
      ...demo,
      clerkDirectory: {
        names: Object.fromEntries(padding.map((name, i) => [`E04${String(i).padStart(6, "0")}`, name])),
        allowDistrictAddresses: {},
        districtDomains: [],
      },
    }),
    (d) => clerkDirectoryVariable(config(d)),
  );

/** The smallest public info the schema takes, to grow from. */
const SMALLEST_PUBLIC_INFO = {
  contact: { email: "a@council.example", phone: "01632 960000", address: ["Offices", "ZX1 5ZB"] },
  dataProtection: { email: "d@council.example" },
  accessibility: { status: "full", preparedOn: "2026-11-23" },
};

/** The public info JSON grown to `chars`, by improvements to the accessibility statement. */
const withPublicInfo = (demo: Demo, chars: number) => {
  const info = SMALLEST_PUBLIC_INFO;
  return growTo(
    chars,
    (padding) => ({
      ...demo,
      publicInfo: { ...info, accessibility: { ...info.accessibility, improvements: padding } },
    }),
    (d) => publicInfoVariable(config(d)),
  );
};

function environmentBytes(variables: Record<string, unknown>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(variables)) {
    bytes += Buffer.byteLength(key, "utf8");
    bytes += typeof value === "string" ? Buffer.byteLength(value, "utf8") : DEPLOY_TIME_VALUE_BYTES;
  }
  return bytes;
}

function largestEnvironments(demo: Demo) {
  const { application } = signpostApp(demo);
  const functions = Template.fromStack(application).findResources("AWS::Lambda::Function");
  return Object.entries(functions).map(([id, resource]) => {
    const variables =
      (resource as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties
        .Environment?.Variables ?? {};
    return { id, bytes: environmentBytes(variables), variables };
  });
}

describe("every function's environment fits Lambda's 4 KB", () => {
  it.each([
    // The clerk directory at its cap, and the public info with what the shared cap leaves.
    ["the clerk directory at its 1,984 characters", 1984, 512],
    // The public info at its own cap, and the clerk directory with what the shared cap leaves.
    ["the public info at its 1,200 characters", 1296, 1200],
  ])("with %s", (_, clerkChars, publicChars) => {
    const small = { ...demoConfig, publicInfo: SMALLEST_PUBLIC_INFO };
    const demo = withClerkDirectory(withPublicInfo(small, publicChars), clerkChars);
    expect(clerkDirectoryVariable(config(demo))).toHaveLength(clerkChars);
    expect(publicInfoVariable(config(demo))).toHaveLength(publicChars);
    // One character more is refused by the config check: these are the largest it allows.
    expect(() => config(withPublicInfo(demo, publicChars + 1))).toThrow(/publicInfo is too long/);
    expect(() => config(withClerkDirectory(demo, clerkChars + 1))).toThrow(/is over|too long/);

    const environments = largestEnvironments(demo);
    expect(environments.length).toBeGreaterThanOrEqual(10);
    // Both now travel in the bundled councils.json, whatever their size (ADR 0012).
    expect(environments.filter((e) => "CLERK_DIRECTORY_CONFIG" in e.variables)).toHaveLength(0);
    expect(environments.filter((e) => "PUBLIC_INFO" in e.variables)).toHaveLength(0);
    for (const { id, bytes } of environments) {
      expect(bytes, `${id}: ${bytes} bytes`).toBeLessThanOrEqual(LAMBDA_ENVIRONMENT_LIMIT);
    }
    console.log(
      `with ${clerkChars} + ${publicChars} characters: ${environments.map((e) => `${e.id} ${e.bytes}`).join(", ")} bytes`,
    );
  });
});
