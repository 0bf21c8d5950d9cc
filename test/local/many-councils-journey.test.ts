import { describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import { demoOpen311Key } from "../../functions/config/open311-demo-key.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { FormSession } from "../helpers/browser.js";
import { aReport, postReport } from "../helpers/builders.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";

// Issue 20 end to end on the demo's three councils (npm start's): reports through the JSON API,
// Open311 and the form reach each role in each kind of area, and each case says why it went where
// it did, fallbacks included; every email goes from the case's own council.

let stack: LocalStack;
useLocalStack({ councils: "demo", queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
});

const COUNTY_HIGHWAYS = "highways@exampleshire.example.org";
const SAFER_ROADS = "enforcement@saferroads.exampleshire.example.org";

interface Area {
  kind: string;
  postcode: string;
  council: string;
  sender: string;
  mailbox: string;
}

const AREAS: Area[] = [
  {
    kind: "two-tier parish",
    postcode: "ZX21 6QJ",
    council: "harrowfield",
    sender: "signpost@harrowfield.example.org",
    mailbox: "reports@harrowfield.example.org",
  },
  {
    kind: "two-tier unparished",
    postcode: "ZX20 1PS",
    council: "harrowfield",
    sender: "signpost@harrowfield.example.org",
    mailbox: "reports@harrowfield.example.org",
  },
  {
    kind: "unitary parish",
    postcode: "ZX31 1AF",
    council: "saltmere",
    sender: "signpost@saltmere.example.org",
    mailbox: "reports@saltmere.example.org",
  },
  {
    kind: "unitary unparished",
    postcode: "ZX30 1AE",
    council: "saltmere",
    sender: "signpost@saltmere.example.org",
    mailbox: "reports@saltmere.example.org",
  },
];

/** Where each answer should go in each kind of area: destination kind, code, and the fallback's words. */
function expected(area: Area, outcome: "speedwatch" | "road-layout" | "enforcement") {
  const parished = area.kind.endsWith("parish");
  const unitary = area.kind.startsWith("unitary");
  if (outcome === "enforcement") return { kind: "body", code: "exampleshire-safer-roads", to: SAFER_ROADS };
  if (outcome === "road-layout") {
    return unitary
      ? { kind: "district", code: "E06999999", to: area.mailbox, fallback: /its own highway authority/ }
      : { kind: "body", code: "exampleshire-county-highways", to: COUNTY_HIGHWAYS };
  }
  if (parished) return { kind: "parish", code: area.council === "saltmere" ? "E04999201" : "E04999101" };
  return {
    kind: "district",
    code: unitary ? "E06999999" : "E07999998",
    to: area.mailbox,
    fallback: /not in a parish/,
  };
}

async function stored(reference: string): Promise<Case> {
  const report = await stack.app.caseStore.get(reference);
  if (!report) throw new Error(`no case ${reference}`);
  return report;
}

/** The case is with the right council and body, says why, and its email went from its council. */
async function checkCase(
  reference: string,
  area: Area,
  outcome: "speedwatch" | "road-layout" | "enforcement",
) {
  const want = expected(area, outcome);
  const report = await stored(reference);
  expect(report.council, reference).toBe(area.council);
  expect(report.destination, reference).toMatchObject({ kind: want.kind, code: want.code });
  if (want.fallback) {
    expect(report.routing.fallback, reference).toBeDefined();
    expect(report.routing.reason, reference).toMatch(want.fallback);
  } else {
    expect(report.routing.fallback, reference).toBeUndefined();
  }
  await queueDrained(stack);
  const emails = await emailsAbout(stack.urls.ses, reference);
  expect(emails.length, reference).toBeGreaterThan(0);
  for (const email of emails) expect(email.from, reference).toContain(area.sender);
  if (want.to)
    expect(
      emails.flatMap((e) => e.destination.to),
      reference,
    ).toContain(want.to);
}

const OUTCOMES = ["speedwatch", "road-layout", "enforcement"] as const;

describe("the JSON API reaches each role in each kind of area", () => {
  for (const area of AREAS) {
    for (const outcome of OUTCOMES) {
      it(`${area.kind}: ${outcome}`, async () => {
        const response = await postReport(
          stack.urls.api,
          aReport({ location: { postcode: area.postcode }, answers: { outcome } }),
        );
        const body = (await response.json()) as { reference: string };
        expect(response.status, JSON.stringify(body)).toBe(201);
        await checkCase(body.reference, area, outcome);
      });
    }
  }
});

describe("Open311 reaches each role in each kind of area, with each council's own key", () => {
  for (const area of AREAS) {
    for (const outcome of OUTCOMES) {
      it(`${area.kind}: ${outcome}`, async () => {
        const response = await fetch(`${stack.urls.api}/open311/v2/requests.json`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            api_key: demoOpen311Key(area.council),
            jurisdiction_id: `${area.council}.example.org`,
            service_code: "speeding",
            address_string: area.postcode,
            description: `Speeding near ${area.postcode} (${outcome})`,
            "attribute[danger]": "no",
            "attribute[road-type]": "residential",
            "attribute[outcome]": outcome,
          }).toString(),
        });
        const body = (await response.json()) as Array<{ service_request_id: string }>;
        expect(response.status, JSON.stringify(body)).toBe(201);
        await checkCase(body[0]?.service_request_id ?? "", area, outcome);
      });
    }
  }

  it("refuses a council's key for a report in another council's area", async () => {
    const response = await fetch(`${stack.urls.api}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        api_key: demoOpen311Key("harrowfield"),
        service_code: "speeding",
        address_string: "ZX31 1AF",
        description: "Speeding in Saltmere",
        "attribute[danger]": "no",
        "attribute[road-type]": "residential",
        "attribute[outcome]": "speedwatch",
      }).toString(),
    });
    expect(response.status).toBe(400);
  });
});

describe("the form reaches each role in each kind of area, and names who gets it", () => {
  for (const area of AREAS) {
    for (const outcome of OUTCOMES) {
      it(`${area.kind}: ${outcome}`, async () => {
        const session = await new FormSession(stack.urls.api).begin(
          "/speeding",
          "/speeding/questions/danger",
        );
        await session.walk([
          ["/speeding/questions/danger", { danger: "no" }],
          ["/speeding/questions/road-type", { "road-type": "residential" }],
          ["/speeding/questions/outcome", { outcome }],
          ["/speeding/location", { postcode: area.postcode }],
          ["/speeding/details", { description: `Speeding near ${area.postcode}` }],
          ["/speeding/contact", {}],
        ]);
        const check = await session.get("/speeding/check-answers");
        expect(check.status).toBe(200);
        const sent = await session.post("/speeding/check-answers", {});
        expect(sent.status).toBe(303);
        const confirmation = await session.get("/speeding/confirmation");
        const reference = /([A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(confirmation.body)?.[1] ?? "";
        expect(reference).not.toBe("");
        await checkCase(reference, area, outcome);
        const council = area.council === "saltmere" ? "Saltmere Council" : "Harrowfield District Council";
        expect(confirmation.body).toContain(council);
      });
    }
  }

  it("tells a resident on the shared site that a point outside every council is not covered", async () => {
    const session = await new FormSession(stack.urls.api).begin("/speeding", "/speeding/questions/danger");
    await session.walk([
      ["/speeding/questions/danger", { danger: "no" }],
      ["/speeding/questions/road-type", { "road-type": "residential" }],
      ["/speeding/questions/outcome", { outcome: "speedwatch" }],
    ]);
    const located = await session.post("/speeding/location", { postcode: "ZX40 3GZ" });
    expect(located.location).toMatch(/outside-area/);
    const page = await session.get(located.location ?? "");
    expect(page.body).toContain("This location is not in an area we cover");
  });
});
