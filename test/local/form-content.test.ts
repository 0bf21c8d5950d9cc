import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { FormSession } from "../helpers/browser.js";
import { useLocalStack } from "../helpers/local-stack.js";

// The form's words over plain HTTP against the local stack: postcodes from elsewhere, bodies named
// as the geodata's bodies.json names them (a parish meeting is never a council), and the council's
// contacts and statement settings from config.

let base: string;
useLocalStack({}, (stack: LocalStack) => {
  base = stack.urls.api;
});

const LITTLE_WENDLE = "ZX6 1GF"; // Little Wendle Parish Meeting in geodata/demo/bodies.json
const GREAT_WENDLE = "ZX4 2BW"; // Great Wendle Town Council

async function atLocation(outcome = "speedwatch"): Promise<FormSession> {
  const session = new FormSession(base);
  await session.begin("/speeding", "/speeding/questions/danger");
  return session.walk([
    ["/speeding/questions/danger", { danger: "no" }],
    ["/speeding/questions/road-type", { "road-type": "residential" }],
    ["/speeding/questions/outcome", { outcome }],
  ]);
}

const plain = (html: string) =>
  (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ");

describe("A postcode on the form", () => {
  it("from elsewhere in the UK gets the outside-the-area page, not 'could not find'", async () => {
    const session = await atLocation();
    const sent = await session.post("/speeding/location", { postcode: "sw1a 1aa" });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe("/speeding/outside-area?postcode=SW1A%201AA");
    const outside = await session.get(sent.location ?? "");
    expect(outside.status).toBe(200);
    expect(plain(outside.body)).toContain("You entered the postcode SW1A 1AA");
    expect(outside.body).toContain(
      '<a class="govuk-link" href="/speeding/location">Enter a different postcode</a>',
    );
    expect(plain(outside.body)).toContain(
      "SW1A 1AA is outside the area Exampleshire Vale District Council looks after, so we cannot send your report.",
    );
  });

  it("unknown in one of the district's sectors is not found, with a way to choose from that sector", async () => {
    const session = await atLocation();
    const unknown = await session.post("/speeding/location", { postcode: "ZX2 1ZZ" });
    expect(unknown.status).toBe(400);
    expect(plain(unknown.body)).toContain("We could not find ZX2 1ZZ. Check the postcode is correct");
    expect(unknown.body).toContain('href="/speeding/location/choose?q=ZX2%201"');
    const choose = await session.get("/speeding/location/choose?q=ZX2%201");
    expect(choose.status).toBe(200);
    expect(choose.body).toContain("ZX2 1FD");
  });
});

describe("The body a report goes to", () => {
  it("is named as a parish meeting, never a council, through to the confirmation", async () => {
    const session = await atLocation();
    await session.walk([
      ["/speeding/location", { postcode: LITTLE_WENDLE }],
      ["/speeding/details", { description: "Cars race past the green." }],
    ]);
    const contact = plain((await session.get("/speeding/contact")).body);
    expect(contact).toContain(
      "Your report will go to Little Wendle Parish Meeting. Exampleshire Vale District Council always keeps your details; the parish meeting only sees them if you agree.",
    );
    expect(contact).toContain("Share my contact details with Little Wendle Parish Meeting");
    await session.walk([["/speeding/contact", { name: "Sam", shareWithParish: "yes" }]]);
    const check = await session.get("/speeding/check-answers");
    expect(plain(check.body)).toContain("Share with the parish meeting");
    const sent = await session.post("/speeding/check-answers", {});
    expect(sent.location).toBe("/speeding/confirmation");
    const confirmation = plain((await session.get("/speeding/confirmation")).body);
    expect(confirmation).toContain(
      "We are sending your report to Little Wendle Parish Meeting, or to Exampleshire Vale District Council if the parish meeting cannot be reached.",
    );
    for (const page of [contact, plain(check.body), confirmation])
      expect(page).not.toMatch(/Little Wendle Parish Council|parish council/i);
  });

  it("is a town council where the data says so", async () => {
    const session = await atLocation("speed-sign");
    await session.walk([
      ["/speeding/location", { postcode: GREAT_WENDLE }],
      ["/speeding/details", { description: "Speeding by the market." }],
    ]);
    const contact = plain((await session.get("/speeding/contact")).body);
    expect(contact).toContain("Your report will go to Great Wendle Town Council.");
    expect(contact).toContain("the town council only sees them if you agree");
  });

  it("is the road safety partnership when the rules send it there, as the enforcement hint says", async () => {
    const session = await new FormSession(base).begin("/speeding", "/speeding/questions/danger");
    await session.walk([
      ["/speeding/questions/danger", { danger: "no" }],
      ["/speeding/questions/road-type", { "road-type": "residential" }],
    ]);
    const outcome = plain((await session.get("/speeding/questions/outcome")).body);
    expect(outcome).toContain(
      "We will pass your report to the road safety partnership, which works with the police on enforcement and speed cameras.",
    );
    expect(outcome).toContain("call 101");
    expect(outcome).not.toContain("highways team");
    expect(outcome).not.toContain("pass your report to the district council");
    await session.walk([
      ["/speeding/questions/outcome", { outcome: "enforcement" }],
      ["/speeding/location", { postcode: LITTLE_WENDLE }],
      ["/speeding/details", { description: "Cars race past the green." }],
    ]);
    // The partnership is not the council: it sees the resident's details only if they agree.
    const contact = plain((await session.get("/speeding/contact")).body);
    expect(contact).toContain("Share my contact details with Exampleshire Safer Roads Partnership");
  });
});

describe("The privacy notice and accessibility statement", () => {
  it("give the demo council's contacts, status and dates from config", async () => {
    const session = new FormSession(base);
    const privacy = plain((await session.get("/privacy")).body);
    expect(privacy).toContain("email customer.services@exampleshire-vale.example.org");
    expect(privacy).toContain("call 01632 960000");
    expect(privacy).toContain("data.protection@exampleshire-vale.example.org");
    const statement = plain((await session.get("/accessibility")).body);
    // No known WCAG failure: fully compliant, and the audit still to come said as an improvement.
    expect(statement).toContain(
      "This website is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard.",
    );
    expect(statement).toContain("What we’re doing to improve accessibility");
    expect(statement).toContain("It has not yet been audited by an accessibility specialist");
    expect(statement).not.toContain("Non-compliance with the accessibility regulations");
    expect(statement).toContain(
      "This statement was prepared on 23 November 2026. It was last reviewed on 3 December 2026.",
    );
    expect(statement).not.toContain("Every change is checked");
  });
});
