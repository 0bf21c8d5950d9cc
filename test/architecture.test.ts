import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { cruise, type IConfiguration, type ICruiseResult } from "dependency-cruiser";
import { afterAll, describe, expect, it } from "vitest";

// The layers are checked by dependency-cruiser (`npm run lint:layers`, rules in .dependency-cruiser.js).
// Here each rule is shown to fail on a deliberately bad import, and Lambda entry points stay one-liners.

const root = join(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** One bad import per rule: file → what it imports. */
const badImports: Record<string, string> = {
  "functions/core/uses-crypto.ts": "node:crypto",
  "functions/config/typo.ts": "./missing.js",
  "functions/adapters/uses-http.ts": "../http/ok.js",
  "functions/adapters/uses-cli-data.ts": "../../geodata/ok.js",
  "functions/http/uses-adapter.ts": "../adapters/ok.js",
  "functions/http/uses-sdk.ts": "@aws-sdk/client-sqs",
  "functions/wiring/uses-lambda.ts": "../lambda/ok.js",
  "functions/wiring/uses-local.ts": "../local/ok.js",
  "functions/lambda/uses-http.ts": "../http/ok.js",
  "functions/config/uses-core.ts": "../core/ok.js",
};

const targets = ["core", "adapters", "http", "lambda", "local"].map((d) => `functions/${d}/ok.ts`);

describe("Architecture", () => {
  const fixture = mkdtempSync(join(tmpdir(), "signpost-layers-"));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  function write(file: string, text: string) {
    mkdirSync(join(fixture, dirname(file)), { recursive: true });
    writeFileSync(join(fixture, file), text);
  }

  it("fails every layer rule on a deliberately bad import", async () => {
    for (const file of [...targets, "geodata/ok.ts"]) write(file, "export const ok = 1;\n");
    for (const [file, spec] of Object.entries(badImports)) write(file, `import "${spec}";\n`);
    const configFile = join(root, ".dependency-cruiser.js");
    const { default: config } = (await import(configFile)) as { default: IConfiguration };

    const { output } = await cruise(["functions", "geodata"], {
      baseDir: fixture,
      validate: true,
      ruleSet: { forbidden: config.forbidden ?? [] },
    });
    const violations = (output as ICruiseResult).summary.violations.map(
      (v) => `${v.rule.name}: ${v.from} → ${v.to}`,
    );

    expect(violations.sort()).toEqual(
      [
        "core-is-pure: functions/core/uses-crypto.ts → crypto",
        "imports-resolve: functions/config/typo.ts → ./missing.js",
        "adapters-below-the-edge: functions/adapters/uses-http.ts → functions/http/ok.ts",
        "functions-not-tools: functions/adapters/uses-cli-data.ts → geodata/ok.ts",
        "http-knows-no-infrastructure: functions/http/uses-adapter.ts → functions/adapters/ok.ts",
        "http-knows-no-infrastructure: functions/http/uses-sdk.ts → @aws-sdk/client-sqs",
        "imports-resolve: functions/http/uses-sdk.ts → @aws-sdk/client-sqs",
        "wiring-below-the-entries: functions/wiring/uses-lambda.ts → functions/lambda/ok.ts",
        "local-runtime-not-in-production: functions/wiring/uses-local.ts → functions/local/ok.ts",
        "wiring-below-the-entries: functions/wiring/uses-local.ts → functions/local/ok.ts",
        "lambda-entries-only-wire: functions/lambda/uses-http.ts → functions/http/ok.ts",
        "config-is-a-leaf: functions/config/uses-core.ts → functions/core/ok.ts",
      ].sort(),
    );
    // Every rule in the config was shown to fail.
    expect(new Set(violations.map((v) => v.split(":")[0]))).toEqual(
      new Set(config.forbidden?.map((rule) => rule.name)),
    );
  });

  it("keeps Lambda entry points thin", () => {
    for (const file of sourceFiles("functions/lambda")) {
      const lines = readFileSync(join(root, file), "utf8").trim().split("\n").length;
      expect(lines, file).toBeLessThanOrEqual(8);
    }
  });
});
