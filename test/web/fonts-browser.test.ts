import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import { expectAccessible, openPage, type Traffic, useStackAndBrowser } from "../helpers/browser.js";

// GDS Transport is licensed for GOV.UK services only: in a real Chromium, the form's and the case
// log's text is set in Arial (whatever the system draws Arial with), no web font is declared or
// downloaded, and the pages still pass axe.

let browser: Browser;
let origin: string;
useStackAndBrowser({}, (env) => {
  ({ browser, origin } = env);
});

/** The computed font-family of the first element matching each selector. */
async function fontFamilies(page: Page, selectors: string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(
    selectors.map(async (selector) => {
      // A string, as the other browser tests do: the project compiles without the DOM types.
      const family = await page.evaluate<string>(
        `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).fontFamily`,
      );
      return [selector, family] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * The fonts Chromium actually drew an element's text with (DevTools' "Rendered fonts"), and
 * whether each came from a web font rather than the system.
 */
async function renderedFonts(page: Page, selector: string) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument");
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    return fonts;
  } finally {
    await cdp.detach();
  }
}

async function expectArial(page: Page, traffic: Traffic, selectors: string[]) {
  const families = await fontFamilies(page, selectors);
  for (const [selector, family] of Object.entries(families)) expect(family, selector).toMatch(/^arial\b/i);
  for (const selector of selectors) {
    const fonts = await renderedFonts(page, selector);
    expect(fonts.length, selector).toBeGreaterThan(0);
    expect(fonts.filter((font) => font.isCustomFont || /GDS Transport/i.test(font.familyName))).toEqual([]);
  }
  // No @font-face at all, so nothing for the browser to fetch.
  await expect(page.evaluate<number>("document.fonts.size")).resolves.toBe(0);
  expect(traffic.loaded).toContain("/assets/signpost.css");
  expect(traffic.loaded.filter((path) => /\/fonts\/|\.woff2?$/.test(path))).toEqual([]);
  expect(traffic.failedAssets).toEqual([]);
  expect(traffic.foreign).toEqual([]);
}

describe("fonts in Chromium: Arial, never GDS Transport", () => {
  it("sets a form page's heading, body text and button in Arial", async () => {
    const { page, traffic, close } = await openPage(browser, origin);
    try {
      await page.goto(`${origin}/speeding`);
      await expectArial(page, traffic, ["main h1", "main p.govuk-body", ".govuk-button"]);
      await expectAccessible(page, "the speeding start page");
    } finally {
      await close();
    }
  });

  it("sets the case log's sign-in page and case list in Arial", async () => {
    const { page, traffic, close } = await openPage(browser, origin);
    try {
      await page.goto(`${origin}/staff/sign-in`);
      await expectArial(page, traffic, ["main h1", ".govuk-label", ".govuk-button"]);
      await expectAccessible(page, "the case log's sign-in page");

      const staff = DEMO_STAFF_USERS[0];
      await page.getByLabel("Email address").fill(staff?.email ?? "");
      await page.getByLabel("Password").fill(staff?.password ?? "");
      await Promise.all([
        page.waitForURL(/\/staff\/cases$/),
        page.getByRole("button", { name: "Sign in" }).click(),
      ]);
      await expectArial(page, traffic, ["main h1", ".govuk-service-navigation__link"]);
      await expectAccessible(page, "the case list");
    } finally {
      await close();
    }
  });
});
