import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import {
  choose,
  demoPlaces,
  expectAccessible,
  follow,
  FormSession,
  openPageAt,
  press,
  where,
  useStackAndBrowser,
} from "../helpers/browser.js";
import { queueDrained } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";

// "Change" links on check your answers: each goes to its page and back to check answers, and a
// changed answer changes where the report goes.

const COUNCIL = "Exampleshire Vale District Council";
/** Enforcement goes to the road safety partnership (issue 20), here as in the rest of the county. */
const PARTNERSHIP = "Exampleshire Safer Roads Partnership";
const { parish, otherParish } = demoPlaces();

let stack: LocalStack;
let browser: Browser;
let origin: string;
useStackAndBrowser({ queue: { visibilityTimeoutMs: 200 } }, (env) => {
  ({ stack, browser, origin } = env);
});

const destination = (page: Page) => page.getByText("We will send your report to").innerText();
const backHref = (page: Page) => page.locator(".govuk-back-link").getAttribute("href");
const value = async (page: Page, key: string) => {
  const row = page.locator(".govuk-summary-list__row").filter({
    // The whole key: "Email" is also in "Progress emails".
    has: page.locator(".govuk-summary-list__key").getByText(key, { exact: true }),
  });
  return (await row.locator(".govuk-summary-list__value").innerText()).trim();
};

/** A browser page at check your answers; the journey itself was walked over HTTP (and in a browser elsewhere). */
async function atCheckAnswers() {
  const session = await new FormSession(origin).begin("/speeding", "/speeding/questions/danger");
  await session.walk([
    ["/speeding/questions/danger", { danger: "no" }],
    ["/speeding/questions/road-type", { "road-type": "residential" }],
    ["/speeding/questions/outcome", { outcome: "speedwatch" }],
    ["/speeding/location", { postcode: parish.postcode }],
    ["/speeding/details", { description: "Cars speed past the school.", roadName: "Mill Lane" }],
    ["/speeding/contact", { name: "Sam Resident", email: "sam@example.com", shareWithParish: "yes" }],
  ]);
  const opened = await openPageAt(browser, session, "/speeding/check-answers");
  expect(where(opened.page)).toBe("/speeding/check-answers");
  return opened;
}

