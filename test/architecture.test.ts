import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// Ports and adapters, enforced: the core imports no AWS, HTTP or adapter code, and Lambda entry
// points stay one-liners over the wiring.

const root = join(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

function importsOf(file: string): string[] {
  const source = readFileSync(join(root, file), "utf8");
  return [...source.matchAll(/^\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']/gm)].map(
    (m) => m[1] as string,
  );
}

describe("Architecture", () => {
  it("keeps the domain core free of AWS, HTTP and adapters", () => {
    const allowed = [/^\.{1,2}\//, /^zod$/, /^@turf\//, /^flatbush$/, /^geojson$/, /^node:crypto$/];
    const offending = sourceFiles("functions/core").flatMap((file) =>
      importsOf(file)
        .filter((spec) => !allowed.some((pattern) => pattern.test(spec)) && !spec.startsWith("#core/"))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it("lets only the wiring and local runtime build adapters and SDK clients", () => {
    const offending = sourceFiles("functions")
      .filter((f) => !/^functions\/(wiring|local|adapters)\//.test(f))
      .flatMap((file) =>
        importsOf(file)
          .filter(
            (spec) =>
              spec.startsWith("@aws-sdk/") || spec.startsWith("#adapters/") || spec.includes("/adapters/"),
          )
          .filter(
            (spec) => !(file.startsWith("functions/http/") && spec === "#adapters/ses/ses-notification.js"),
          )
          .map((spec) => `${file} imports ${spec}`),
      );
    expect(offending).toEqual([]);
  });

  it("keeps Lambda entry points thin", () => {
    for (const file of sourceFiles("functions/lambda")) {
      const lines = readFileSync(join(root, file), "utf8").trim().split("\n").length;
      expect(lines, file).toBeLessThanOrEqual(8);
    }
  });
});
