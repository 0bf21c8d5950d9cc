import type { Browser, BrowserContextOptions } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  demoPlaces,
  expectAccessible,
  FormSession,
  openPageAt,
  press,
  where,
  useStackAndBrowser,
} from "../helpers/browser.js";

// The contact page's "Email me when there is progress" in Chromium, with JavaScript on and off:
// ticked without an email address, a GOV.UK error summary and the inline error on the email field
// (axe clean); with one, Check your answers says so and its Change link comes back to the page.

const { parish } = demoPlaces();
const CONSENT = "Email me when there is progress on my report";
const NEEDS_ADDRESS = "Enter your email address to get progress emails";

let browser: Browser;
let origin: string;
useStackAndBrowser({}, (env) => {
  ({ browser, origin } = env);
});

async function atContact(options: BrowserContextOptions = {}) {
  const session = await new FormSession(origin).begin("/speeding", "/speeding/questions/danger");
  await session.walk([
    ["/speeding/questions/danger", { danger: "no" }],
    ["/speeding/questions/road-type", { "road-type": "residential" }],
    ["/speeding/questions/outcome", { outcome: "speedwatch" }],
    ["/speeding/location", { postcode: parish.postcode }],
    ["/speeding/details", { description: "Cars speed past the school." }],
  ]);
  const opened = await openPageAt(browser, session, "/speeding/contact", options);
  expect(where(opened.page)).toBe("/speeding/contact");
  return opened;
}

describe.each([
  ["with JavaScript", {}],
  ["without JavaScript", { javaScriptEnabled: false }],
])("progress emails on the contact page, %s", (_, options: BrowserContextOptions) => {
  it("asks for an email address when ticked without one, then carries the choice to Check your answers", async () => {
    const { page, close } = await atContact(options);
    const consent = page.getByLabel(CONSENT);
    expect(await consent.isChecked()).toBe(false);
    await expect(page.getByText("never marketing").count()).resolves.toBe(1);
    await expectAccessible(page, "the contact page");

    await consent.check();
    expect(await press(page, "Continue")).toBe(400);
    expect(await page.title()).toMatch(/^Error: Your contact details \(optional\)/);
    const summary = page.locator(".govuk-error-summary");
    expect((await summary.locator("a").allTextContents()).map((t) => t.trim())).toEqual([NEEDS_ADDRESS]);
    expect(await summary.locator("a").getAttribute("href")).toBe("#email");
    expect((await page.locator("#email-error").textContent())?.replace(/\s+/g, " ").trim()).toBe(
      `Error: ${NEEDS_ADDRESS}`,
    );
    // The choice is kept, so the resident only adds the address.
    expect(await page.getByLabel(CONSENT).isChecked()).toBe(true);
    await expectAccessible(page, "the contact page asking for an email address");

    await page.getByLabel("Email address").fill("sam@example.com");
    expect(await press(page, "Continue")).toBe(200);
    expect(where(page)).toBe("/speeding/check-answers");
    const row = page.locator(".govuk-summary-list__row", { hasText: "Progress emails" });
    expect((await row.locator(".govuk-summary-list__value").textContent())?.trim()).toBe(
      "Yes, email me when there is progress",
    );
    await expectAccessible(page, "check your answers with progress emails");

    // Change: back to the contact page with the box ticked; unticked, the row says no.
    await Promise.all([
      page.waitForURL(/\/speeding\/contact\?change=1$/),
      row.getByRole("link", { name: /Change/ }).click(),
    ]);
    expect(await page.getByLabel(CONSENT).isChecked()).toBe(true);
    await page.getByLabel(CONSENT).uncheck();
    expect(await press(page, "Continue")).toBe(200);
    expect(
      (
        await page
          .locator(".govuk-summary-list__row", { hasText: "Progress emails" })
          .locator(".govuk-summary-list__value")
          .textContent()
      )?.trim(),
    ).toBe("No");
    await close();
  });
});
