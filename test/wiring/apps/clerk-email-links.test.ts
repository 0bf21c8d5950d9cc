import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { systemClock } from "#adapters/system/system-clock.js";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Case, Destination } from "#core/case/case.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import { services } from "#core/services/index.js";
import { createDispatchReport } from "#core/use-cases/dispatch-report.js";
import { logger } from "#http/logger.js";
import { reportMetricNames } from "#http/metric-names.js";
import { readConfig } from "../../../functions/config/env.js";
import { ensureLinkKeySecret } from "../../../functions/local/local-link-keys.js";
import {
  type LocalSecretsManager,
  startLocalSecretsManager,
} from "../../../functions/local/local-secrets-manager.js";
import {
  clerkEmailLinks,
  LINKS_UNSIGNED_LOG_MESSAGE,
} from "../../../functions/wiring/apps/clerk-email-links.js";
import { oneCouncilSending, testCouncil } from "../../helpers/councils.js";
import { directoryOf } from "../../helpers/fake-directory.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// The links as dispatch is wired with them, against the local Secrets Manager: a wrong secret id
// (or, in AWS, a missing grant) takes the one-click links out of the email, but the email still
// goes, and the failure is logged and counted for the ClerkLinksUnsigned alarm.

const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const PUBLIC_URL = "https://report.council.example/";
const MAILBOX = "team@district.example";

let secrets: LocalSecretsManager;
let secretName: string;
beforeAll(async () => {
  secrets = await startLocalSecretsManager();
  secretName = ensureLinkKeySecret(secrets.secrets).name;
});
afterAll(() => secrets.close());

let stdout: string[];
beforeEach(() => {
  stdout = [];
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
  vi.stubEnv("POWERTOOLS_METRICS_NAMESPACE", "SignpostTest");
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function aCase(): Case {
  return {
    reference: "SPD-AAAA-AAA4",
    service: "speeding",
    status: "new",
    delivery: "queued",
    createdAt: "2026-12-02T16:58:24.086Z",
    updatedAt: "2026-12-02T16:58:24.086Z",
    answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
    location: { lat: 51.5, lng: -0.8, roadName: "Mill Lane" },
    description: "Cars race past the school",
    reporter: { name: "Dave", email: "dave@example.net", shareWithParish: true, sharedWith: [ASHCOMBE.code] },
    destination: ASHCOMBE,
    routing: { ruleId: "r", requested: "parish", area: ASHCOMBE, reason: "in the parish" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
  };
}

async function dispatchWithSecret(secretId: string) {
  const config = readConfig({
    TABLE_NAME: "links",
    SENDER_EMAIL: "signpost@example.org",
    DISTRICT_EMAIL: MAILBOX,
    DISTRICT_COUNCIL_NAME: "Exampleshire Vale District Council",
    DISTRICT_CODE: "E07999999",
    DISTRICT_NAME: "Exampleshire Vale",
    MODERNGOV_BASE_URL: "http://127.0.0.1:1",
    CLERK_LINK_SECRET_ID: secretId,
    SECRETS_MANAGER_ENDPOINT: secrets.endpoint,
    PUBLIC_URL,
  });
  const caseStore = new MemoryCaseStore({ now: () => systemClock.now() });
  await caseStore.create(aCase(), []);
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = { send: async (email) => ({ messageId: `m-${sent.push(email)}` }) };
  const dispatch = createDispatchReport({
    ...clerkEmailLinks(config, { recorded: (client) => client, ids: systemIds, clock: systemClock }),
    services,
    caseStore,
    ...oneCouncilSending(
      directoryOf(() => ({
        councilName: "Ashcombe Parish Council",
        email: "clerk@ashcombe.example",
        source: "t",
        via: "web-service",
      })),
      testCouncil({ email: MAILBOX }),
    ),
    mailer,
    clock: systemClock,
  });
  const outcome = await dispatch("SPD-AAAA-AAA4");
  return { outcome, report: sent.find((e) => e.kind === "report") };
}

const emfCounts = (name: string) =>
  stdout.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      return typeof parsed[name] === "number" ? [parsed] : [];
    } catch {
      return [];
    }
  });

describe("dispatch's links, as wired", () => {
  it("are signed with the key ring the secret holds, and nothing is reported", async () => {
    const warn = vi.spyOn(logger, "warn");
    const { outcome, report } = await dispatchWithSecret(secretName);
    expect(outcome).toMatchObject({ outcome: "sent" });
    expect(report?.text).toContain(`${PUBLIC_URL}respond/`);
    expect(warn).not.toHaveBeenCalled();
    expect(emfCounts(reportMetricNames.linksUnsigned)).toEqual([]);
  });

  it("are left out when the secret cannot be read, and the email still goes, logged and counted", async () => {
    const warn = vi.spyOn(logger, "warn");
    const { outcome, report } = await dispatchWithSecret("no-such-secret");
    expect(outcome).toMatchObject({ outcome: "sent" });
    expect(report?.text).not.toContain("/respond/");
    expect(report?.replyTo).toEqual(["dave@example.net"]);

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(LINKS_UNSIGNED_LOG_MESSAGE, {
      error: expect.stringMatching(/^ResourceNotFoundException: /),
    });
    const [count, ...more] = emfCounts(reportMetricNames.linksUnsigned);
    expect(more).toEqual([]);
    expect(count).toMatchObject({ [reportMetricNames.linksUnsigned]: 1, service: "signpost" });
    expect(JSON.stringify(count?._aws)).toContain('"Dimensions":[["service"]]');
  });
});
