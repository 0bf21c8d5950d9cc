import { relative } from "node:path";
import { parseArgs } from "node:util";
import { buildStylesheet, stylesheetOutput } from "./stylesheet.js";

/**
 * `npm run build:css [-- --out <file>]`: compiles functions/http/web/styles/signpost.scss into the
 * stylesheet every page links (/assets/signpost.css). `npm start` and `npm test` run it first; the
 * CDK bundling of the web function runs it with --out into the asset.
 */
const { values } = parseArgs({ options: { out: { type: "string" } } });
const out = values.out ?? stylesheetOutput;
try {
  const started = performance.now();
  const { bytes } = buildStylesheet(out);
  const ms = Math.round(performance.now() - started);
  console.log(`Built ${relative(process.cwd(), out)}: ${(bytes / 1024).toFixed(1)} KB in ${ms} ms`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
