import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { buildOnceThenCopy } from "./build-once.js";

export const repositoryRoot = join(import.meta.dirname, "../..");

/** The command that compiles our Sass into `dir`/signpost.css. */
const stylesheetInto = (inputDir: string) => (dir: string) =>
  `cd "${inputDir}" && npx tsx functions/cli/build-css.ts --out "${dir}/signpost.css"`;

export interface SignpostFunctionProps {
  /** File under functions/lambda/, e.g. "intake.ts". */
  entry: string;
  description: string;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  timeout?: Duration;
  /**
   * The councils file written at synth (infra/config.ts councilsFileText), shipped beside the
   * bundle as ./councils.json and named by COUNCILS_FILE.
   */
  councilsFile?: string;
  /** Repository-relative geodata folder to ship beside the bundle as ./geodata. */
  geodataDir?: string;
  /**
   * Ship the form's views, static files and compiled stylesheet (./web) and what is used of
   * govuk-frontend's dist (./govuk-frontend).
   */
  webAssets?: boolean;
  /**
   * Ship the staff case log's views (./case-log/views), a copy of the stylesheet to hash
   * (./case-log/signpost.css) and govuk-frontend's templates (./govuk-frontend).
   */
  caseLogAssets?: boolean;
}

/**
 * A Signpost Lambda with the house defaults: Node 24 on arm64, an ESM bundle built by the local
 * esbuild (no Docker), its own log group with retention, and a role that can write only to that log
 * group (no AWS managed policies).
 *
 * Cold start: the bundle holds only what the function's wiring imports (esbuild's metafile,
 * index.meta.json beside it, is what test/infra/bundle-contents.test.ts reads), and Node runs it
 * without `--enable-source-maps`, which parsed the whole map at every cold start (about 100 ms) to
 * improve stack traces nobody reads until something fails. The map stays an artefact instead:
 * index.mjs.map beside the bundle (in the asset, under cdk.out/asset.<hash>) turns a logged
 * minified position back into file and line.
 */
export class SignpostFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: SignpostFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal("lambda.amazonaws.com") });
    const geodataDir = props.geodataDir;
    super(scope, id, {
      entry: join(repositoryRoot, "functions/lambda", props.entry),
      handler: "handler",
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      tracing: Tracing.ACTIVE,
      projectRoot: repositoryRoot,
      depsLockFilePath: join(repositoryRoot, "package-lock.json"),
      environment: {
        POWERTOOLS_SERVICE_NAME: "signpost",
        POWERTOOLS_LOG_LEVEL: "INFO",
        POWERTOOLS_METRICS_NAMESPACE: "Signpost",
        ...(geodataDir ? { GEODATA_DIR: "/var/task/geodata" } : {}),
        ...(props.councilsFile ? { COUNCILS_FILE: "/var/task/councils.json" } : {}),
        ...(props.webAssets
          ? { WEB_DIR: "/var/task/web", GOVUK_FRONTEND_DIR: "/var/task/govuk-frontend" }
          : {}),
        ...(props.caseLogAssets
          ? { CASE_LOG_DIR: "/var/task/case-log", GOVUK_FRONTEND_DIR: "/var/task/govuk-frontend" }
          : {}),
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: "node24",
        minify: true,
        // An artefact for reading stack traces, not loaded at run time. Positions and names only:
        // the sources are in git at the deployed commit, and the map is a quarter of the size.
        sourceMap: true,
        sourcesContent: false,
        metafile: true,
        mainFields: ["module", "main"],
        // The SDK is bundled at the locked version, not taken from the runtime.
        externalModules: [],
        banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            ...(props.councilsFile ? [`cp "${props.councilsFile}" "${outputDir}/councils.json"`] : []),
            ...(geodataDir
              ? [
                  // Only the compact index files: they load in milliseconds at cold start.
                  `mkdir -p "${outputDir}/geodata"`,
                  ...buildOnceThenCopy(
                    `geodata-${geodataDir}`,
                    (dir) =>
                      `cd "${inputDir}" && npx tsx geodata/cli.ts build "${geodataDir}" --out "${dir}"`,
                    `${outputDir}/geodata`,
                  ),
                ]
              : []),
            ...(props.webAssets
              ? [
                  `mkdir -p "${outputDir}/web" "${outputDir}/govuk-frontend"`,
                  `cp -R "${inputDir}/functions/http/web/views" "${inputDir}/functions/http/web/static" "${outputDir}/web/"`,
                  // The stylesheet, compiled afresh from our Sass into the asset (Arial, no font files).
                  ...buildOnceThenCopy("stylesheet", stylesheetInto(inputDir), `${outputDir}/web/static`),
                  // Only what is rendered or served: templates and the script. Not govuk-frontend's
                  // precompiled CSS, its fonts (GDS Transport is for GOV.UK only), nor its images and
                  // manifest (the crown; the pages use our own favicon).
                  `cd "${inputDir}/node_modules/govuk-frontend/dist" && find govuk -type f \\( -name "*.njk" -o -name "govuk-frontend.min.js" \\) -exec cp --parents {} "${outputDir}/govuk-frontend/" \\;`,
                ]
              : []),
            ...(props.caseLogAssets
              ? [
                  `mkdir -p "${outputDir}/case-log" "${outputDir}/govuk-frontend"`,
                  `cp -R "${inputDir}/functions/http/case-log/views" "${outputDir}/case-log/"`,
                  // Only the templates: the case log links to the stylesheet and assets the form serves.
                  `cd "${inputDir}/node_modules/govuk-frontend/dist" && find govuk -type f -name "*.njk" -exec cp --parents {} "${outputDir}/govuk-frontend/" \\;`,
                  // The stylesheet the form serves, compiled the same way, only so the case log can
                  // link it by the same content hash (/assets/signpost.css?v=...).
                  ...buildOnceThenCopy("stylesheet", stylesheetInto(inputDir), `${outputDir}/case-log`),
                ]
              : []),
          ],
        },
      },
    });
    logGroup.grantWrite(role);
  }
}