describe("changing answers from check your answers", () => {
  it("links every row to its page with ?change=1", async () => {
    const { page, close } = await atCheckAnswers();
    const links = page.locator(".govuk-summary-list__actions a");
    expect(
      await links.allTextContents().then((all) => all.map((t) => t.replace(/\s+/g, " ").trim())),
    ).toEqual([
      "Change is anyone in immediate danger",
      "Change what kind of road is it",
      "Change what would you like to happen",
      "Change location",
      "Change description",
      "Change when it happens",
      "Change where it is",
      "Change name",
      "Change email",
      "Change telephone",
      "Change whether to email you when there is progress",
      "Change whether to share your details",
    ]);
    const hrefs = await links.evaluateAll((all) => all.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual([
      "/speeding/questions/danger?change=1",
      "/speeding/questions/road-type?change=1",
      "/speeding/questions/outcome?change=1",
      "/speeding/location?change=1",
      "/speeding/details?change=1",
      "/speeding/details?change=1",
      "/speeding/details?change=1",
      "/speeding/contact?change=1",
      "/speeding/contact?change=1",
      "/speeding/contact?change=1",
      "/speeding/contact?change=1",
      "/speeding/contact?change=1",
    ]);
    await close();
  });

  it("returns to check answers after each change, and re-routes when the outcome changes", async () => {
    const { page, close } = await atCheckAnswers();
    expect(await destination(page)).toBe(`We will send your report to ${parish.parishName} Parish Council.`);

    // Outcome: Speedwatch (parish) → enforcement (district).
    await follow(page, "Change what would you like to happen");
    expect(where(page)).toBe("/speeding/questions/outcome?change=1");
    expect(await backHref(page)).toBe("/speeding/check-answers");
    expect(
      await page.getByLabel("Join or start a Community Speedwatch group", { exact: true }).isChecked(),
    ).toBe(true);
    await expectAccessible(page, "a question reached from a Change link");
    await choose(page, "Ask for police enforcement or speed cameras");
    expect(where(page)).toBe("/speeding/check-answers");
    expect(await value(page, "What would you like to happen?")).toBe(
      "Ask for police enforcement or speed cameras",
    );
    expect(await destination(page)).toBe(`We will send your report to ${PARTNERSHIP}.`);
    // The parish consent row goes with the parish.
    expect(
      await page.locator(".govuk-summary-list__key", { hasText: "Share with the parish council" }).count(),
    ).toBe(0);
    await expectAccessible(page, "check answers after a change");

    // Back from a Change page leaves the answer as it was.
    await follow(page, "Change is anyone in immediate danger");
    await follow(page, "Back");
    expect(where(page)).toBe("/speeding/check-answers");
    expect(await value(page, "Is anyone in immediate danger?")).toBe("No");

    // Location: keeps the postcode in the field; a new one comes back here.
    await follow(page, "Change location");
    expect(where(page)).toBe("/speeding/location?change=1");
    expect(await backHref(page)).toBe("/speeding/check-answers");
    expect(await page.getByLabel("Postcode").inputValue()).toBe(parish.postcode);
    await page.getByLabel("Postcode").fill(otherParish.postcode);
    await press(page, "Continue");
    expect(where(page)).toBe("/speeding/check-answers");
    expect(await value(page, "Location")).toBe(otherParish.postcode);

    // Details.
    await follow(page, "Change where it is");
    expect(where(page)).toBe("/speeding/details?change=1");
    expect(await backHref(page)).toBe("/speeding/check-answers");
    expect(await page.getByLabel("Describe the speeding").inputValue()).toBe("Cars speed past the school.");
    await page.getByLabel("Which road is it? (optional)").fill("Church Street");
    await press(page, "Continue");
    expect(where(page)).toBe("/speeding/check-answers");
    expect(await value(page, "Which road is it?")).toBe("Church Street");

    // Contact.
    await follow(page, "Change email");
    expect(where(page)).toBe("/speeding/contact?change=1");
    expect(await backHref(page)).toBe("/speeding/check-answers");
    expect(await page.getByLabel("Full name").inputValue()).toBe("Sam Resident");
    await page.getByLabel("Email address").fill("sam.resident@example.com");
    await press(page, "Continue");
    expect(where(page)).toBe("/speeding/check-answers");
    expect(await value(page, "Email")).toBe("sam.resident@example.com");

    // Outcome back to a parish one: now the new location's parish.
    await follow(page, "Change what would you like to happen");
    await choose(page, "Ask for a speed indicator sign");
    expect(where(page)).toBe("/speeding/check-answers");
    expect(await destination(page)).toBe(
      `We will send your report to ${otherParish.parishName} Parish Council.`,
    );

    await press(page, "Send report");
    expect(where(page)).toBe("/speeding/confirmation");
    const reference = (await page.locator(".govuk-panel strong").innerText()).trim();
    await queueDrained(stack);
    const toClerk = (await emailsAbout(stack.urls.ses, reference)).filter((e) =>
      e.destination.to.includes(otherParish.clerkEmail),
    );
    expect(toClerk).toHaveLength(1);
    expect(toClerk[0]?.body.text).toContain("Church Street");
    expect(toClerk[0]?.body.text).toContain("Ask for a speed indicator sign");
    await close();
  });

  it("sends an enforcement request from a parish to the road safety partnership", async () => {
    const { page, close } = await atCheckAnswers();
    await follow(page, "Change what would you like to happen");
    await choose(page, "Ask for police enforcement or speed cameras");
    await press(page, "Send report");
    const reference = (await page.locator(".govuk-panel strong").innerText()).trim();
    expect(await page.locator("main").innerText()).toContain(
      `We are sending your report to ${PARTNERSHIP}, or to ${COUNCIL} if the road safety partnership cannot be reached.`,
    );
    await queueDrained(stack);
    const recipients = (await emailsAbout(stack.urls.ses, reference)).map((e) => e.destination.to);
    expect(recipients.sort()).toEqual([
      ["enforcement@saferroads.exampleshire.example.org"],
      ["sam@example.com"],
    ]);
    await close();
  });

  it("lets a resident who answered 'yes, someone is in danger' by mistake go back and change it", async () => {
    const { page, close } = await atCheckAnswers();
    await follow(page, "Change is anyone in immediate danger");
    await choose(page, "Yes");
    expect(where(page)).toBe("/speeding/signposted/immediate-danger");
    await follow(page, "Back");
    expect(where(page)).toBe("/speeding/questions/danger");
    await choose(page, "No");
    // Every other answer was kept, so the journey is complete again.
    expect(where(page)).toBe("/speeding/check-answers");
    expect(await value(page, "Location")).toBe(parish.postcode);
    await close();
  });
});
