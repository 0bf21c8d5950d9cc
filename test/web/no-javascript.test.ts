import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import {
  choose,
  demoPlaces,
  expectAccessible,
  openPage,
  press,
  where,
  useStackAndBrowser,
} from "../helpers/browser.js";
import { queueDrained } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";
import { journey } from "../helpers/steps.js";

// The whole journey with JavaScript turned off: every page is plain HTML forms, and JavaScript
// only ever enhances.

const COUNCIL = "Exampleshire Vale District Council";
const { parish } = demoPlaces();

let stack: LocalStack;
let browser: Browser;
let origin: string;
useStackAndBrowser({ queue: { visibilityTimeoutMs: 200 } }, (env) => {
  ({ stack, browser, origin } = env);
});

describe("the form without JavaScript", () => {
  journey("takes a report from start to the clerk's inbox", (step) => {
    let opened: Awaited<ReturnType<typeof openPage>>;
    let page: Page;
    let reference = "";
    beforeAll(async () => {
      opened = await openPage(browser, origin, {
        javaScriptEnabled: false,
        // Even with permission, no script means no "use my current location".
        geolocation: { latitude: parish.lat, longitude: parish.lng },
        permissions: ["geolocation"],
      });
      page = opened.page;
    });
    afterAll(() => opened?.close());

    step("answers the questions and offers no current location", async () => {
      await page.goto(`${origin}/speeding`);
      expect(await page.locator("body").getAttribute("class")).not.toContain("js-enabled");
      await press(page, "Start now");
      await choose(page, "No");
      await choose(page, "A main road between towns or villages");
      await choose(page, "Ask for a speed indicator sign");

      expect(where(page)).toBe("/speeding/location");
      expect(await page.getByRole("button", { name: "Use my current location" }).isVisible()).toBe(false);
      await expectAccessible(page, "the location page without JavaScript");
      await page.getByLabel("Postcode").fill(parish.postcode);
      await press(page, "Continue");
    });

    step("shows an error state as plain HTML, keeping what was typed", async () => {
      // An error state works as plain HTML: summary with links, inline message, values kept.
      expect(where(page)).toBe("/speeding/details");
      await page.getByLabel("Which road is it? (optional)").fill("Station Road");
      expect(await press(page, "Continue")).toBe(400);
      expect(await page.title()).toBe(`Error: Describe the speeding – Report speeding traffic – ${COUNCIL}`);
      expect(await page.locator(".govuk-error-summary__list a").getAttribute("href")).toBe("#description");
      expect((await page.locator("#description-error").innerText()).replace(/\s+/g, " ")).toBe(
        "Error: Enter a description of the speeding",
      );
      expect(await page.getByLabel("Which road is it? (optional)").inputValue()).toBe("Station Road");
      await expectAccessible(page, "the details error state without JavaScript");
    });

    step("takes the description and an email, and sends the report", async () => {
      await page.getByLabel("Describe the speeding").fill("Speeding past the bus stop.");
      await press(page, "Continue");
      expect(where(page)).toBe("/speeding/contact");
      await expectAccessible(page, "the contact page without JavaScript");
      await page.getByLabel("Email address").fill("nojs@example.com");
      await press(page, "Continue");

      expect(where(page)).toBe("/speeding/check-answers");
      await expectAccessible(page, "check answers without JavaScript");
      await press(page, "Send report");
      expect(where(page)).toBe("/speeding/confirmation");
      await expectAccessible(page, "the confirmation without JavaScript");
      reference = (await page.locator(".govuk-panel strong").innerText()).trim();
      expect(reference).toMatch(/^SPD-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(await page.locator("main").innerText()).toContain(
        "We have sent you an email with your reference.",
      );
    });

    step("emails the clerk without the resident's address, and a receipt to the resident", async () => {
      await queueDrained(stack);
      const emails = await emailsAbout(stack.urls.ses, reference);
      expect(emails.map((e) => e.destination.to).sort()).toEqual([[parish.clerkEmail], ["nojs@example.com"]]);
      const toClerk = emails.find((e) => e.destination.to.includes(parish.clerkEmail));
      expect(toClerk?.body.text).toContain("Speeding past the bus stop.");
      expect(toClerk?.body.text).toContain("Station Road");
      // Consent was not given, so the parish does not see the resident's address.
      expect(toClerk?.body.text).not.toContain("nojs@example.com");
    });

    step("fetched nothing from elsewhere, and no script", async () => {
      expect(opened.traffic.foreign).toEqual([]);
      // No script ran, so none was fetched.
      expect(opened.traffic.loaded.filter((p) => /\.m?js$/.test(p))).toEqual([]);
    });
  });
});
