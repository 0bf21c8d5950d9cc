import { describe, expect, it } from "vitest";
import { demoModernGovChrome } from "../../functions/local/demo-moderngov-chrome.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoClerks, demoPostcodes } from "../helpers/demo-data.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";

// The case, end to end: a council template whose footer is a <div> carrying the district's
// democratic services address, with the web service switched off so the pages are all there is.
// The parish with no contact must go to the district, saying why; the others still reach their clerk.

/** The address every page of Exampleshire Vale's Modern.Gov site carries in its footer. */
const CHROME_EMAIL = demoModernGovChrome()["exampleshire-vale"]?.email;

let stack: LocalStack;
useLocalStack(
  { queue: { visibilityTimeoutMs: 200 }, moderngov: { template: "footer-div", off: ["get", "soap"] } },
  (started) => {
    stack = started;
  },
);

const LITTLE_WENDLE = "E04999005";
const postcodeIn = (code: string) => {
  const found = demoPostcodes().find((p) => p.expected === code);
  if (!found) throw new Error(`no demo postcode in ${code}`);
  return found.postcode;
};

async function reportAt(postcode: string) {
  const response = await postReport(
    stack.urls.api,
    aReport({ location: { postcode }, description: "Speeding." }),
  );
  expect(response.status).toBe(201);
  const { reference } = (await response.json()) as { reference: string };
  await queueDrained(stack);
  return { reference, stored: await stack.app.caseStore.get(reference) };
}

describe("the clerk directory on the local stack, footer as a <div>, web service off", () => {
  it("sends a report for a parish whose only address is page chrome to the district, and says why", async () => {
    const { reference, stored } = await reportAt(postcodeIn(LITTLE_WENDLE));
    expect(stored?.recipient).toBe(stack.config.DISTRICT_EMAIL);
    expect(stored?.recipient).not.toBe(CHROME_EMAIL);
    const timeline = await stack.app.caseStore.timeline(reference);
    const rerouted = JSON.stringify(timeline.filter((e) => e.type === "rerouted" || e.type === "sent"));
    expect(rerouted).toContain("Little Wendle");
    expect(rerouted).toContain(CHROME_EMAIL);
    const [email] = await emailsAbout(stack.urls.ses, reference);
    expect(email?.destination.to).toEqual([stack.config.DISTRICT_EMAIL]);
  });

  it("still finds a parish's own clerk on the same template, from the parish pages", async () => {
    const ashcombe = demoClerks().parishCouncils.find((c) => c.title.startsWith("Ashcombe"));
    const { reference, stored } = await reportAt(postcodeIn("E04999001"));
    expect(stored?.recipient).toBe(ashcombe?.clerk?.email);
    const sent = (await stack.app.caseStore.timeline(reference)).find((e) => e.type === "sent");
    expect(String(sent?.data?.contactSource)).toMatch(/mgParishCouncilDetails(List)?\.aspx/);
  });
});
