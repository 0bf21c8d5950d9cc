import { defineConfig } from "vitest/config";
import { testTiers } from "./test/helpers/tiers.js";

// Four tiers, one vitest project each (`npm run test:<tier>`, or `vitest run --project <tier>`).
// Which file goes where is decided in test/helpers/tiers.ts. The groups run one after another, so
// the browser files never compete with the emulator files for the two cores of a CI machine.
const tiers = testTiers();

// Sized for a shared, busy 2-core machine, not for a quiet laptop: a timeout here is a hang
// detector, not a performance assertion.
// expect.poll's own default (1 s) is a deadline a loaded machine misses while the stack is still
// answering correctly.
const SLOW = { testTimeout: 120_000, hookTimeout: 60_000, expect: { poll: { timeout: 30_000 } } };

export default defineConfig({
  test: {
    // The pages link /assets/signpost.css, compiled from Sass and not in git: build it on a clean
    // clone, or when a Sass file or govuk-frontend changed, before any file serves a page.
    globalSetup: ["./test/helpers/stylesheet-setup.ts"],
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // Handlers log through Powertools; keep test output to failures.
      POWERTOOLS_LOG_LEVEL: "ERROR",
      // EMF metric lines would go to stdout on every report; test/http/metrics.test.ts turns them on.
      POWERTOOLS_METRICS_DISABLED: "true",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: tiers.unit,
          sequence: { groupOrder: 0 },
          // Both cores (vitest would take one of two), and no fresh module graph per file: these
          // files mock nothing and touch no globals, and isolation costs more than the tests.
          maxWorkers: 2,
          isolate: false,
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: tiers.integration,
          sequence: { groupOrder: 1 },
          maxWorkers: 2,
          ...SLOW,
        },
      },
      {
        extends: true,
        // CDK synth and esbuild bundling: CPU-heavy but independent of the emulators.
        test: {
          name: "infra",
          include: tiers.infra,
          // A folder per run, for the one bundled synth the tier's files share.
          globalSetup: ["./test/infra/bundled-synth-setup.ts"],
          // Same group as integration, so the same worker count (vitest requires it).
          sequence: { groupOrder: 1 },
          maxWorkers: 2,
          ...SLOW,
          testTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: tiers.browser,
          sequence: { groupOrder: 2 },
          // Each file runs the local stack and a Chromium (which uses several processes of its
          // own): one file at a time is all two cores can take without every page slowing down.
          fileParallelism: false,
          ...SLOW,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
