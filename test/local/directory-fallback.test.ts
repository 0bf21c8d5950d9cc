import { createServer } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";

// When Modern.Gov cannot be reached at all, a parish report still goes somewhere: the district.

let stack: LocalStack;
let closedPort: number;
beforeAll(async () => {
  // A port that was free a moment ago and now has nothing listening: connections are refused.
  closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
});
useLocalStack(
  () => ({
    env: { MODERNGOV_BASE_URL: `http://127.0.0.1:${closedPort}/moderngov`, MODERNGOV_TIMEOUT_MS: "500" },
  }),
  (started) => {
    stack = started;
  },
);

describe("Dispatch when Modern.Gov is unreachable", () => {
  it("sends the parish report to the district and records why", async () => {
    const inParish = demoPostcodes().find((p) => p.expected.startsWith("E04"));
    const response = await postReport(
      stack.urls.api,
      aReport({
        answers: { outcome: "speed-sign" },
        location: { postcode: inParish?.postcode },
        description: "Lorries speed through the village.",
      }),
    );
    const { reference, destination } = (await response.json()) as {
      reference: string;
      destination: { kind: string };
    };
    expect(response.status).toBe(201);
    expect(destination.kind).toBe("parish");

    await queueDrained(stack);
    const timeline = await stack.app.caseStore.timeline(reference);
    const rerouted = timeline.find((e) => e.type === "rerouted");
    expect(rerouted?.summary).toMatch(/could not be fetched/);
    const [email] = await emailsAbout(stack.urls.ses, reference);
    expect(email?.destination.to).toEqual([stack.config.DISTRICT_EMAIL]);
  });
});
