import { readFileSync } from "node:fs";
import { join } from "node:path";
import { globSync } from "tinyglobby";

export type Tier = "unit" | "integration" | "browser" | "infra";

// Which test file runs in which tier, by path. The first rule that matches wins, and anything no
// rule names is integration, so a new file always runs somewhere.
const RULES: Array<[Tier, string[]]> = [
  // Emulator users inside otherwise-unit folders: dynalite-backed stores and every contract suite.
  [
    "integration",
    [
      "test/adapters/dynamodb/**/*.test.ts",
      "test/**/*contract*.test.ts",
      // HTTP only (FormSession over fetch) against the local stack: no browser.
      "test/web/form-fuzz.test.ts",
      "test/web/web-security.test.ts",
    ],
  ],
  // Chromium + axe.
  ["browser", ["test/web/**/*.test.ts", "test/**/*-browser.test.ts"]],
  // CDK synth, cdk-nag, bundling.
  ["infra", ["test/infra/**/*.test.ts"]],
  // No network, no emulator, no browser, no child process: plain functions and fakes in memory.
  [
    "unit",
    [
      "test/*.test.ts",
      "test/config/**/*.test.ts",
      "test/core/**/*.test.ts",
      "test/http/**/*.test.ts",
      "test/geodata/**/*.test.ts",
      "test/adapters/{ses,geodata,moderngov,cognito,links}/**/*.test.ts",
      "test/case-log/svg-map.test.ts",
      "test/cli/parish-body-names.test.ts",
    ],
  ],
  // The rest: the local stack, dynalite, the SES emulator, `npm start`.
  ["integration", ["test/**/*.test.ts"]],
];

// A unit-tier file that imports one of these starts a server, an emulator, a browser or a process
// after all (even a loopback one), so it runs with the integration tier instead; this keeps
// `test:unit` free of sockets when a new file lands in a unit folder.
const HEAVY_IMPORT =
  /from\s+["'][^"']*(dynalite|local-stack|aws-ses-v2-local|playwright|start-dynalite|identity-provider|local-sqs|moderngov-server|fault-proxy|node:http|node:net|node:child_process)[^"']*["']/;

/** Every test file under test/, sorted into tiers. Paths are relative to the repository root. */
export function testTiers(root = join(import.meta.dirname, "../..")): Record<Tier, string[]> {
  const tiers: Record<Tier, string[]> = { unit: [], integration: [], browser: [], infra: [] };
  const placed = new Set<string>();
  for (const [tier, patterns] of RULES) {
    for (const file of globSync(patterns, { cwd: root }).sort()) {
      if (placed.has(file)) continue;
      placed.add(file);
      const heavy = tier === "unit" && HEAVY_IMPORT.test(readFileSync(join(root, file), "utf8"));
      tiers[heavy ? "integration" : tier].push(file);
    }
  }
  return tiers;
}
