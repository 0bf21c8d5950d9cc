import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { TEST_FIRST_COUNCIL } from "../helpers/memory-case-store.js";
import { emailsAbout } from "../helpers/ses-store.js";

// `npm start` as a person runs it: start, read the printed URLs, report, stop, start again and find
// the case still there.

const root = join(import.meta.dirname, "../..");
const dataDir = mkdtempSync(join(tmpdir(), "signpost-start-"));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {
      // Already gone: the test stopped it.
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const START_DEADLINE_MS = 90_000;

type Urls = { api: string; ses: string; dynamodb: string; moderngov: string; sqs: string };

async function npmStart(): Promise<{ child: ChildProcess; urls: Urls }> {
  const child = spawn("npm", ["start", "--silent"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: "0",
      SES_PORT: "0",
      MODERNGOV_PORT: "0",
      IDENTITY_PORT: "0",
      SQS_PORT: "0",
      SECRETS_PORT: "0",
      DATA_DIR: dataDir,
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const urls = await new Promise<Urls>((resolve, reject) => {
    // A deadline only to report a hang with npm's output; a busy CI machine needs the room.
    const timer = setTimeout(
      () => reject(new Error(`npm start printed no URLs in ${START_DEADLINE_MS / 1000} s:\n${output}`)),
      START_DEADLINE_MS,
    );
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      if (!output.includes("Press Ctrl+C")) return;
      clearTimeout(timer);
      const find = (label: string) =>
        new RegExp(`${label}\\s+(http://127\\.0\\.0\\.1:\\d+)`).exec(output)?.[1] ?? "";
      resolve({
        api: find("API"),
        ses: find("Sent email"),
        dynamodb: find("DynamoDB"),
        moderngov: find("Modern.Gov"),
        sqs: find("SQS"),
      });
    });
    child.once("exit", (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { child, urls };
}

/** Ctrl+C reaches the whole foreground process group; do the same, then wait until the API is gone. */
async function stop(child: ChildProcess, apiUrl: string): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-(child.pid as number), "SIGINT");
  await exited;
  await expect
    .poll(
      () =>
        fetch(`${apiUrl}/health`).then(
          () => "up",
          () => "down",
        ),
      { timeout: 30_000 },
    )
    .toBe("down");
}

describe("npm start", () => {
  it("starts every local service, takes a report, and keeps it across a restart", async () => {
    const first = await npmStart();
    for (const url of Object.values(first.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${first.urls.ses}/`)).text()).toMatch(/<html/i);
    expect((await fetch(`${first.urls.moderngov}/mgWebService.asmx/GetParishCouncils`)).status).toBe(200);
    const queueUrl = await fetch(first.urls.sqs, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.GetQueueUrl" },
      body: JSON.stringify({ QueueName: "signpost-dispatch" }),
    });
    expect(await queueUrl.json()).toEqual({ QueueUrl: `${first.urls.sqs}/000000000000/signpost-dispatch` });

    const postcode = demoPostcodes().find((p) => p.expected === "unparished")?.postcode;
    const started = performance.now();
    const response = await postReport(
      first.urls.api,
      aReport({
        answers: { "road-type": "main-road", outcome: "road-layout" },
        location: { postcode },
        description: "Needs a lower limit.",
      }),
    );
    const { reference } = (await response.json()) as { reference: string };
    expect(response.status).toBe(201);
    await expect
      .poll(async () => (await emailsAbout(first.urls.ses, reference)).length, { timeout: 30_000 })
      .toBe(1);
    console.log(
      `one report through npm start, request to email in the SES emulator: ${Math.round(performance.now() - started)} ms`,
    );
    await stop(first.child, first.urls.api);

    const second = await npmStart();
    const store = new DynamoCaseStore({
      firstCouncil: TEST_FIRST_COUNCIL,
      tableName: "signpost-local",
      client: DynamoDBDocumentClient.from(
        new DynamoDBClient({
          endpoint: second.urls.dynamodb,
          region: "eu-west-2",
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }),
      ),
    });
    expect(await store.get(reference)).toMatchObject({ reference, delivery: "sent" });
    expect((await store.timeline(reference)).map((e) => e.type)).toEqual(["submitted", "queued", "sent"]);
    await stop(second.child, second.urls.api);
  }, 300_000);
});
