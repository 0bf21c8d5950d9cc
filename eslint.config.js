import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import prettier from "eslint-config-prettier";
import importX from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Type-aware lint beside Prettier (which owns layout; eslint-config-prettier turns off rules that
 * would fight it). Layer rules are dependency-cruiser's (.dependency-cruiser.js), not ESLint's.
 */
export default defineConfig(
  { ignores: ["node_modules/", "cdk.out/", "coverage/", ".data/", "geodata/demo/", "test/fixtures/"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "import-x": importX },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Async fakes and adapters implement Promise-returning ports without awaiting anything.
      "@typescript-eslint/require-await": "off",
      // Coordinates in messages print fine; `${unknown}` and objects stay errors.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowArray: true }],
      // A leading underscore marks a deliberately unused name (e.g. keys dropped by destructuring).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // The order the code already follows: node: builtins, packages, #aliases, parents, siblings.
      "import-x/order": [
        "error",
        {
          groups: ["builtin", "external", "internal", "unknown", "parent", "sibling", "index"],
          pathGroups: [{ pattern: "#*/**", group: "internal" }],
          "newlines-between": "never",
          alphabetize: { order: "asc", caseInsensitive: true },
        },
      ],
    },
  },
  {
    files: ["functions/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          // A type-only import costs nothing at run time, so only value imports are caught.
          selector:
            "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
          message:
            'Use `import * as z from "zod"`: with the named `z` export esbuild keeps every zod locale, about 350 KB in each function bundle; the namespace import lets it drop them.',
        },
      ],
    },
  },
  {
    // Tests read JSON bodies and SDK output as `any` and assert on their shape.
    files: ["test/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
    },
  },
  { files: ["**/*.js", "**/*.mjs"], extends: [tseslint.configs.disableTypeChecked] },
  { files: ["functions/http/web/static/**"], languageOptions: { globals: globals.browser } },
  prettier,
);
