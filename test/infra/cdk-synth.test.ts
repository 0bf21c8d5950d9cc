import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const out = mkdtempSync(join(tmpdir(), "signpost-synth-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

let intakeBundle = "";

describe("npx cdk synth", () => {
  it("synthesises every stack offline, with no AWS credentials, bundling the functions locally", async () => {
    const env = { ...process.env };
    for (const name of Object.keys(env))
      if (name.startsWith("AWS_") && name !== "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED")
        delete env[name];
    env.AWS_EC2_METADATA_DISABLED = "true";
    await run("npx", ["cdk", "synth", "-q", "--no-notices", "-o", out], { cwd: root, env, timeout: 120_000 });
    for (const stack of ["Signpost-demo-Data", "Signpost-demo-Messaging", "Signpost-demo-App"]) {
      expect(existsSync(join(out, `${stack}.template.json`)), stack).toBe(true);
    }
    const assets = readdirSync(out).filter((f) => f.startsWith("asset."));
    const withGeodata = assets.filter((a) => existsSync(join(out, a, "geodata", "parishes.geojson")));
    expect(withGeodata).toHaveLength(1);
    for (const asset of assets.filter((a) => existsSync(join(out, a, "index.mjs")))) {
      expect(existsSync(join(out, asset, "index.mjs.map"))).toBe(true);
    }
    intakeBundle = join(out, withGeodata[0] as string);
  }, 120_000);

  it("produces an intake bundle that loads its shipped geodata and answers as the source does", async () => {
    // Run the deployable artefact itself: ESM output, the require banner, JSON imports and the
    // geodata path must all work outside the repository.
    Object.assign(process.env, {
      TABLE_NAME: "unused-by-these-requests",
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
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          isBase64Encoded: false,
        },
        { functionName: "intake", awsRequestId: "test", getRemainingTimeInMillis: () => 10_000 },
      );
    const report = {
      service: "speeding",
      answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
      location: { lat: 54.2, lng: 2.3 },
      description: "x",
    };
    expect((await invoke({ ...report, answers: { danger: "yes" } })).statusCode).toBe(200);
    expect((await invoke({ ...report, description: 7 })).statusCode).toBe(400);
    const outside = await invoke(report);
    expect(outside.statusCode).toBe(422);
    expect(JSON.parse(outside.body).detail).toContain("Exampleshire Vale");
  });
});
