import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundlesIn, type FunctionBundle } from "../bench/cold-start/synth-bundles.js";
import { bundledCloudAssembly, SYNTH_TIMEOUT_MS } from "./bundled-synth.js";

// Each function's bundle holds only what its wiring imports: read from the esbuild metafile that
// the synth writes beside each bundle (index.meta.json), in the bundled synth this run shares with
// cdk-synth.test.ts.

interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}

/** The input files that put code into the bundle (esbuild also lists those it shook out entirely). */
function carried(meta: Metafile): string[] {
  const bundle = Object.entries(meta.outputs).find(([file]) => file.endsWith(".mjs"))?.[1];
  return Object.entries(bundle?.inputs ?? {}).flatMap(([input, { bytesInOutput }]) =>
    bytesInOutput > 0 ? [input] : [],
  );
}

/**
 * Every function with SDK clients carries the SDK's internals (@smithy/*, the @aws-sdk/* packages
 * that are not a client or lib) and their few dependencies: which ones is the SDK's business, so
 * they are not listed per function. The clients themselves are.
 */
const SDK_INTERNAL = /^(@smithy\/|@aws-crypto\/|@aws-sdk\/(?!client-|lib-))/;
const SDK_DEPENDENCIES = ["@aws/lambda-invoke-store", "bowser", "mnemonist", "obliterator"];

const LAMBDA = ["@aws-lambda-powertools/commons", "@aws-lambda-powertools/logger", "@middy/core", "zod"];
/** Powertools Metrics (EMF) for the functions that count reports, sends and failures. */
const METRICS = ["@aws-lambda-powertools/metrics"];
const DYNAMODB_SQS = ["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb", "@aws-sdk/client-sqs"];
const GEODATA = ["flatbush", "flatqueue"];
const NUNJUCKS = ["nunjucks", "a-sync-waterfall", "asap"];
/** fast-xml-parser's shared part; Open311 writes XML with its builder, dispatch reads SOAP with its parser. */
const XML = ["fast-xml-parser", "path-expression-matcher", "xml-naming"];
const XML_WRITER = [...XML, "fast-xml-builder"];
const XML_READER = [...XML, "@nodable/entities", "anynum", "is-unsafe", "strnum"];
/** The Modern.Gov parish pages' parser (the directory's look-up chain reads them). */
const HTML_READER = ["htmlparser2", "domhandler", "domutils", "domelementtype", "entities"];

/** The packages (other than the SDK's internals) each function may carry, by construct id. */
const MAY_CARRY: Record<string, string[]> = {
  Intake: [...LAMBDA, ...METRICS, ...DYNAMODB_SQS, ...GEODATA],
  // The form checks clerks' one-click links against the key ring in Secrets Manager.
  Web: [...LAMBDA, ...METRICS, ...DYNAMODB_SQS, ...GEODATA, ...NUNJUCKS, "@aws-sdk/client-secrets-manager"],
  // Open311 answers in XML as well as JSON.
  Open311: [...LAMBDA, ...METRICS, ...DYNAMODB_SQS, ...GEODATA, ...XML_WRITER],
  // Dispatch sends with SES and reads the clerks' Modern.Gov directory (SOAP, so XML); it signs
  // clerks' one-click links with the key ring from Secrets Manager.
  Dispatch: [
    ...LAMBDA,
    ...METRICS,
    ...DYNAMODB_SQS,
    "@aws-sdk/client-ses",
    "@aws-sdk/client-secrets-manager",
    "@aws-lambda-powertools/batch",
    ...XML_READER,
    ...HTML_READER,
  ],
  DeliveryEvents: [...LAMBDA, ...METRICS, ...DYNAMODB_SQS],
  // No adapters: the environment check and the response.
  Health: ["@middy/core", "zod"],
  // The clerk directory page's "refresh now" reads Modern.Gov as dispatch does (XML and HTML).
  CaseLog: [
    ...LAMBDA,
    ...DYNAMODB_SQS,
    ...GEODATA,
    ...NUNJUCKS,
    "@aws-sdk/client-cognito-identity-provider",
    "aws-jwt-verify",
    ...XML_READER,
    ...HTML_READER,
  ],
  Requeue: [...LAMBDA, ...METRICS, ...DYNAMODB_SQS],
  // The daily digest sends like dispatch (SES, the Modern.Gov directory, signed clerk links) but
  // queues nothing; it counts emails sent without their links.
  Digest: [
    ...LAMBDA,
    ...METRICS,
    "@aws-sdk/client-dynamodb",
    "@aws-sdk/lib-dynamodb",
    "@aws-sdk/client-ses",
    "@aws-sdk/client-secrets-manager",
    ...XML_READER,
    ...HTML_READER,
  ],
  // The weekly directory refresh reads the parishes from the boundary index, asks the Modern.Gov
  // directory like the digest, and emails the district team.
  DirectoryRefresh: [
    ...LAMBDA,
    "@aws-sdk/client-dynamodb",
    "@aws-sdk/lib-dynamodb",
    "@aws-sdk/client-ses",
    ...XML_READER,
    ...HTML_READER,
    ...GEODATA,
  ],
};

