import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readClerkDirectoryFile } from "../../functions/local/clerk-directory-file.js";
import { startModernGovServer } from "../../functions/local/moderngov-server.js";
import { startDynalite } from "../../functions/local/start-dynalite.js";
import { startSesEmulator } from "../../functions/local/start-ses-emulator.js";
import { aReport } from "../helpers/builders.js";
import { bundledCloudAssembly, SYNTH_TIMEOUT_MS } from "./bundled-synth.js";
import { demoConfig } from "./synth.js";

const root = join(import.meta.dirname, "../..");

// Lambda gets this from Secrets Manager (a dynamic reference in the template); the bundles run here
// with a stand-in, as the local stack makes one.
process.env.CLIENT_HASH_SECRET = "bundle-test-client-hash-secret-0123456789";

let intakeBundle = "";
let webBundle = "";
let open311Bundle = "";
let caseLogBundle = "";
let requeueBundle = "";
let directoryRefreshBundle = "";
/** The table the intake, web and Open311 bundles count clients' reports in (every report is counted). */
let clientCounts: Awaited<ReturnType<typeof startDynalite>> | undefined;
afterAll(() => clientCounts?.close());

describe("npx cdk synth", () => {
  it(
    "synthesises every stack offline, with no AWS credentials, bundling the functions locally (the run's shared synth)",
    async () => {
      const out = await bundledCloudAssembly();
      for (const stack of ["Signpost-demo-Data", "Signpost-demo-Messaging", "Signpost-demo-App"]) {
        expect(existsSync(join(out, `${stack}.template.json`)), stack).toBe(true);
      }
      const assets = readdirSync(out).filter((f) => f.startsWith("asset."));
      const withGeodata = assets.filter((a) => existsSync(join(out, a, "geodata", "boundaries.idx")));
      const withWeb = assets.filter((a) => existsSync(join(out, a, "web", "views", "layout.njk")));
      const withCaseLog = assets.filter((a) => existsSync(join(out, a, "case-log", "views", "cases.njk")));
      // Intake, web, Open311, the case log and the weekly directory refresh (its parishes) read the
      // geodata (as compact index files only), dispatch and the digest its bodies file; web renders
      // the resident pages, the case log the staff pages.
      expect(withGeodata).toHaveLength(7);
      expect(withWeb).toHaveLength(1);
      expect(withCaseLog).toHaveLength(1);
      expect(withGeodata).toContain(withCaseLog[0]);
      expect(withWeb).not.toContain(withCaseLog[0]);
      for (const asset of withGeodata) {
        expect(existsSync(join(out, asset, "geodata", "postcodes.idx"))).toBe(true);
        expect(existsSync(join(out, asset, "geodata", "parishes.geojson"))).toBe(false);
      }
      const web = join(out, withWeb[0] as string);
      expect(existsSync(join(web, "govuk-frontend", "govuk", "template.njk"))).toBe(true);
      expect(existsSync(join(web, "govuk-frontend", "govuk", "govuk-frontend.min.js"))).toBe(true);
      // Not govuk-frontend's images and manifest: the crown is GOV.UK's; the pages use our favicon.
      expect(existsSync(join(web, "govuk-frontend", "govuk", "assets"))).toBe(false);
      expect(existsSync(join(web, "web", "static", "favicon.svg"))).toBe(true);
      // Our stylesheet, compiled from Sass into the asset: Arial, no @font-face, no font file.
      const stylesheet = readFileSync(join(web, "web", "static", "signpost.css"), "utf8");
      expect(stylesheet).toContain("font-family:arial,sans-serif");
      expect(stylesheet).not.toMatch(/GDS Transport|@font-face|\.woff/i);
      // GDS Transport is for GOV.UK only: neither its font files nor the precompiled CSS that asks
      // for them are shipped. Sass sources and source maps of govuk-frontend stay behind too.
      expect(existsSync(join(web, "govuk-frontend", "govuk", "assets", "fonts"))).toBe(false);
      expect(existsSync(join(web, "govuk-frontend", "govuk", "govuk-frontend.min.css"))).toBe(false);
      expect(existsSync(join(web, "govuk-frontend", "govuk", "_base.scss"))).toBe(false);
      webBundle = web;
      const caseLog = join(out, withCaseLog[0] as string);
      expect(existsSync(join(caseLog, "case-log", "views", "sign-in.njk"))).toBe(true);
      expect(existsSync(join(caseLog, "govuk-frontend", "govuk", "template.njk"))).toBe(true);
      expect(existsSync(join(caseLog, "govuk-frontend", "govuk", "components", "button", "macro.njk"))).toBe(
        true,
      );
      // Templates only: the stylesheet and assets are served by the web function under /assets/.
      expect(existsSync(join(caseLog, "govuk-frontend", "govuk", "govuk-frontend.min.css"))).toBe(false);
      expect(existsSync(join(caseLog, "govuk-frontend", "govuk", "assets", "fonts"))).toBe(false);
      expect(existsSync(join(caseLog, "govuk-frontend", "govuk", "_base.scss"))).toBe(false);
      // A copy of the stylesheet only to hash: the same bytes as the web function serves.
      expect(readFileSync(join(caseLog, "case-log", "signpost.css"), "utf8")).toBe(stylesheet);
      caseLogBundle = caseLog;
      const bundles = assets.filter((a) => existsSync(join(out, a, "index.mjs")));
      // One per function: intake, web, Open311, dispatch, delivery events, health, case log, requeue,
      // digest, directory refresh.
      expect(bundles).toHaveLength(10);
      for (const asset of bundles) {
        expect(existsSync(join(out, asset, "index.mjs.map"))).toBe(true);
      }
      const requeue = bundles.filter((a) =>
        readFileSync(join(out, a, "index.mjs"), "utf8").includes("Queued cases again"),
      );
      expect(requeue).toHaveLength(1);
      requeueBundle = join(out, requeue[0] as string);
      // The safety net only reads and writes cases: no geodata, no views.
      expect(withGeodata).not.toContain(requeue[0]);
      expect(readdirSync(requeueBundle).sort()).toEqual([
        "councils.json",
        "index.meta.json",
        "index.mjs",
        "index.mjs.map",
      ]);
      const isOpen311 = (a: string) =>
        readFileSync(join(out, a, "index.mjs"), "utf8").includes("/open311/v2/");
      const directoryRefresh = bundles.filter((a) =>
        readFileSync(join(out, a, "index.mjs"), "utf8").includes("Clerk directory refresh"),
      );
      expect(directoryRefresh).toHaveLength(1);
      expect(withGeodata).toContain(directoryRefresh[0]);
      directoryRefreshBundle = join(out, directoryRefresh[0] as string);
      const api = withGeodata.filter(
        (a) => !withWeb.includes(a) && !withCaseLog.includes(a) && !directoryRefresh.includes(a),
      );
      // Dispatch and the digest carry the geodata for its bodies file; intake is the one taking reports.
      const takesReports = (a: string) =>
        readFileSync(join(out, a, "index.mjs"), "utf8").includes("/api/reports");
      intakeBundle = join(out, api.find((a) => !isOpen311(a) && takesReports(a)) as string);
      open311Bundle = join(out, api.find((a) => isOpen311(a)) as string);
    },
    SYNTH_TIMEOUT_MS,
  );

  it("produces an intake bundle that loads its shipped geodata and answers as the source does", async () => {
    // Run the deployable artefact itself: ESM output, the require banner, JSON imports and the
    // geodata path must all work outside the repository.
    clientCounts = await startDynalite({ tableName: "bundle-client-counts" });
    Object.assign(process.env, {
      TABLE_NAME: "bundle-client-counts",
      DYNAMODB_ENDPOINT: clientCounts.url,
      DISPATCH_QUEUE_URL: "https://sqs.eu-west-2.amazonaws.com/000000000000/unused",
      SENDER_EMAIL: "signpost@exampleshire-vale.example.org",
      DISTRICT_EMAIL: "highways@exampleshire-vale.example.org",
      DISTRICT_COUNCIL_NAME: "Exampleshire Vale District Council",
      DISTRICT_CODE: "E07999999",
      DISTRICT_NAME: "Exampleshire Vale",
      MODERNGOV_BASE_URL: "https://democracy.exampleshire-vale.example.org",
      GEODATA_DIR: join(intakeBundle, "geodata"),
    });
    const { handler } = (await import(pathToFileURL(join(intakeBundle, "index.mjs")).href)) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    const invoke = (body: unknown) =>
      handler(
        {
          rawPath: "/api/reports",
          requestContext: { http: { method: "POST", path: "/api/reports", sourceIp: "192.0.2.1" } },
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          isBase64Encoded: false,
        },
        { functionName: "intake", awsRequestId: "test", getRemainingTimeInMillis: () => 10_000 },
      );
    const report = aReport({ location: { lat: 54.2, lng: 2.3 }, description: "x" });
    expect((await invoke({ ...report, answers: { danger: "yes" } })).statusCode).toBe(200);
    expect((await invoke({ ...report, description: 7 })).statusCode).toBe(400);
    const outside = await invoke(report);
    expect(outside.statusCode).toBe(422);
    expect(JSON.parse(outside.body).detail).toContain("Exampleshire Vale");
  });

  it("produces a web bundle that renders GOV.UK pages and serves assets with no node_modules", async () => {
    Object.assign(process.env, {
      GEODATA_DIR: join(webBundle, "geodata"),
      PUBLIC_INFO: JSON.stringify(demoConfig.publicInfo),
      WEB_DIR: join(webBundle, "web"),
      GOVUK_FRONTEND_DIR: join(webBundle, "govuk-frontend"),
    });
    const { handler } = (await import(pathToFileURL(join(webBundle, "index.mjs")).href)) as {
      handler: (
        event: unknown,
        context: unknown,
      ) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;
    };
    const get = (path: string) =>
      handler(
        {
          rawPath: path,
          rawQueryString: "",
          headers: {},
          requestContext: { http: { method: "GET", path, sourceIp: "192.0.2.1" } },
          isBase64Encoded: false,
        },
        { functionName: "web", awsRequestId: "test", getRemainingTimeInMillis: () => 10_000 },
      );
    const home = await get("/");
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain("Report speeding traffic");
    expect(home.body).toContain('class="govuk-template__body');
    const href = /<link rel="stylesheet" href="(\/assets\/signpost\.css\?v=[0-9a-f]{10})">/.exec(
      home.body,
    )?.[1];
    expect(href).toBeDefined();
    const css = await get("/assets/signpost.css");
    expect(css.statusCode).toBe(200);
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
    const version = createHash("sha256").update(Buffer.from(css.body, "base64")).digest("hex").slice(0, 10);
    expect(href).toBe(`/assets/signpost.css?v=${version}`);
    expect((await get("/assets/app.mjs")).statusCode).toBe(200);
    expect((await get("/assets/govuk-frontend.min.js")).statusCode).toBe(200);
    expect((await get("/assets/favicon.svg")).statusCode).toBe(200);
    expect((await get("/assets/images/favicon.ico")).statusCode).toBe(404);
    expect((await get("/assets/manifest.json")).statusCode).toBe(404);
    expect((await get("/assets/fonts/light-94a07e06a1-v2.woff2")).statusCode).toBe(404);
    expect((await get("/assets/govuk-frontend.min.css")).statusCode).toBe(404);
  });

  it("produces an Open311 bundle that serves services and checks the hashed api_key", async () => {
    Object.assign(process.env, {
      GEODATA_DIR: join(open311Bundle, "geodata"),
      OPEN311_API_KEY_SHA256: createHash("sha256").update("bundle-test-key").digest("hex"),
    });
    const { handler } = (await import(pathToFileURL(join(open311Bundle, "index.mjs")).href)) as {
      handler: (
        event: unknown,
        context: unknown,
      ) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;
    };
    const invoke = (method: string, path: string, body?: string) =>
      handler(
        {
          rawPath: path,
          rawQueryString: "",
          headers: { host: "api.example", "content-type": "application/x-www-form-urlencoded" },
          requestContext: { domainName: "api.example", http: { method, path, sourceIp: "203.0.113.7" } },
          ...(body ? { body } : {}),
          isBase64Encoded: false,
        },
        { functionName: "open311", awsRequestId: "test", getRemainingTimeInMillis: () => 10_000 },
      );
    const services = await invoke("GET", "/open311/v2/services.xml");
    expect(services.statusCode).toBe(200);
    expect(services.headers["content-type"]).toBe("text/xml; charset=utf-8");
    expect(services.body).toContain("<service_code>speeding</service_code>");
    const refused = await invoke("POST", "/open311/v2/requests.json", "api_key=wrong&service_code=speeding");
    expect(refused.statusCode).toBe(403);
    const outside = await invoke(
      "POST",
      "/open311/v2/requests.json",
      "api_key=bundle-test-key&service_code=speeding&lat=54.2&long=2.3&description=x" +
        "&attribute[danger]=no&attribute[road-type]=residential&attribute[outcome]=speedwatch",
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.body).toContain("Exampleshire Vale");
  });

  it("produces a case log bundle that renders the staff sign-in page from its shipped views", async () => {
    // Loading the module contacts no AWS service: Cognito's keys are fetched on the first token.
    Object.assign(process.env, {
      AWS_REGION: "eu-west-2",
      STAFF_USER_POOL_ID: "eu-west-2_Test123",
      STAFF_CLIENT_ID: "x",
      GEODATA_DIR: join(caseLogBundle, "geodata"),
      CASE_LOG_DIR: join(caseLogBundle, "case-log"),
      GOVUK_FRONTEND_DIR: join(caseLogBundle, "govuk-frontend"),
    });
    const { handler } = (await import(pathToFileURL(join(caseLogBundle, "index.mjs")).href)) as {
      handler: (
        event: unknown,
        context: unknown,
      ) => Promise<{ statusCode: number; body: string; headers: Record<string, string> }>;
    };
    const signIn = await handler(
      {
        rawPath: "/staff/sign-in",
        rawQueryString: "",
        headers: {},
        requestContext: { http: { method: "GET", path: "/staff/sign-in", sourceIp: "203.0.113.7" } },
        isBase64Encoded: false,
      },
      { functionName: "caseLog", awsRequestId: "test", getRemainingTimeInMillis: () => 10_000 },
    );
    expect(signIn.statusCode).toBe(200);
    expect(signIn.body).toContain("Sign in");
    expect(signIn.body).toContain('class="govuk-template__body');
  });

  it("produces a requeue bundle that queries the real table definition and finds nothing to requeue", async () => {
    const dynalite = await startDynalite({ tableName: "requeue-bundle" });
    const previous = { TABLE_NAME: process.env.TABLE_NAME, DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT };
    Object.assign(process.env, { TABLE_NAME: "requeue-bundle", DYNAMODB_ENDPOINT: dynalite.url });
    try {
      const { handler } = (await import(pathToFileURL(join(requeueBundle, "index.mjs")).href)) as {
        handler: (event: unknown, context: unknown) => Promise<{ requeued: number; givenUp: number }>;
      };
      const scheduled = { "detail-type": "Scheduled Event", source: "aws.events", detail: {} };
      expect(
        await handler(scheduled, {
          functionName: "requeue",
          awsRequestId: "test",
          getRemainingTimeInMillis: () => 60_000,
        }),
      ).toEqual({ requeued: 0, givenUp: 0 });
    } finally {
      for (const [name, value] of Object.entries(previous))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      await dynalite.close();
    }
  });

  it("produces a directory refresh bundle that asks about every shipped parish and emails the summary", async () => {
    const [dynalite, ses, moderngov] = await Promise.all([
      startDynalite({ tableName: "refresh-bundle" }),
      startSesEmulator(),
      readClerkDirectoryFile(join(root, "geodata/demo/clerks.json")).then((directory) =>
        startModernGovServer({ directory }),
      ),
    ]);
    const names = ["TABLE_NAME", "DYNAMODB_ENDPOINT", "SES_ENDPOINT", "MODERNGOV_BASE_URL", "GEODATA_DIR"];
    const previous = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    Object.assign(process.env, {
      TABLE_NAME: "refresh-bundle",
      DYNAMODB_ENDPOINT: dynalite.url,
      SES_ENDPOINT: ses.url,
      MODERNGOV_BASE_URL: moderngov.url,
      MODERNGOV_MIN_INTERVAL_MS: "10",
      GEODATA_DIR: join(directoryRefreshBundle, "geodata"),
    });
    try {
      const { handler } = (await import(pathToFileURL(join(directoryRefreshBundle, "index.mjs")).href)) as {
        handler: (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
      };
      const scheduled = { "detail-type": "Scheduled Event", source: "aws.events", detail: {} };
      expect(
        await handler(scheduled, {
          functionName: "directory-refresh",
          awsRequestId: "test",
          getRemainingTimeInMillis: () => 900_000,
        }),
      ).toMatchObject({ checked: 12, unreachable: 0, emailed: true });
      const store = (await (await fetch(`${ses.url}/store`)).json()) as {
        emails: Array<{ subject: string }>;
      };
      expect(store.emails.map((e) => e.subject)).toEqual([
        expect.stringMatching(/^Clerk directory: 12 parishes changed/),
      ]);
    } finally {
      delete process.env.MODERNGOV_MIN_INTERVAL_MS;
      for (const [name, value] of Object.entries(previous))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      await Promise.all([dynalite.close(), ses.close(), moderngov.close()]);
    }
  });
});
