/**
 * The layers, enforced on resolved imports: core ← ports ← adapters / http ← wiring ← lambda / local.
 * `npm run lint:layers` checks the tree; test/architecture.test.ts proves each rule can fail.
 * There is deliberately no exceptions list: fix the import, not this file.
 * @type {import("dependency-cruiser").IConfiguration}
 */
export default {
  forbidden: [
    {
      name: "core-is-pure",
      comment:
        "The domain core imports only itself and pure packages: no node: builtins, AWS, HTTP or adapters.",
      severity: "error",
      from: { path: "^functions/core/" },
      to: {
        pathNot: [
          "^functions/core/",
          "^node_modules/(zod|@turf/[^/]+|flatbush|@types/geojson)/",
          // Type-only packages resolve to their declaration files, so check them by name too.
          "^geojson$",
        ],
      },
    },
    {
      name: "adapters-below-the-edge",
      comment:
        "Adapters implement core ports with config; they never reach the HTTP edge, wiring or runtimes.",
      severity: "error",
      from: { path: "^functions/adapters/" },
      to: { path: "^functions/(http|wiring|lambda|local)/" },
    },
    {
      name: "http-knows-no-infrastructure",
      comment:
        "The HTTP edge talks to the core and its ports; adapters and SDK clients are the wiring's job.",
      severity: "error",
      from: { path: "^functions/http/" },
      to: { path: ["^functions/(adapters|wiring|lambda|local)/", "^(node_modules/)?@aws-sdk/"] },
    },
    {
      name: "wiring-below-the-entries",
      comment:
        "The composition root builds everything but is itself built on by the Lambda entries and local runtime.",
      severity: "error",
      from: { path: "^functions/wiring/" },
      to: { path: "^functions/(lambda|local)/" },
    },
    {
      name: "lambda-entries-only-wire",
      comment: "A Lambda entry reads its config and asks the wiring for its handler, nothing more.",
      severity: "error",
      from: { path: "^functions/lambda/" },
      to: { pathNot: "^functions/(wiring|config)/" },
    },
    {
      name: "local-runtime-not-in-production",
      comment: "The local runtime, its emulators and the command-line tools are never bundled into a Lambda.",
      severity: "error",
      from: { path: "^functions/", pathNot: "^functions/(local|cli)/" },
      to: { path: "^functions/(local|cli)/" },
    },
    {
      name: "config-is-a-leaf",
      comment: "Settings depend on nothing else in the functions.",
      severity: "error",
      from: { path: "^functions/config/" },
      to: { path: "^functions/(?!config/)" },
    },
    {
      name: "functions-not-tools",
      comment: "The geodata CLI and the CDK app are build-time tools, never part of a function.",
      severity: "error",
      from: { path: "^functions/" },
      to: { path: "^(geodata|infra)/" },
    },
    {
      name: "imports-resolve",
      comment: "An import the tool cannot resolve is one no rule can check (e.g. a mistyped #alias).",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Browser code, served as is: its imports are URLs.
    exclude: { path: "^functions/http/web/static/" },
    doNotFollow: { path: "^node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