/** The package an esbuild input path belongs to (the innermost node_modules), or none for our code. */
function packageOf(input: string): string | undefined {
  return /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
}

function packagesIn(meta: Metafile): string[] {
  const packages = carried(meta).flatMap((input) => packageOf(input) ?? []);
  return [...new Set(packages)].filter((name) => !SDK_INTERNAL.test(name)).sort();
}

/** The packages a bundle carries that its function may not. */
function unexpected(name: string, meta: Metafile): string[] {
  const allowed = new Set([...(MAY_CARRY[name] ?? []), ...SDK_DEPENDENCIES]);
  return packagesIn(meta).filter((pkg) => !allowed.has(pkg));
}

let bundles: FunctionBundle[] = [];
const metafile = (name: string): Metafile => {
  const bundle = bundles.find((b) => b.name === name);
  if (!bundle) throw new Error(`no bundle for ${name}`);
  return JSON.parse(readFileSync(join(bundle.dir, "index.meta.json"), "utf8")) as Metafile;
};

beforeAll(async () => {
  bundles = bundlesIn(await bundledCloudAssembly(), "Signpost-demo-App.template.json");
}, SYNTH_TIMEOUT_MS);

describe("function bundles", () => {
  it("are one per function, each with its esbuild metafile and no source-map flag at run time", () => {
    expect(bundles.map((b) => b.name).sort()).toEqual(Object.keys(MAY_CARRY).sort());
    for (const bundle of bundles) {
      expect(carried(metafile(bundle.name)).length, bundle.name).toBeGreaterThan(0);
      // The flag parsed the whole map at every cold start; the map is an artefact beside the bundle.
      expect(bundle.env, bundle.name).not.toHaveProperty("NODE_OPTIONS");
      expect(readFileSync(join(bundle.dir, "index.mjs"), "utf8")).not.toContain("sourceMappingURL=data:");
    }
  });

  it("keep intake free of the renderers, Cognito, SES and the Modern.Gov directory", () => {
    const inputs = carried(metafile("Intake"));
    const packages = packagesIn(metafile("Intake"));
    for (const banned of [
      "nunjucks",
      "govuk-frontend",
      "@aws-sdk/client-cognito-identity-provider",
      "@aws-sdk/client-ses",
    ]) {
      expect(packages).not.toContain(banned);
    }
    const ours = inputs.filter((input) => packageOf(input) === undefined);
    expect(
      ours.filter((file) =>
        /functions\/(http\/(web|case-log)|adapters\/(ses|cognito|moderngov))\//.test(file),
      ),
    ).toEqual([]);
  });

  it.each(Object.keys(MAY_CARRY))("%s carries only the packages it may", (name) => {
    expect(unexpected(name, metafile(name))).toEqual([]);
    // Each listed package is really carried, so the list cannot go stale.
    expect(MAY_CARRY[name]?.filter((pkg) => !packagesIn(metafile(name)).includes(pkg))).toEqual([]);
  });

  it("carry zod without its locales (import * as z, which esbuild can tree-shake)", () => {
    for (const bundle of bundles) {
      const locales = carried(metafile(bundle.name)).filter((input) =>
        /node_modules\/zod\/.*\/locales\/(?!en\.js)/.test(input),
      );
      expect(locales, bundle.name).toEqual([]);
    }
  });

  it("would be caught carrying a package it may not", () => {
    const [file, output] = Object.entries(metafile("Intake").outputs).find(([f]) => f.endsWith(".mjs")) ?? [];
    if (!file || !output) throw new Error("no intake output in the metafile");
    const nunjucks = { "node_modules/nunjucks/index.js": { bytesInOutput: 1 } };
    const grown = { outputs: { [file]: { inputs: { ...output.inputs, ...nunjucks } } } };
    expect(unexpected("Intake", grown)).toEqual(["nunjucks"]);
  });
});
