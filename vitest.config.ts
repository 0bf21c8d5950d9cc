import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // Handlers log through Powertools; keep test output to failures.
      POWERTOOLS_LOG_LEVEL: "ERROR",
    },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
