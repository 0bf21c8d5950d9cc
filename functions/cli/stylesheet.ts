import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { compile, NodePackageImporter } from "sass";

const web = join(import.meta.dirname, "../http/web");

/** Our Sass entry: govuk-frontend's styles with Arial instead of GDS Transport, then our own rules. */
export const stylesheetEntry = join(web, "styles", "signpost.scss");

/** Where the compiled stylesheet goes by default: beside app.mjs, so /assets/signpost.css serves it. */
export const stylesheetOutput = join(web, "static", "signpost.css");

/** Compiles the stylesheet, compressed. Sass errors name the file and line, and are thrown. */
export function compileStylesheet(): string {
  return compile(stylesheetEntry, { style: "compressed", importers: [new NodePackageImporter()] }).css;
}

/** Compiles and writes the stylesheet; a reader never sees half a file (write, then rename). */
export function buildStylesheet(out = stylesheetOutput): { bytes: number } {
  const css = compileStylesheet();
  mkdirSync(dirname(out), { recursive: true });
  const partial = `${out}.${process.pid}.tmp`;
  writeFileSync(partial, css);
  renameSync(partial, out);
  return { bytes: Buffer.byteLength(css) };
}

/**
 * Whether `out` was written after every input changed: our Sass files, this compiler, and the
 * installed govuk-frontend and sass (their package.json changes with their version).
 */
export function stylesheetIsCurrent(out = stylesheetOutput): boolean {
  let built: number;
  try {
    built = statSync(out).mtimeMs;
  } catch {
    return false;
  }
  const require = createRequire(import.meta.url);
  const inputs = [
    ...readdirSync(dirname(stylesheetEntry)).map((name) => join(dirname(stylesheetEntry), name)),
    import.meta.filename,
    require.resolve("govuk-frontend/package.json"),
    // sass exports no package.json; its entry file sits beside it.
    join(dirname(require.resolve("sass")), "package.json"),
  ];
  return inputs.every((file) => statSync(file).mtimeMs <= built);
}
